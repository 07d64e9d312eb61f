/**
 * A citizen corrects their own record in the browser, at 360 px with the keyboard alone: from the record on the home
 * page to the form, which shows what the NPDB holds beside each field ticked. A sex the PIN contradicts is refused by
 * the API on that field (the API's index path mapped to the field shown), untick it and the refusal goes; the name is
 * filed, approved by the commune police (through the API here: the task page is the generic one other files drive),
 * and the record then shows the new name. Province 38's last adult: the integration test takes its first ones.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageInYears } from '../../shared/domain/dates.ts';
import { DossierClient, officerCitizens, seededPopulation, taskId, today } from '../support/dossiers.ts';
import { dynamoDbEndpoint, level2AccountFor, portalUrl } from './support/accounts.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { submittedDossierId } from './support/portal-steps.ts';

const PROVINCE = '38';
const population = seededPopulation(3000);
const officers = officerCitizens(population, PROVINCE);
const citizen = population
  .filter(
    (c) =>
      c.status === 'alive' &&
      c.permanentResidence.provinceCode === PROVINCE &&
      ageInYears(c.birthDate, today()) >= 18 &&
      !officers.slice(0, 3).some((o) => o.pin === c.pin),
  )
  .at(-1);
if (!citizen) throw new Error(`No adult in province ${PROVINCE}`);
const words = citizen.fullName.split(' ');
/** The name with one more middle word: always different, always valid. */
const newName = [words[0], 'Minh', ...words.slice(1)].join(' ');

let browser: Browser;
const api = new DossierClient();
beforeAll(async () => {
  await level2AccountFor(citizen.pin, officers[0]?.pin ?? '');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  api.destroy();
});

describe('correcting my record in the browser', () => {
  it('is filed with the keyboard at 360 px, refused on the field the PIN contradicts, and shows the new name once approved', {
    timeout: 240_000,
  }, async () => {
    const page = await (await newContext(browser, { viewport: { width: 360, height: 800 } })).newPage();
    await signIn(page, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin: citizen.pin });
    await page.getByRole('link', { name: 'Đề nghị điều chỉnh thông tin của tôi' }).click();
    await page.getByRole('heading', { name: 'Điều chỉnh thông tin của tôi', level: 1 }).waitFor();

    // The keyboard alone: tick the name and the sex (Space on each box), then give the right values.
    for (const label of ['Họ, chữ đệm và tên', 'Giới tính']) {
      await page.getByRole('checkbox', { name: label }).focus();
      await page.keyboard.press('Space');
    }
    await page.getByText(`Cơ sở dữ liệu đang ghi: ${citizen.fullName}`).waitFor();
    await page.getByLabel('Họ, chữ đệm và tên: thông tin đúng').focus();
    await page.keyboard.type(newName);
    const sex = page.getByLabel('Giới tính: thông tin đúng');
    await sex.focus();
    // The options: the prompt, male, female; the other sex than the record's, which the PIN contradicts.
    for (let k = 0; k < (citizen.sex === 'male' ? 2 : 1); k++) await page.keyboard.press('ArrowDown');
    expect(await sex.inputValue()).toBe(citizen.sex === 'male' ? 'female' : 'male');
    await page.getByLabel('Lý do thông tin chưa đúng').focus();
    await page.keyboard.type('Tên bị ghi thiếu tên đệm so với giấy khai sinh');
    await page.getByLabel(/Giấy tờ chứng minh/).focus();
    await page.keyboard.type('Giấy khai sinh bản chính');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Tiếp tục' }).focus();
    await page.keyboard.press('Enter');
    // The review shows each change from what the NPDB holds.
    await page.getByText(`${citizen.fullName} → ${newName}`).waitFor();
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).focus();
    await page.keyboard.press('Enter');

    // The API refuses the sex on its own field (`corrections.1.value`), back on the form; nothing is filed.
    const sexError = page.locator('[data-field="corrections.1.value"]');
    await sexError.waitFor();
    expect(await page.locator('.field-errors').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Untick the sex: its field and its refusal go.
    await page.getByRole('checkbox', { name: 'Giới tính' }).focus();
    await page.keyboard.press('Space');
    expect(await sexError.count()).toBe(0);
    expect(await page.getByLabel('Giới tính: thông tin đúng').count()).toBe(0);
    await page.getByRole('button', { name: 'Tiếp tục' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).focus();
    await page.keyboard.press('Enter');
    const dossierId = await submittedDossierId(page);

    const officer = await api.officerToken(officers[0]?.pin ?? '', {
      agency: 'police',
      role: 'officer',
      provinceCode: PROVINCE,
      communeCode: citizen.permanentResidence.communeCode,
    });
    const task = taskId(dossierId, 'ServiceDecision');
    await api.waitForTask(officer, task);
    expect((await api.approve(officer, task)).status).toBe(200);

    await page.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await expect
      .poll(() => page.getByTestId('dossier-status').getAttribute('data-status'), { timeout: 60_000, interval: 1000 })
      .toBe('completed');
    // The record shows the new name, in English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'My record' }).click();
    await page.getByText(newName).first().waitFor();
    await page.getByRole('link', { name: 'Ask for a correction of my record' }).waitFor();
    expect((await api.citizen(citizen.pin))?.fullName).toBe(newName);
  });
});
