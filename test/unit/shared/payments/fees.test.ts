import { describe, expect, it } from 'vitest';
import { SubmitDossierSchema } from '../../../../shared/dossiers/forms.ts';
import { catalogueFee, dossierFee, FEE_SCHEDULE } from '../../../../shared/payments/fees.ts';

const death = (form: Record<string, unknown> = {}) =>
  SubmitDossierSchema.parse({
    group: 'death-group',
    form: {
      deceasedPin: '001080000001',
      deathDate: '2026-12-01',
      deathNotice: { number: 'GBT-1', issuedBy: 'Trạm Y tế', issuedOn: '2026-12-01' },
      ...form,
    },
  });

describe('the fee of a dossier', () => {
  it('is nothing for the free groups without extras (they start at once)', () => {
    expect(catalogueFee('death-group')).toBe(0);
    expect(catalogueFee('birth-group')).toBe(0);
    expect(dossierFee(death())).toBeUndefined();
    expect(dossierFee(death({ extractCopies: 0 }))).toBeUndefined();
  });

  it('charges extra certified copies at the schedule price, with the schedule version', () => {
    expect(dossierFee(death({ extractCopies: 3 }))).toEqual({
      amountVnd: 24_000,
      scheduleVersion: FEE_SCHEDULE.version,
      lines: [expect.objectContaining({ item: 'death-extract-copy', quantity: 3, unitVnd: 8_000, amountVnd: 24_000 })],
    });
  });

  it('follows a changed schedule', () => {
    const schedule = {
      ...FEE_SCHEDULE,
      version: 'test',
      extras: { 'death-extract-copy': { unitVnd: 5_000, text: { vi: 'x', en: 'x' } } },
    };
    expect(dossierFee(death({ extractCopies: 2 }), schedule)).toMatchObject({
      amountVnd: 10_000,
      scheduleVersion: 'test',
    });
  });

  it('refuses impossible numbers of copies at the form', () => {
    for (const extractCopies of [-1, 1.5, 11, '2']) {
      expect(
        SubmitDossierSchema.safeParse({ group: 'death-group', form: { ...death().form, extractCopies } }).success,
      ).toBe(false);
    }
  });
});
