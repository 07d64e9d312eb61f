/**
 * What the server refuses shows where the citizen can fix it, and nothing is filed twice: a 400 and a 422 land on
 * the field they name, a 409 above the form; a double click, and an answer lost on the way back (the browser
 * retries with the same Idempotency-Key), each leave exactly one dossier.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/domain/dates.ts';
import { birthFamilies, seededPopulation } from '../support/dossiers.ts';
import { dynamoDbEndpoint, level2AccountFor, portalUrl } from './support/accounts.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { demoPin, fillBirthForm, todayInVietnam } from './support/portal-steps.ts';

// A family of province 37 from the end of the list (the integration tests take theirs from the start).
const family = birthFamilies(seededPopulation(3000), '37').at(-1);

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!family) throw new Error('No birth family in the seeded population of province 37');
  await level2AccountFor(family.applicant.pin, demoPin('officer:police', '37'));
  browser = await launchChromium();
  context = await newContext(browser);
  page = await context.newPage();
  await signIn(page, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin: family.applicant.pin });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const names = ['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Khoa', 'Linh', 'Minh', 'Ngọc', 'Phúc'];
let n = 0;
const childName = () =>
  `${family?.applicant.fullName.split(' ')[0] ?? 'Lê'} Thị ${names[(Date.now() + n++) % names.length]}`;

const startBirthForm = async () => {
  // A new draft (and so a new Idempotency-Key); the tab stays signed in.
  await page.evaluate(() => {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('p06.draft.')) sessionStorage.removeItem(key);
  });
  await page.goto(`${portalUrl()}/portal/services/birth`);
  await page.getByRole('heading', { name: /Bước 1\/4/ }).waitFor();
};

/** The applicant's dossiers, read as the portal reads them. */
const myDossierCount = async () => {
  await page.goto(`${portalUrl()}/portal/dossiers`);
  await page.getByRole('heading', { name: 'Hồ sơ của tôi' }).waitFor();
  // The list is there once its table or its empty-list line is (the sign-in check renders neither, nor a spinner).
  await page.locator('main table').or(page.getByText('Bạn chưa có hồ sơ nào.')).first().waitFor();
  return page.locator('main tbody tr').count();
};

describe('bad input in the birth form', () => {
  it('shows a 400 from the server on the field it names (a birth date after today) and files nothing', {
    timeout: 120_000,
  }, async () => {
    const before = await myDossierCount();
    await startBirthForm();
    await fillBirthForm(page, {
      childName: childName(),
      birthDate: addDays(todayInVietnam(), 3),
      certificate: `GCS-400-${Date.now()}`,
    });
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    // Back on the first step, the message under the date field.
    await page.getByRole('heading', { name: /Bước 1\/4/ }).waitFor();
    // The API's "must not be after today", in the page's language.
    expect(await page.locator('[data-field="child.birthDate"]').textContent()).toContain('không được sau ngày hôm nay');
    expect(await page.locator('[name="child.birthDate"]').getAttribute('aria-invalid')).toBe('true');
    // The messages follow a change of language made after they appeared: the server's, then the form's own.
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => page.locator('[data-field="child.birthDate"]').textContent())
      .toContain('must not be after today');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByLabel('Họ, chữ đệm và tên của trẻ').fill('');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect
      .poll(() => page.locator('[data-field="child.fullName"]').textContent())
      .toContain('Vui lòng điền thông tin vào ô này.');
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => page.locator('[data-field="child.fullName"]').textContent())
      .toContain('Please fill in this field.');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await myDossierCount()).toBe(before);
  });

  it('shows a 422 on the other parent when the NPDB has no such person', { timeout: 120_000 }, async () => {
    const before = await myDossierCount();
    await startBirthForm();
    await page.getByLabel('Họ, chữ đệm và tên của trẻ').fill(childName());
    await page.getByLabel('Nam', { exact: true }).check();
    await page.getByLabel('Ngày sinh').fill(todayInVietnam());
    // The browser shows the date's parts in its own language's order (mm/dd/yyyy in an English browser): the hint
    // names the month of the date entered, so it cannot be read the wrong way round.
    const [year, month, day] = todayInVietnam().split('-').map(Number);
    await expect
      .poll(() => page.locator('#f-child-birthDate-hint').textContent())
      .toBe(`Ngày đã nhập: ${day} tháng ${month}, ${year}`);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    const other = family?.applicant.sex === 'female' ? 'fatherPin' : 'motherPin';
    await page.locator(`select[name="${other}"]`).selectOption('__other');
    await page.locator(`input[name="${other}"]`).fill('001300999999');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByLabel('Số giấy chứng sinh').fill(`GCS-422-${Date.now()}`);
    await page.getByLabel('Mã cơ sở y tế (5 số)').fill('37001');
    await page.getByLabel('Ngày cấp').fill(todayInVietnam());
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.getByRole('heading', { name: /Bước 2\/4/ }).waitFor();
    // "The other parent must be your spouse or a member of your household…" (a PIN issued to nobody gets the same
    // answer as anyone else's), in the page's language.
    expect(await page.locator(`[data-field="${other}"]`).textContent()).toMatch(
      /người cha hoặc mẹ còn lại phải là vợ\/chồng của bạn/,
    );
    expect(await myDossierCount()).toBe(before);
  });

  it('files one dossier for a double click and one for an answer lost on the way back; a second filing is a 409', {
    timeout: 180_000,
  }, async () => {
    const before = await myDossierCount();
    const child = { childName: childName(), birthDate: todayInVietnam(), certificate: `GCS-DUP-${Date.now()}` };
    await startBirthForm();
    await fillBirthForm(page, child);
    // The first answer is lost after the server wrote the dossier: the browser sees a network error and retries.
    let dropped = false;
    await page.route('**/v1/dossiers', async (route) => {
      if (dropped || route.request().method() !== 'POST') return route.continue();
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).dblclick();
    await page.getByTestId('dossier-id').waitFor();
    expect(dropped).toBe(true);
    expect(await page.locator('main').textContent()).toContain('đã được nộp trước đó');
    await page.unroute('**/v1/dossiers');
    expect(await myDossierCount()).toBe(before + 1);

    // The same birth again in a new draft (a new key): the server refuses it, above the form.
    await startBirthForm();
    await fillBirthForm(page, child);
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await page.getByText('Yêu cầu trùng hoặc xung đột với một hồ sơ đã có.').waitFor();
    expect(await myDossierCount()).toBe(before + 1);
  });
});
