/**
 * A change of household head in the browser, at 360 px and with the keyboard alone: a member opens the form from
 * their record, which lists the household as the NPDB knows it; a relation left unchosen is refused on its field
 * before anything is sent; the filed dossier waits for the commune police, who approve it (through the API here: the
 * officer's task page is the generic one the other e2e files drive), and the household then shows its new head.
 * Province 40: no other browser test takes citizens there, and the integration test takes its first household.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vi as viMessages } from '../../portal/src/i18n/vi.ts';
import { DossierClient, householdsToRehead, officerCitizens, seededPopulation, taskId } from '../support/dossiers.ts';
import { dynamoDbEndpoint, level2AccountFor, portalUrl } from './support/accounts.ts';
import { seriousViolations } from './support/axe.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { submittedDossierId } from './support/portal-steps.ts';

const PROVINCE = '40';
const population = seededPopulation(3000);
const officers = officerCitizens(population, PROVINCE);
/** The last household of the province with a living head, another adult and someone else besides. */
const household = (() => {
  const found = householdsToRehead(population, PROVINCE, {
    minMembers: 3,
    excluded: new Set(officers.slice(0, 3).map((o) => o.pin)),
  }).at(-1);
  if (!found) throw new Error(`No household of three in province ${PROVINCE}`);
  return found;
})();

let browser: Browser;
const api = new DossierClient();
beforeAll(async () => {
  await level2AccountFor(household.successor.pin, officers[0]?.pin ?? '');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  api.destroy();
});

describe('a change of household head in the browser', () => {
  it('is filed with the keyboard at 360 px, refused on the field left out, and shows the new head once approved', {
    timeout: 240_000,
  }, async () => {
    const page = await (await newContext(browser, { viewport: { width: 360, height: 800 } })).newPage();
    await signIn(page, { portalUrl: portalUrl(), dynamoDbEndpoint: dynamoDbEndpoint(), pin: household.successor.pin });
    await page.getByRole('link', { name: 'Đăng ký thay đổi chủ hộ' }).click();
    await page.getByRole('heading', { name: 'Thay đổi chủ hộ', level: 1 }).waitFor();
    await expect.poll(() => page.getByText(`Chủ hộ hiện nay: ${household.head.fullName}.`).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing overflows the narrow screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The keyboard alone: the successor's radio button, Space to choose it, then each relation but the last.
    const radio = page.getByRole('radio', { name: new RegExp(household.successor.fullName) });
    await radio.focus();
    await page.keyboard.press('Space');
    expect(await radio.isChecked()).toBe(true);
    const others = household.members.filter((m) => m.pin !== household.successor.pin);
    const selects = page.locator('select[name^="members."]');
    expect(await selects.count()).toBe(others.length);
    /** Chooses a relation with the arrow keys (options: the prompt, spouse, child, parent, other). */
    const choose = async (i: number, relation: 'child' | 'other') => {
      await selects.nth(i).focus();
      for (let k = 0; k < (relation === 'child' ? 2 : 4); k++) await page.keyboard.press('ArrowDown');
      expect(await selects.nth(i).inputValue()).toBe(relation);
    };
    for (let i = 0; i < others.length - 1; i++) await choose(i, i === 0 ? 'other' : 'child');
    // Continue with the reason empty: it is asked for in the page's language.
    await page.getByRole('button', { name: 'Tiếp tục' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-field="reason"]').textContent()).toBe(viMessages.form.fillIn);
    await page.getByLabel('Lý do').focus();
    await page.keyboard.type('Gia đình thống nhất đề cử người con trưởng');
    await page.keyboard.press('Enter'); // a textarea keeps Enter: the form is not sent
    await page.getByRole('button', { name: 'Tiếp tục' }).focus();
    await page.keyboard.press('Enter');
    // The last relation was left unchosen: refused on its own field, still on the first step.
    const lastField = `members.${others.length - 1}.relationToHead`;
    await page.locator(`[data-field="${lastField}"]`).waitFor();
    expect(await page.locator('.field-errors').count()).toBe(1);
    // With the relations and the refusal on screen: still no serious violation, still nothing wider than the screen.
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await choose(others.length - 1, 'other');
    // Corrected, the field's refusal goes.
    expect(await page.locator('.field-errors').count()).toBe(0);
    await page.getByRole('button', { name: 'Tiếp tục' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Nộp hồ sơ' }).focus();
    await page.keyboard.press('Enter');
    // Filed, or the refusal the page shows (so a failure says why). A server error (on a loaded machine a function
    // can time out) is what a citizen meets by pressing Submit again: the draft keeps its Idempotency-Key, so it is
    // the same dossier. A refusal (4xx) fails the test.
    let resubmitted = 0;
    await expect
      .poll(
        async () => {
          if ((await page.getByTestId('dossier-id').count()) > 0) return 'filed';
          const shown = (await page.locator('.alert--error, .field-errors').allInnerTexts()).join(' | ');
          if (shown.includes(viMessages.errors[500]) && resubmitted < 2) {
            resubmitted += 1;
            await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
            return 'submitted again';
          }
          return shown || 'waiting';
        },
        { timeout: 90_000, interval: 500 },
      )
      .toBe('filed');
    const dossierId = await submittedDossierId(page);

    // The commune police of the household decide.
    const officer = await api.officerToken(officers[0]?.pin ?? '', {
      agency: 'police',
      role: 'officer',
      provinceCode: PROVINCE,
      communeCode: household.head.permanentResidence.communeCode,
    });
    const task = taskId(dossierId, 'ServiceDecision');
    await api.waitForTask(officer, task);
    expect((await api.approve(officer, task)).status).toBe(200);

    await page.getByRole('link', { name: 'Xem hồ sơ' }).click();
    await expect
      .poll(() => page.getByTestId('dossier-status').getAttribute('data-status'), { timeout: 60_000, interval: 1000 })
      .toBe('completed');
    expect(await page.locator('main').textContent()).toContain(`${household.successor.fullName} là chủ hộ của hộ`);
    // The notice of result is among the documents, with its verification link.
    const notice = page.locator('[data-document="noticeNumber"]');
    expect(await notice.locator('.document-value').textContent()).toBe(`TB${dossierId.slice(2)}`);
    expect(await notice.locator('[data-verify="noticeNumber"]').getAttribute('href')).toContain('code=');
    // In English too, and the record shows the household's new head.
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain(`${household.successor.fullName} heads household`);
    await page.getByRole('link', { name: 'My record' }).click();
    await page.getByText('You head this household.').waitFor();
    expect((await api.citizen(household.successor.pin))?.relationToHead).toBe('head');
    expect((await api.citizen(household.head.pin))?.relationToHead).toBe('other');
  });
});
