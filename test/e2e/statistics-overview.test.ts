/**
 * The policy maker's and the supervisor's pages in the browser: the dossier indicators on the statistics page (with
 * their CSV export) and the overview of open and overdue steps per commune, both reached from the menu, and both
 * showing what the API answers. A citizen without a role sees no indicators.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { vietnamMonth } from '../../shared/domain/clock.ts';
import { birthFamilies, birthRequest, DossierClient, seededPopulation, taskId } from '../support/dossiers.ts';
import { dynamoDbEndpoint, portalUrl } from './support/accounts.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { demoPin } from './support/portal-steps.ts';

const PROVINCE = '01';
const SUPERVISOR_ROLE = { agency: 'civil-status', role: 'supervisor', provinceCode: PROVINCE } as const;
const api = new DossierClient();
let browser: Browser;
let commune = '';

beforeAll(async () => {
  browser = await launchChromium();
  // A birth dossier waiting for the civil-status officers of its commune: the overview must count it.
  const family = birthFamilies(seededPopulation(inject('seededCitizens')), PROVINCE).at(-4);
  if (!family) throw new Error('No family in province 01');
  commune = family.applicant.permanentResidence.communeCode;
  const id = await api.submitAccepted(family.applicant.pin, birthRequest(family, { given: 'Thống Kê' }));
  const officer = await api.officerToken(demoPin('officer:civil-status', PROVINCE), {
    agency: 'civil-status',
    role: 'officer',
    provinceCode: PROVINCE,
    communeCode: commune,
  });
  await api.waitForTask(officer, taskId(id, 'RegisterBirth'), 60_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  api.destroy();
});

const signedIn = async (pin: string): Promise<Page> => {
  const page = await (await newContext(browser)).newPage();
  await signIn(page, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin });
  return page;
};

const menu = async (page: Page, name: string, path: string) => {
  await page.getByRole('navigation').getByRole('link', { name }).click();
  await page.waitForURL((url) => url.pathname === path);
};

const cells = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));

describe('the supervisor in the browser', () => {
  it('sees open and overdue steps per commune and agency, as the API counts them', { timeout: 180_000 }, async () => {
    const pin = demoPin('supervisor:civil-status', PROVINCE);
    const page = await signedIn(pin);
    await menu(page, 'Tổng quan xã/phường', '/portal/officer/overview');
    await page.getByTestId('overview-communes').waitFor();
    const answer = await api.call('/v1/officer/overview', await api.officerToken(pin, SUPERVISOR_ROLE));
    const expected = (answer.body.communes as { communeCode: string; open: number; overdue: number }[]).find(
      (c) => c.communeCode === commune,
    );
    expect(expected?.open).toBeGreaterThanOrEqual(1);
    const rows = await cells(page, '[data-testid="overview-communes"] tbody tr');
    const row = rows.find((r) => r[0]?.endsWith(`(${commune})`));
    expect(row?.slice(1)).toEqual([String(expected?.open), String(expected?.overdue)]);
    expect(await page.locator('main').textContent()).toContain('Tư pháp – hộ tịch');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Open and overdue steps');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();

    // The statistics page: this month's row for the province's births, and its CSV.
    await menu(page, 'Thống kê', '/portal/statistics');
    const table = page.getByTestId('kpis');
    await table.waitFor({ timeout: 30_000 });
    const month = vietnamMonth(new Date());
    const shownMonth = `${month.slice(5)}/${month.slice(0, 4)}`;
    const kpis = await cells(page, '[data-testid="kpis"] tbody tr');
    const births = kpis.find((r) => r[0] === shownMonth && r[1] === PROVINCE && r[2] === 'Liên thông khai sinh');
    expect(births, JSON.stringify(kpis)).toBeDefined();
    expect(Number(births?.[3]?.replace(/\./g, ''))).toBeGreaterThanOrEqual(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^p06-kpis-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'month,province,group,serviceCode,submitted,completed,completedOnTime,onTimePercent,rejected,failed,revoked,open',
    );
    expect(csv.some((line) => line.startsWith(`${month},${PROVINCE},birth-group,17,`))).toBe(true);
    await page.context().close();
  });
});

describe('a citizen in the browser', () => {
  it('sees the population statistics but not the dossier indicators', { timeout: 120_000 }, async () => {
    const page = await signedIn(demoPin('citizen-level-2'));
    await menu(page, 'Thống kê', '/portal/statistics');
    await page.getByText('Chỉ số hồ sơ dành cho cán bộ giám sát').waitFor();
    expect(await page.getByTestId('kpis').count()).toBe(0);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Tổng quan xã/phường' }).count()).toBe(0);
    await page.context().close();
  });
});
