/**
 * A parent files the birth group in the portal, officers decide in the back office in their own browser, the
 * parent sees the child's PIN and health-insurance card, and the QR code's verification page says genuine.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbEndpoint, portalUrl } from './support/accounts.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { approveInInbox, demoPin, fillBirthForm, todayInVietnam } from './support/portal-steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the birth group in the browser', () => {
  it('goes from the e-form to the PIN and the health-insurance card, decided by officers in the back office', {
    timeout: 240_000,
  }, async () => {
    const citizen = await (await newContext(browser)).newPage();
    await signIn(citizen, {
      portalUrl: portalUrl(),
      dynamoDbEndpoint: dynamoDbEndpoint(),
      pin: demoPin('citizen-level-2'),
    });

    // As a citizen would: the Services page of the menu, then the card of service 17 (the birth group).
    await citizen.getByRole('navigation').getByRole('link', { name: 'Dịch vụ công' }).click();
    const birthCard = citizen.locator('#service-17');
    await birthCard.waitFor();
    expect(await birthCard.textContent()).toContain('Trực tuyến');
    await birthCard.getByRole('link', { name: /Bắt đầu/ }).click();
    await citizen.waitForURL((url) => url.pathname === '/portal/services/birth');
    const childName = `Hồ Minh Khôi ${['An', 'Bảo', 'Châu', 'Duy', 'Giang'][Date.now() % 5]}`;
    await fillBirthForm(citizen, { childName, birthDate: todayInVietnam(), certificate: `GCS-E2E-${Date.now()}` });
    await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    const idText = await citizen.getByTestId('dossier-id').textContent();
    const dossierId = /HS\d{2}-\d{8}-[A-Z2-9]{10}/.exec(idText ?? '')?.[0] as string;
    expect(dossierId).toBeTruthy();

    const civilStatus = await (await newContext(browser)).newPage();
    await signIn(civilStatus, {
      portalUrl: portalUrl(),
      dynamoDbEndpoint: dynamoDbEndpoint(),
      pin: demoPin('supervisor:civil-status', '01'),
    });
    await approveInInbox(civilStatus, `${dossierId}.RegisterBirth`);

    const police = await (await newContext(browser)).newPage();
    await signIn(police, {
      portalUrl: portalUrl(),
      dynamoDbEndpoint: dynamoDbEndpoint(),
      pin: demoPin('supervisor:police', '01'),
    });
    await approveInInbox(police, `${dossierId}.RegisterPermanentResidence`);

    await citizen.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await expect
      .poll(() => citizen.getByTestId('dossier-status').getAttribute('data-status'), {
        timeout: 60_000,
        interval: 1000,
      })
      .toBe('completed');
    const pin = await citizen.locator('[data-document="pin"] .document-value').textContent();
    expect(pin).toMatch(/^\d{12}$/);
    await expect
      .poll(() => citizen.locator('[data-document="healthInsuranceCardNumber"] .document-value').textContent())
      .toMatch(/^TE/);
    expect(await citizen.locator('[data-document="pin"] svg.qr').count()).toBe(1);

    await citizen.locator('[data-verify="birthCertificateNumber"]').click();
    await expect.poll(() => citizen.getByTestId('verify-result').getAttribute('data-valid')).toBe('true');
    expect(await citizen.getByTestId('verify-result').textContent()).toContain('Giấy tờ hợp lệ');
    expect(await citizen.locator('main').textContent()).toContain(childName);
    await closeAll([citizen, civilStatus, police]);
  });
});

const closeAll = async (pages: Page[]) => {
  for (const page of pages) await page.context().close();
};
