/** What a person does in the portal, step by step, shared by the browser tests. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { pickDemoCitizens } from '../../../infra/local/identity-seed.ts';

/** Today's date in Vietnam (YYYY-MM-DD), as the API counts it. */
export const todayInVietnam = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

/** The PIN of a demo account of the integration run's seed (3,000 citizens): `citizen-level-2`, or an officer. */
export const demoPin = (role: string, provinceCode?: string): string => {
  const pick = pickDemoCitizens(3000).find(
    (p) =>
      p.role === role && (provinceCode === undefined || p.officerRoles.some((r) => r.provinceCode === provinceCode)),
  );
  if (!pick) throw new Error(`No demo citizen ${role} ${provinceCode ?? ''}`);
  return pick.citizen.pin;
};

export interface BirthDetails {
  readonly childName: string;
  readonly birthDate: string;
  readonly certificate: string;
  readonly sex?: 'Nam' | 'Nữ';
}

/** The three steps of the birth form up to the review step (the other parent stays the NPDB's spouse). */
export const fillBirthForm = async (page: Page, child: BirthDetails) => {
  await page.getByLabel('Họ, chữ đệm và tên của trẻ').fill(child.childName);
  await page.getByLabel(child.sex ?? 'Nam', { exact: true }).check();
  await page.getByLabel('Ngày sinh').fill(child.birthDate);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: /Bước 2\/4/ }).waitFor();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByLabel('Số giấy chứng sinh').fill(child.certificate);
  await page.getByLabel('Mã cơ sở y tế (5 số)').fill('01001');
  await page.getByLabel('Ngày cấp').fill(child.birthDate);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: /Bước 4\/4/ }).waitFor();
};

/**
 * An officer finds the task in the inbox (it may take the workflow a moment to open it) and approves it, or with
 * `reject` refuses it for that reason.
 */
export const approveInInbox = async (page: Page, taskId: string, options: { readonly reject?: string } = {}) => {
  await page.goto(`${new URL(page.url()).origin}/portal/officer`);
  const row = page.locator(`tr[data-task="${taskId}"]`);
  await expect
    .poll(
      async () => {
        if ((await row.count()) > 0) return true;
        await page.getByRole('button', { name: /Thử lại|Retry/ }).click();
        await page.waitForTimeout(500);
        return false;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
  await row.getByRole('link').click();
  await page.locator('.findings').waitFor();
  if (options.reject !== undefined) {
    await page.getByLabel(/^Lý do/).fill(options.reject);
    await page.getByRole('button', { name: 'Từ chối' }).click();
  } else {
    await page.getByRole('button', { name: 'Duyệt' }).click();
  }
  await page.getByText(/Đã ghi nhận quyết định/).waitFor();
};

/**
 * Types a date into the focused date field with the keyboard only. The order of the field's parts follows the
 * browser's own locale (headless Chromium: month/day/year), so the first attempt tells the order and, if it was
 * wrong, the parts are typed again from the first one.
 */
export const typeDate = async (page: Page, name: string, isoDate: string) => {
  const [y, m, d] = isoDate.split('-') as [string, string, string];
  await page.keyboard.type(`${d}${m}${y}`);
  if ((await page.locator(`[name="${name}"]`).inputValue()) === isoDate) return;
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type(`${m}${d}${y}`);
  expect(await page.locator(`[name="${name}"]`).inputValue()).toBe(isoDate);
};

/** The death form's first two steps, as a relative fills them: the deceased, the date, the death notice. */
export const fillDeathFormStart = async (
  page: Page,
  death: { readonly deceasedPin: string; readonly deathDate: string; readonly noticeNumber: string },
) => {
  await page.getByLabel('Người đã mất', { exact: true }).selectOption(death.deceasedPin);
  await page.getByLabel('Ngày mất').fill(death.deathDate);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByLabel('Số giấy báo tử').fill(death.noticeNumber);
  await page.getByLabel('Nơi cấp').fill('Trạm Y tế xã');
  await page.getByLabel('Ngày cấp').fill(death.deathDate);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
};

/** The dossier ID the confirmation shows after the form is submitted. */
export const submittedDossierId = async (page: Page): Promise<string> => {
  const id = /HS\d{2}-\d{8}-[A-Z2-9]{10}/.exec((await page.getByTestId('dossier-id').textContent()) ?? '')?.[0];
  expect(id).toBeTruthy();
  return id as string;
};
