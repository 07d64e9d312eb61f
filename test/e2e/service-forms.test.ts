/**
 * The single-agency services from the portal's generic form: a temporary residence (service 4) started from the
 * Services page, reviewed, submitted with a double click (one dossier), paid at the (simulated) gateway and found in
 * My dossiers; the residence confirmation issued with one button and verified by its link; and bad input (a
 * temporary absence, service 5) refused on its field, in the browser and by the API, with no dossier filed, then
 * corrected and filed with the keyboard alone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickDemoCitizens } from '../../infra/local/identity-seed.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
import { addDays, ageInYears } from '../../shared/domain/dates.ts';
import { deathCases, seededPopulation } from '../support/dossiers.ts';
import { dynamoDbEndpoint, level2AccountFor, portalUrl } from './support/accounts.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { demoPin, submittedDossierId, todayInVietnam, typeDate } from './support/portal-steps.ts';

const PROVINCE = '01';
const population = seededPopulation(3000);
/** People other browser tests use (demo accounts, the first 30, the deceased of the death tests) are left alone. */
const reserved = new Set([
  ...pickDemoCitizens(population.length).map((p) => p.citizen.pin),
  ...population.slice(0, 30).map((c) => c.pin),
  ...deathCases(population, PROVINCE).map((c) => c.deceased.pin),
]);
/** Living adults of province 01 who head no household, from the end of the list (other tests start at the front). */
const adults = population
  .filter(
    (c) =>
      c.status === 'alive' &&
      c.permanentResidence.provinceCode === PROVINCE &&
      c.relationToHead !== 'head' &&
      ageInYears(c.birthDate, todayInVietnam()) >= 20 &&
      !reserved.has(c.pin),
  )
  .reverse();
const [tenant, confirmer, mistaken] = adults as [Citizen, Citizen, Citizen];
const owner = population.find(
  (c) =>
    c.status === 'alive' &&
    c.relationToHead === 'head' &&
    c.permanentResidence.provinceCode === PROVINCE &&
    c.householdId !== tenant.householdId &&
    !reserved.has(c.pin),
) as Citizen;
/** A commune of province 01 other than the tenant's own. */
const rentedIn = population.find(
  (c) =>
    c.permanentResidence.provinceCode === PROVINCE &&
    c.permanentResidence.communeCode !== tenant.permanentResidence.communeCode,
)?.permanentResidence.communeCode as string;

let browser: Browser;
/** The signed-in page of the residence-confirmation test, reused by the tour of the forms. */
let looker: Page | undefined;
beforeAll(async () => {
  for (const person of [tenant, confirmer, mistaken]) {
    await level2AccountFor(person.pin, demoPin('officer:police', PROVINCE));
  }
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const signedIn = async (pin: string): Promise<Page> => {
  const page = await (await newContext(browser)).newPage();
  await signIn(page, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin });
  return page;
};

/** Goes to a page as the portal's own links do (tokens live in memory: a reload would sign in again). */
const within = async (page: Page, path: string) => {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL((url) => url.pathname === path);
};

/** My dossiers shows exactly these dossiers (the previous page may linger while the route loads). */
const expectMyDossiers = async (page: Page, expected: readonly string[]) => {
  await within(page, '/portal/dossiers');
  const listed = async (): Promise<string[] | undefined> => {
    if ((await page.locator('main h1').textContent())?.trim() !== 'Hồ sơ của tôi') return undefined;
    if ((await page.getByText('Bạn chưa có hồ sơ nào.').count()) > 0) return [];
    const links = await page.locator('main tbody tr a[href^="/portal/dossiers/"]').allTextContents();
    return links.length > 0 ? links : undefined;
  };
  await expect.poll(listed, { timeout: 15_000 }).toEqual(expected);
};

const invalid = (page: Page, name: string) => page.locator(`[name="${name}"]`).getAttribute('aria-invalid');

describe('single-agency services in the browser', () => {
  it('files a temporary residence from the Services page, pays its fee and finds it in My dossiers', {
    timeout: 240_000,
  }, async () => {
    const page = await signedIn(tenant.pin);
    await within(page, '/portal/services');
    await page
      .locator('#service-4')
      .getByRole('link', { name: /Bắt đầu/ })
      .click();
    await page.waitForURL(/\/portal\/services\/temporary-residence-registration$/);
    await page.getByRole('heading', { name: /Bước 1\/2/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // The commune picker: the province first, then one of its communes.
    await page.getByLabel('Nơi đăng ký tạm trú: Tỉnh, thành phố').selectOption(PROVINCE);
    await page.getByLabel('Nơi đăng ký tạm trú: Xã, phường, đặc khu').selectOption(rentedIn);
    await page.getByLabel('Số nhà, đường, thôn, tổ').fill('Số 12 ngõ 4, tổ 3');
    await page.getByLabel('Tạm trú từ ngày').fill(todayInVietnam());
    await page.getByLabel('Đến ngày').fill(addDays(todayInVietnam(), 180));
    await page.getByLabel('Chỗ ở', { exact: true }).selectOption('rented');
    await page.getByLabel('Số định danh của chủ chỗ ở').fill(owner.pin);
    // The applicant is already the first person named.
    expect(await page.locator('[name="persons.0"]').inputValue()).toBe(tenant.pin);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: /Bước 2\/2/ }).waitFor();
    expect(await page.locator('main dl').textContent()).toContain('Số 12 ngõ 4, tổ 3');
    expect(await seriousViolations(page)).toEqual([]);

    // A double click files one dossier (the draft's Idempotency-Key, and the button sends once).
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).dblclick();
    const dossierId = await submittedDossierId(page);
    await page.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await expect.poll(() => page.getByTestId('dossier-status').getAttribute('data-status')).toBe('awaiting-payment');
    expect((await page.getByTestId('payment-total').textContent())?.replace(/\s+/g, ' ')).toContain('7.000 ₫');

    await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
    await page.waitForURL(/\/paymentv2\/vpcpay\.html\?/);
    expect(new URL(page.url()).searchParams.get('vnp_Amount')).toBe('700000'); // VND × 100
    await page.getByRole('button', { name: 'Thanh toán / Pay' }).click();
    await page.waitForURL(/\/v1\/payments\/vnpay\/return\?/);
    expect(await page.locator('body').getAttribute('data-outcome')).toBe('paid');
    await page.getByRole('link', { name: 'Xem hồ sơ / View the dossier' }).click();
    await page.waitForURL(new RegExp(`/portal/dossiers/${dossierId}$`));
    await expect
      .poll(() => page.getByTestId('dossier-status').getAttribute('data-status'), { timeout: 60_000 })
      .not.toBe('awaiting-payment');

    await expectMyDossiers(page, [dossierId]);
    await page.context().close();
  });

  it('issues a residence confirmation with one button and verifies it by its link', { timeout: 120_000 }, async () => {
    const page = await signedIn(confirmer.pin);
    await within(page, '/portal/services');
    await page.getByRole('link', { name: /Xác nhận thông tin cư trú/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Xác nhận thông tin cư trú' }).waitFor();
    await page.getByRole('button', { name: 'Lấy xác nhận cư trú' }).click();
    const issued = (await page.getByTestId('confirmation-number').textContent()) ?? '';
    const number = /XNCT-\d{8}-[A-HJ-NP-Z2-9]{10}/.exec(issued)?.[0];
    expect(number, issued).toBeTruthy();
    expect(await page.locator('main').textContent()).toContain(confirmer.fullName);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Trang xác minh' }).click();
    await page.waitForURL(/\/portal\/verify\?/);
    await expect.poll(() => page.getByTestId('verify-result').getAttribute('data-valid')).toBe('true');
    expect(await page.locator('main').textContent()).toContain(number as string);
    // The same citizen then looks at every other form (next test).
    looker = page;
  });

  it('draws a labelled, accessible form for every single-agency service in the catalogue', {
    timeout: 240_000,
  }, async () => {
    const page = looker as Page;
    const catalogue = await page.evaluate(async () => (await fetch('/v1/services')).json());
    const slugs = (catalogue as { services: { slug: string; start?: { kind: string } }[] }).services
      .filter((s) => s.start?.kind === 'dossier')
      .map((s) => s.slug);
    expect(slugs.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    for (const slug of slugs) {
      await within(page, `/portal/services/${slug}`);
      await page.getByRole('heading', { name: /Bước 1\/2/ }).waitFor();
      // Every input has a label (no field named by its path for want of one).
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll('main input, main select, main textarea')]
          .filter((el) => !(el as HTMLInputElement).labels?.length)
          .map((el) => el.getAttribute('name')),
      );
      if (unnamed.length) problems.push(`${slug}: no label for ${unnamed.join(', ')}`);
      if ((await page.locator('main label').allTextContents()).some((text) => /^\w+(\.\w+)+$/.test(text.trim()))) {
        problems.push(`${slug}: a label shows a field path`);
      }
      problems.push(...(await seriousViolations(page)).map((v) => `${slug}: ${v}`));
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows bad input on its field, in the browser and from the API, files nothing, then files it by keyboard', {
    timeout: 120_000,
  }, async () => {
    const page = await signedIn(mistaken.pin);
    await within(page, '/portal/services/temporary-absence-declaration');
    await page.getByRole('heading', { name: /Bước 1\/2/ }).waitFor();
    // Ends before it starts (only the API knows that rule) and a destination too short (the shared schema's).
    await page.getByLabel('Vắng mặt từ ngày').fill(addDays(todayInVietnam(), 10));
    await page.getByLabel('Đến ngày').fill(addDays(todayInVietnam(), 5));
    await page.getByLabel('Nơi đến').fill('Huế');
    await page.getByLabel('Lý do').fill('Đi làm ăn xa');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect.poll(() => invalid(page, 'destination')).toBe('true');
    const describedBy = (await page.locator('[name="destination"]').getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ').at(-1)}`).textContent()).toMatch(/\S/);
    expect(await seriousViolations(page)).toEqual([]);
    await expect.poll(() => page.getByRole('heading', { name: /Bước 1\/2/ }).count()).toBe(1);

    await page.getByLabel('Nơi đến').fill('Thành phố Huế, phường Thuận Hoá');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('heading', { name: /Bước 2\/2/ }).waitFor();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    // The API's 400 names body.form.until: the form goes back to the field and says so there, in Vietnamese ("must
    // not be before <from>").
    await page.getByRole('heading', { name: /Bước 1\/2/ }).waitFor();
    await expect.poll(() => invalid(page, 'until')).toBe('true');
    expect(await page.locator('[data-field="until"]').textContent()).toMatch(/không được trước ngày \d{4}-\d{2}-\d{2}/);

    await expectMyDossiers(page, []);

    // Back to the draft, corrected and filed with the keyboard alone.
    await within(page, '/portal/services/temporary-absence-declaration');
    await page.getByRole('heading', { name: /Bước 1\/2/ }).waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name'));
    for (let i = 0; i < 30 && (await focused()) !== 'until'; i++) await page.keyboard.press('Tab');
    await typeDate(page, 'until', addDays(todayInVietnam(), 40));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Bước 2\/2/ }).waitFor();
    for (let i = 0; i < 30; i++) {
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === 'Nộp hồ sơ') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    const dossierId = await submittedDossierId(page);
    await expectMyDossiers(page, [dossierId]);
    await page.context().close();
  });
});
