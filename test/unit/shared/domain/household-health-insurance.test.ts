import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  composeGdCardNumber,
  HOUSEHOLD_HEALTH_INSURANCE,
  householdPremium,
  periodUntil,
} from '../../../../shared/domain/household-health-insurance.ts';

describe('householdPremium (Law on Health Insurance, art. 13; base salary 2,340,000 đ from 1 July 2024)', () => {
  // 4.5% of 2,340,000 = 105,300 đ a month; 12 months = 1,263,600 đ for the first member.
  it.each([
    { members: 1, amounts: [1_263_600], total: 1_263_600 },
    { members: 2, amounts: [1_263_600, 884_520], total: 2_148_120 },
    { members: 3, amounts: [1_263_600, 884_520, 758_160], total: 2_906_280 },
    { members: 4, amounts: [1_263_600, 884_520, 758_160, 631_800], total: 3_538_080 },
    { members: 5, amounts: [1_263_600, 884_520, 758_160, 631_800, 505_440], total: 4_043_520 },
    { members: 7, amounts: [1_263_600, 884_520, 758_160, 631_800, 505_440, 505_440, 505_440], total: 5_054_400 },
  ])('$members member(s) pay $total đ', ({ members, amounts, total }) => {
    const premium = householdPremium(members, '2026-12-06');
    expect(premium.members.map((m) => m.amountVnd)).toEqual(amounts);
    expect(premium.totalVnd).toBe(total);
    expect(premium).toMatchObject({
      baseSalaryVnd: 2_340_000,
      firstMemberVnd: 1_263_600,
      baseSalaryFrom: '2024-07-01',
    });
    expect(premium.baseSalarySource).toContain('73/2024');
  });

  it('uses the base salary in force on the date: 1,800,000 đ in June 2024 (972,000 đ for the first member)', () => {
    expect(householdPremium(2, '2024-06-30').members.map((m) => m.amountVnd)).toEqual([972_000, 680_400]);
  });

  it('refuses no member, a fraction of one, and a date before the base salary table', () => {
    expect(() => householdPremium(0, '2026-12-06')).toThrow(RangeError);
    expect(() => householdPremium(1.5, '2026-12-06')).toThrow(RangeError);
    expect(() => householdPremium(1, '2019-06-30')).toThrow(RangeError);
  });

  it('follows its configuration: another rate and discount are data, not code', () => {
    const rule = { ...HOUSEHOLD_HEALTH_INSURANCE, monthlyRateBasisPoints: 600, sharesOfFirstPercent: [100, 50] };
    expect(householdPremium(3, '2026-12-06', rule).members.map((m) => m.amountVnd)).toEqual([
      1_684_800, 842_400, 842_400,
    ]);
  });

  it('never charges a later member more than an earlier one, nor more than the first; the total is the sum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.date({ min: new Date('2019-07-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        (n, date) => {
          const premium = householdPremium(n, date.toISOString().slice(0, 10));
          const amounts = premium.members.map((m) => m.amountVnd);
          for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeLessThanOrEqual(amounts[i - 1] ?? 0);
          expect(amounts[0]).toBe(premium.firstMemberVnd);
          expect(premium.totalVnd).toBe(amounts.reduce((a, b) => a + b, 0));
          expect(amounts.every((a) => Number.isInteger(a) && a > 0)).toBe(true);
        },
      ),
    );
  });
});

describe('periodUntil (12 months, Civil Code art. 148)', () => {
  it.each([
    ['2026-12-07', '2027-12-06'],
    ['2027-01-01', '2027-12-31'],
    ['2028-02-29', '2029-02-28'],
    ['2027-03-01', '2028-02-29'],
  ])('from %s ends on %s', (from, until) => {
    expect(periodUntil(from, 12)).toBe(until);
  });
});

describe('composeGdCardNumber', () => {
  it('forms GD, level 4, the province and the social-insurance number, and refuses malformed parts', () => {
    expect(composeGdCardNumber('01', '0100000042')).toBe('GD4010100000042');
    expect(() => composeGdCardNumber('1', '0100000042')).toThrow(RangeError);
    expect(() => composeGdCardNumber('01', '42')).toThrow(RangeError);
  });
});
