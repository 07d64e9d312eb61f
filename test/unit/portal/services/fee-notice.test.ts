import { describe, expect, it } from 'vitest';
import { en } from '../../../../portal/src/i18n/en.ts';
import { vi } from '../../../../portal/src/i18n/vi.ts';
import { feeFollowsForm, feeNotice, paysAfterFiling } from '../../../../portal/src/services/fee-notice.ts';

describe('the fee a service page shows', () => {
  it('service 20: the premium comes with the dossier, paid online (not "free")', () => {
    const notice = feeNotice(20, 0);
    expect(notice).toEqual({ kind: 'computed-after-filing' });
    expect(paysAfterFiling(notice)).toBe(true);
  });

  it('service 2: follows the chosen kind and reason, as intake charges', () => {
    expect(feeNotice(2, 50_000, { kind: 'renewal', reason: 'age' })).toEqual({ kind: 'free' });
    expect(feeNotice(2, 50_000, { kind: 'renewal', reason: 'damaged' })).toEqual({ kind: 'amount', vnd: 50_000 });
    expect(feeNotice(2, 50_000, { kind: 'reissue', reason: 'lost' })).toEqual({ kind: 'amount', vnd: 70_000 });
    // Nothing chosen yet, or a reason of the other kind: the catalogue's amount.
    expect(feeNotice(2, 50_000, { kind: 'reissue', reason: 'age' })).toEqual({ kind: 'amount', vnd: 50_000 });
    expect(feeNotice(2, 50_000)).toEqual({ kind: 'amount', vnd: 50_000 });
    expect(feeFollowsForm(2)).toBe(true);
    expect(feeFollowsForm(12)).toBe(false);
  });

  it("others: the catalogue's amount, free when it is 0", () => {
    expect(feeNotice(12, 200_000)).toEqual({ kind: 'amount', vnd: 200_000 });
    expect(paysAfterFiling(feeNotice(5, 0))).toBe(false);
  });
});

describe('the verification page names every document type', () => {
  it.each([
    'birth-certificate',
    'death-extract',
    'old-id-number-confirmation',
    'residence-confirmation',
    'service-notice',
    'criminal-record-certificate',
  ])('%s', (type) => {
    for (const dictionary of [vi, en]) expect((dictionary.verify.types as Record<string, string>)[type]).toBeTruthy();
  });
});
