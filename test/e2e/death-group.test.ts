/**
 * A relative files the death group with the funeral allowance, officers of three agencies decide in the back
 * office, the family sees the extract and the allowance; then a civil-status officer revokes the registration and
 * the extract's verification page says revoked.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysAgo, deathCases, seededPopulation } from '../support/dossiers.ts';
import { dynamoDbEndpoint, level2AccountFor, portalUrl } from './support/accounts.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { approveInInbox, demoPin, fillDeathFormStart, submittedDossierId } from './support/portal-steps.ts';

/** Card categories that evidence an insured person's funeral allowance (step rule `basis-evidence`). */
const INSURED = ['DN', 'HC', 'GD', 'CH', 'NN'];
// The last death case of province 01: the integration tests take theirs from the start of the list.
const death = deathCases(seededPopulation(3000), '01', { cardCategories: INSURED }).at(-1);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const text = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim();

describe('the death group in the browser', () => {
  it('registers a death with the funeral allowance, then a revocation makes the extract revoked', {
    timeout: 300_000,
  }, async () => {
    if (!death) throw new Error('No death case in the seeded population of province 01');
    await level2AccountFor(death.applicant.pin, demoPin('officer:police', '01'));
    const family = await (await newContext(browser)).newPage();
    await signIn(family, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin: death.applicant.pin });

    await family.goto(`${portalUrl()}/portal/services/death`);
    const deathDate = daysAgo(2);
    await fillDeathFormStart(family, {
      deceasedPin: death.deceased.pin,
      deathDate,
      noticeNumber: `GBT-E2E-${Date.now()}`,
    });
    await family.getByLabel('Trợ cấp mai táng', { exact: true }).check();
    await family.getByLabel('Người mất có tham gia BHXH').check();
    await family.getByRole('button', { name: 'Tiếp tục' }).click();
    await family.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    const dossierId = await submittedDossierId(family);

    const civilStatus = await (await newContext(browser)).newPage();
    await signIn(civilStatus, {
      portalUrl: portalUrl(),
      dynamoDbEndpoint: dynamoDbEndpoint(),
      pin: demoPin('supervisor:civil-status', '01'),
    });
    await approveInInbox(civilStatus, `${dossierId}.RegisterDeath`);
    const police = await (await newContext(browser)).newPage();
    await signIn(police, {
      portalUrl: portalUrl(),
      dynamoDbEndpoint: dynamoDbEndpoint(),
      pin: demoPin('supervisor:police', '01'),
    });
    await approveInInbox(police, `${dossierId}.DeletePermanentResidence`);
    const vss = await (await newContext(browser)).newPage();
    await signIn(vss, {
      portalUrl: portalUrl(),
      dynamoDbEndpoint: dynamoDbEndpoint(),
      pin: demoPin('supervisor:social-security', '01'),
    });
    await approveInInbox(vss, `${dossierId}.GrantFuneralAllowance`);

    await family.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await expect
      .poll(() => family.getByTestId('dossier-status').getAttribute('data-status'), { timeout: 60_000, interval: 1000 })
      .toBe('completed');
    // 10 × the base salary (2,340,000 VND), in Vietnamese money format.
    expect(text(await family.locator('[data-document="funeralAllowance"] .document-value').textContent())).toContain(
      '23.400.000 ₫',
    );
    await family.locator('[data-verify="deathExtractNumber"]').click();
    await expect.poll(() => family.getByTestId('verify-result').getAttribute('data-valid')).toBe('true');
    const verifyUrl = family.url();

    await civilStatus.goto(`${portalUrl()}/portal/dossiers/${dossierId}`);
    await civilStatus
      .getByLabel('Lý do thu hồi (ít nhất 10 ký tự)')
      .fill('Người này vẫn còn sống, giấy báo tử cấp nhầm.');
    await civilStatus.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await civilStatus.getByText('Đã thu hồi đăng ký khai tử.').waitFor();
    await expect.poll(() => civilStatus.getByTestId('dossier-status').getAttribute('data-status')).toBe('revoked');

    // Anyone holding the QR code, signed in or not, now reads that the extract is revoked.
    const stranger = await (await newContext(browser)).newPage();
    await stranger.goto(verifyUrl);
    await expect.poll(() => stranger.getByTestId('verify-result').getAttribute('data-valid')).toBe('false');
    expect(await stranger.locator('main').textContent()).toContain('Giấy tờ đã bị thu hồi');
    for (const page of [family, civilStatus, police, vss, stranger]) await page.context().close();
  });
});
