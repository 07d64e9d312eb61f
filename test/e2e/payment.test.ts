/**
 * A family asks for two extra copies of the death extract with the death group: the dossier waits for its fee, the
 * citizen pays at the (simulated) gateway from the dossier page, comes back through the gateway's return page and
 * sees the e-receipt, and the dossier goes on to the agencies. A second press of the pay button starts no second
 * payment.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAgo, deathCases, seededPopulation } from '../support/dossiers.ts';
import { dynamoDbEndpoint, level2AccountFor, portalUrl } from './support/accounts.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { demoPin, fillDeathFormStart, submittedDossierId } from './support/portal-steps.ts';

/** The death-group browser test takes the last insured case of province 01; this one takes the last other case. */
const INSURED = ['DN', 'HC', 'GD', 'CH', 'NN'];
const population = seededPopulation(3000);
const takenByDeathTest = deathCases(population, '01', { cardCategories: INSURED }).at(-1)?.deceased.pin;
const death = deathCases(population, '01')
  .filter((c) => c.deceased.pin !== takenByDeathTest)
  .at(-1);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const text = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim();

describe('paying a dossier fee in the browser', () => {
  it('pays for extra extract copies at the gateway and shows the e-receipt on the dossier', {
    timeout: 240_000,
  }, async () => {
    if (!death) throw new Error('No death case in the seeded population of province 01');
    await level2AccountFor(death.applicant.pin, demoPin('officer:police', '01'));
    const family = await (await newContext(browser)).newPage();
    await signIn(family, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin: death.applicant.pin });

    await family.goto(`${portalUrl()}/portal/services/death`);
    const deathDate = daysAgo(1);
    await fillDeathFormStart(family, {
      deceasedPin: death.deceased.pin,
      deathDate,
      noticeNumber: `GBT-PAY-${Date.now()}`,
    });
    // A wrong count stays in the browser: the schema the API validates with refuses it on the field.
    await family.getByLabel(/Số bản sao trích lục khai tử/).fill('11');
    await family.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect
      .poll(() => family.getByLabel(/Số bản sao trích lục khai tử/).getAttribute('aria-invalid'))
      .toBe('true');
    await family.getByLabel(/Số bản sao trích lục khai tử/).fill('2');
    await family.getByRole('button', { name: 'Tiếp tục' }).click();
    expect(text(await family.locator('main').textContent())).toContain('2 × 8.000 ₫ = 16.000 ₫');
    await family.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    const dossierId = await submittedDossierId(family);

    await family.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await expect.poll(() => family.getByTestId('dossier-status').getAttribute('data-status')).toBe('awaiting-payment');
    expect(text(await family.getByTestId('payment-total').textContent())).toBe('16.000 ₫');
    // Nothing reaches an agency before the fee is paid: every step still waits.
    expect(await family.locator('[data-step-status="awaiting-officer"]').count()).toBe(0);
    expect(await seriousViolations(family)).toEqual([]);
    // The fee table fits a 360 px phone screen without sideways scrolling.
    await family.setViewportSize({ width: 360, height: 740 });
    expect(
      await family.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(1);
    // Keyboard only: the pay button is reached with Tab and pressed with Enter (twice: one payment page).
    await family.getByRole('button', { name: 'Thanh toán trực tuyến' }).focus();
    await family.keyboard.press('Enter');
    await family.keyboard.press('Enter').catch(() => undefined);
    await family.waitForURL(/\/paymentv2\/vpcpay\.html\?/);
    const firstPage = family.url();
    expect(new URL(firstPage).searchParams.get('vnp_Amount')).toBe('1600000'); // VND × 100
    await family.getByRole('button', { name: 'Thanh toán / Pay' }).click();
    await family.waitForURL(/\/v1\/payments\/vnpay\/return\?/);
    expect(await family.locator('body').getAttribute('data-outcome')).toBe('paid');
    const receiptOnReturn = /BL-[\w-]+/.exec((await family.locator('body').textContent()) ?? '')?.[0];
    expect(receiptOnReturn).toBeTruthy();

    await family.getByRole('link', { name: 'Xem hồ sơ / View the dossier' }).click();
    await family.waitForURL(new RegExp(`/portal/dossiers/${dossierId}$`));
    await expect
      .poll(() => family.getByTestId('dossier-status').getAttribute('data-status'), { timeout: 60_000 })
      .not.toBe('awaiting-payment');
    expect(text(await family.getByTestId('receipt-number').textContent())).toBe(receiptOnReturn);
    await expect.poll(() => family.getByRole('button', { name: 'Thanh toán trực tuyến' }).count()).toBe(0);

    // English: the same receipt, money in the English format.
    await family.getByRole('button', { name: 'English' }).click();
    await family.getByRole('heading', { name: 'Fees and payment' }).waitFor();
    expect(text(await family.getByTestId('payment-total').textContent())).toMatch(/16,000/);
    expect(await seriousViolations(family)).toEqual([]);
    await family.context().close();
  });
});
