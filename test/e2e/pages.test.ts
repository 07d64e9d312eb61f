/**
 * Every page of the portal, as citizens and officers meet it: a keyboard-only pass of the birth form, then a tour
 * of each page checked by axe-core (no serious or critical WCAG 2.2 A/AA violation), switched to English and back,
 * and laid out on a 360 px phone screen without sideways scrolling.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbEndpoint, portalUrl } from './support/accounts.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { demoPin, todayInVietnam, typeDate } from './support/portal-steps.ts';

let browser: Browser;
let citizen: BrowserContext;
let officer: BrowserContext;
let dossierId = '';

beforeAll(async () => {
  browser = await launchChromium();
  citizen = await newContext(browser);
  officer = await newContext(browser);
  await signIn(await citizen.newPage(), {
    portalUrl: portalUrl(),
    dynamoDbEndpoint: dynamoDbEndpoint(),
    pin: demoPin('citizen-level-2'),
  });
  await signIn(await officer.newPage(), {
    portalUrl: portalUrl(),
    dynamoDbEndpoint: dynamoDbEndpoint(),
    pin: demoPin('supervisor:civil-status', '01'),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a page and waits until its content (not the loading line) is there. */
const open = async (context: BrowserContext, path: string): Promise<Page> => {
  const page = context.pages()[0] ?? (await context.newPage());
  if (new URL(page.url()).pathname.startsWith('/portal/')) {
    // Within the app, navigate as its links do (tokens live in memory: a reload would sign in again).
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  } else {
    await page.goto(`${portalUrl()}${path}`);
  }
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
  await page.locator('main h1').waitFor();
  await expect.poll(() => page.locator('main [role="status"].loading').count(), { timeout: 15_000 }).toBe(0);
  return page;
};

/** Presses Tab until the button with this text has the focus (at most 40 times). */
const tabTo = async (page: Page, text: string) => {
  for (let i = 0; i < 40; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${text}"`);
};

describe('the birth form with the keyboard only', () => {
  it('is filled, reviewed and submitted without a mouse', { timeout: 120_000 }, async () => {
    const page = await open(citizen, '/portal/services/birth');
    const focused = () =>
      page.evaluate(
        () => (document.activeElement as HTMLElement | null)?.getAttribute('name') ?? document.activeElement?.tagName,
      );
    // Tab from the step heading to the child's name.
    while ((await focused()) !== 'child.fullName') await page.keyboard.press('Tab');
    await page.keyboard.type(`Hồ Bàn ${['Phím', 'Khải', 'Lâm', 'Nhi', 'Quân'][Date.now() % 5]}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // the first sex option
    await page.keyboard.press('Tab');
    await typeDate(page, 'child.birthDate', todayInVietnam());
    await page.keyboard.press('Enter'); // submits the step
    await page.getByRole('heading', { name: /Bước 2\/4/ }).waitFor();
    await tabTo(page, 'Tiếp tục');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Bước 3\/4/ }).waitFor();
    while ((await focused()) !== 'birthCertificate.number') await page.keyboard.press('Tab');
    await page.keyboard.type(`GCS-KB-${Date.now()}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type('01001');
    await page.keyboard.press('Tab');
    await typeDate(page, 'birthCertificate.issuedOn', todayInVietnam());
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Bước 4\/4/ }).waitFor();
    await tabTo(page, 'Nộp hồ sơ');
    await page.keyboard.press('Enter');
    const text = await page.getByTestId('dossier-id').textContent();
    dossierId = /HS\d{2}-\d{8}-[A-Z2-9]{10}/.exec(text ?? '')?.[0] ?? '';
    expect(dossierId).not.toBe('');
  });
});

const CITIZEN_PAGES = [
  '/portal/',
  '/portal/services',
  '/portal/services/birth',
  '/portal/services/death',
  '/portal/services/old-id',
  // The generic form of the single-agency services: an address, PIN lists, household members, numbers.
  '/portal/services/temporary-residence-registration',
  '/portal/services/permanent-residence-registration',
  '/portal/services/low-voltage-power-connection',
  '/portal/services/residence-confirmation',
  '/portal/dossiers',
  'DOSSIER',
  '/portal/access-log',
  '/portal/consents',
  '/portal/account/sessions',
  '/portal/verify',
  '/portal/statistics',
  '/portal/api',
];
const OFFICER_PAGES = ['/portal/officer', '/portal/officer/overview', '/portal/statistics'];

describe('every page', () => {
  const tour = (who: 'citizen' | 'officer', paths: readonly string[]) =>
    it(`${who}: axe finds nothing serious, English is one click away, a 360 px screen needs no sideways scroll`, {
      timeout: 300_000,
    }, async () => {
      const context = who === 'citizen' ? citizen : officer;
      const problems: string[] = [];
      for (const entry of paths) {
        const path = entry === 'DOSSIER' ? `/portal/dossiers/${dossierId}` : entry;
        const page = await open(context, path);
        await page.setViewportSize({ width: 1280, height: 900 });
        problems.push(...(await seriousViolations(page)).map((v) => `${path} (vi): ${v}`));

        const headingVi = await page.locator('main h1').textContent();
        await page.getByRole('button', { name: 'English' }).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
        await expect.poll(() => page.locator('main h1').textContent()).not.toBe(headingVi);
        expect(await page.locator('header').textContent()).toContain('Public Services Portal');
        await page.getByRole('button', { name: 'Tiếng Việt' }).click();
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('vi');

        await page.setViewportSize({ width: 360, height: 740 });
        await page.waitForTimeout(300); // charts resize on the next animation frames
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        if (overflow > 1) problems.push(`${path}: ${overflow} px wider than a 360 px screen`);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      expect(problems).toEqual([]);
    });
  tour('citizen', CITIZEN_PAGES);
  tour('officer', OFFICER_PAGES);
});
