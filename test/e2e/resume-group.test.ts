/**
 * A birth refused after its PIN was issued, taken up again in the back office: the police refuse the residence step,
 * the dossier is `rejected` with the child's PIN already issued; a police officer opens the dossier from the inbox
 * and resumes it, at 360 px with the keyboard alone (a reason too short is refused on its field in the page's language
 * before anything is sent); the residence step is back in the inbox, approved, and the group completes with the same
 * PIN. The card is offered to officers of the refused step's agency only.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vi as viMessages } from '../../portal/src/i18n/vi.ts';
import { daysAgo } from '../support/dossiers.ts';
import { dynamoDbEndpoint, portalUrl } from './support/accounts.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { approveInInbox, demoPin, fillBirthForm, submittedDossierId } from './support/portal-steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const signedIn = async (role: string, viewport?: { width: number; height: number }): Promise<Page> => {
  const page = await (await newContext(browser, viewport ? { viewport } : {})).newPage();
  await signIn(page, {
    portalUrl: portalUrl(),
    dynamoDbEndpoint: dynamoDbEndpoint(),
    pin: role === 'citizen-level-2' ? demoPin(role) : demoPin(role, '01'),
  });
  return page;
};

const statusOf = (page: Page) => page.getByTestId('dossier-status').getAttribute('data-status');
const pinOf = (page: Page) => page.locator('[data-document="pin"] .document-value').textContent();

describe('resuming a refused group in the back office', () => {
  it('takes a birth refused after its PIN up again from the refused step, and it completes with that PIN', {
    timeout: 300_000,
  }, async () => {
    const citizen = await signedIn('citizen-level-2');
    await citizen.goto(`${portalUrl()}/portal/services/birth`);
    // A name and date of its own: the birth e2e files the same parent's child today.
    const childName = `Lê Gia Hưng ${['An', 'Bảo', 'Châu', 'Duy', 'Giang'][Date.now() % 5]}`;
    await fillBirthForm(citizen, { childName, birthDate: daysAgo(1), certificate: `GCS-RESUME-${Date.now()}` });
    await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    const dossierId = await submittedDossierId(citizen);

    const civilStatus = await signedIn('supervisor:civil-status');
    await approveInInbox(civilStatus, `${dossierId}.RegisterBirth`);

    // The police refuse the residence step: the group ends `rejected`, the child's PIN issued.
    const police = await signedIn('supervisor:police', { width: 360, height: 800 });
    await approveInInbox(police, `${dossierId}.RegisterPermanentResidence`, {
      reject: 'Địa chỉ thường trú chưa khớp với sổ hộ khẩu',
    });
    await citizen.goto(`${portalUrl()}/portal/dossiers/${dossierId}`);
    await expect.poll(() => statusOf(citizen), { timeout: 60_000, interval: 1000 }).toBe('rejected');
    const pin = await pinOf(citizen);
    expect(pin).toMatch(/^\d{12}$/);
    // The citizen is not an officer: no card to resume.
    expect(await citizen.getByRole('heading', { name: viMessages.officer.resumeTitle }).count()).toBe(0);

    // A civil-status officer is not of the refused step's agency: no card either.
    await civilStatus.goto(`${portalUrl()}/portal/dossiers/${dossierId}`);
    await expect.poll(() => statusOf(civilStatus)).toBe('rejected');
    expect(await civilStatus.getByRole('heading', { name: viMessages.officer.resumeTitle }).count()).toBe(0);

    // The police officer finds the dossier from the inbox with the keyboard alone.
    await police.goto(`${portalUrl()}/portal/officer`);
    await police.getByLabel(viMessages.dossiers.id).focus();
    await police.keyboard.type(dossierId);
    await police.keyboard.press('Enter');
    await police.waitForURL((url) => url.pathname === `/portal/dossiers/${dossierId}`);
    const card = police.getByRole('form', { name: viMessages.officer.resumeTitle });
    await card.waitFor();
    expect(await card.textContent()).toContain('Đăng ký thường trú');
    expect(await seriousViolations(police)).toEqual([]);
    expect(await police.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Too short a reason is refused on its field, in Vietnamese, and nothing is sent.
    const reason = police.getByLabel(viMessages.officer.resumeReason);
    await reason.focus();
    await police.keyboard.type('Đã sửa');
    await police.keyboard.press('Tab');
    await police.keyboard.press('Enter');
    await expect
      .poll(() => police.locator('[data-field="reason"]').textContent())
      .toContain('Vui lòng nhập ít nhất 10 ký tự.');
    expect(await statusOf(police)).toBe('rejected');
    expect(await seriousViolations(police)).toEqual([]);

    await reason.focus();
    await police.keyboard.type(' địa chỉ theo xác minh tại chỗ');
    await police.keyboard.press('Tab');
    await police.keyboard.press('Enter');
    await police.getByText(viMessages.officer.resumedDone).waitFor();
    expect(await card.count()).toBe(0);
    await expect.poll(() => statusOf(police), { timeout: 30_000, interval: 1000 }).not.toBe('rejected');

    // The refused step is back in the inbox; approved this time, the group completes with the PIN issued before.
    await approveInInbox(police, `${dossierId}.RegisterPermanentResidence`);
    await citizen.goto(`${portalUrl()}/portal/dossiers/${dossierId}`);
    await expect.poll(() => statusOf(citizen), { timeout: 60_000, interval: 1000 }).toBe('completed');
    expect(await pinOf(citizen)).toBe(pin);
    expect(await citizen.locator('main').textContent()).toContain('Đã sửa địa chỉ theo xác minh tại chỗ');

    // In English, the officer's view of the completed dossier offers nothing to resume.
    await police.goto(`${portalUrl()}/portal/dossiers/${dossierId}`);
    await police.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => police.getByRole('heading', { name: 'Steps' }).count()).toBe(1);
    expect(await police.getByRole('heading', { name: 'Resume the dossier' }).count()).toBe(0);
    for (const page of [citizen, civilStatus, police]) await page.context().close();
  });
});
