import { describe, expect, it } from 'vitest';
import {
  amountOn,
  BASE_SALARY_VND,
  CHILD_HEALTH_INSURANCE_PREMIUM_RATE,
  childHealthInsuranceAnnualPremium,
  FUNERAL_ALLOWANCE_RULES,
  funeralAllowance,
  SOCIAL_ASSISTANCE_STANDARD_VND,
} from '../../../../shared/domain/benefits.ts';
import { isIsoDate } from '../../../../shared/domain/dates.ts';

describe('effective-dated tables', () => {
  it('are sorted oldest first with real dates and whole amounts', () => {
    for (const table of [BASE_SALARY_VND, SOCIAL_ASSISTANCE_STANDARD_VND]) {
      const froms = table.map((entry) => entry.from);
      expect(froms.every(isIsoDate)).toBe(true);
      expect([...froms].sort()).toEqual(froms);
      expect(new Set(froms).size).toBe(froms.length);
      expect(table.every((entry) => Number.isInteger(entry.amountVnd) && entry.amountVnd > 0)).toBe(true);
      expect(table.every((entry) => entry.source.length > 0)).toBe(true);
    }
  });
});

describe('amountOn', () => {
  it('switches base salary on 1 July 2024, not the day before', () => {
    expect(amountOn(BASE_SALARY_VND, '2024-06-30').amountVnd).toBe(1_800_000);
    expect(amountOn(BASE_SALARY_VND, '2024-07-01').amountVnd).toBe(2_340_000);
  });

  it('returns the earliest entry on its first day and the latest one indefinitely', () => {
    expect(amountOn(BASE_SALARY_VND, '2019-07-01').amountVnd).toBe(1_490_000);
    expect(amountOn(BASE_SALARY_VND, '2023-06-30').amountVnd).toBe(1_490_000);
    expect(amountOn(BASE_SALARY_VND, '2030-01-01').amountVnd).toBe(2_340_000);
  });

  it('switches the social-assistance standard from 360,000 to 500,000 VND on 1 July 2024', () => {
    expect(amountOn(SOCIAL_ASSISTANCE_STANDARD_VND, '2024-06-30').amountVnd).toBe(360_000);
    expect(amountOn(SOCIAL_ASSISTANCE_STANDARD_VND, '2024-07-01').amountVnd).toBe(500_000);
  });

  it('returns the whole entry with its source', () => {
    expect(amountOn(BASE_SALARY_VND, '2025-01-01')).toEqual({
      from: '2024-07-01',
      amountVnd: 2_340_000,
      source: 'Decree 73/2024/NĐ-CP',
      confirmed: true,
    });
  });

  it('throws a RangeError before the first entry, for an empty table and for a bad date', () => {
    expect(() => amountOn(BASE_SALARY_VND, '2019-06-30')).toThrow(/table starts on 2019-07-01/);
    expect(() => amountOn([], '2024-07-01')).toThrow(RangeError);
    expect(() => amountOn(BASE_SALARY_VND, '2024-02-30')).toThrow(RangeError);
  });
});

describe('FUNERAL_ALLOWANCE_RULES', () => {
  it('has VSS paying 10 × base salary and welfare at least 20 × the standard, the latter unconfirmed', () => {
    expect(FUNERAL_ALLOWANCE_RULES.socialSecurity).toMatchObject({ payer: 'social-security', multiplier: 10 });
    expect(FUNERAL_ALLOWANCE_RULES.welfare).toMatchObject({ payer: 'welfare', multiplier: 20, confirmed: false });
  });
});

describe('funeralAllowance', () => {
  it('pays 23,400,000 VND from VSS for an insured person who died on 1 July 2024', () => {
    const allowance = funeralAllowance('insured', '2024-07-01');

    expect(allowance).toMatchObject({
      payer: 'social-security',
      amountVnd: 23_400_000,
      multiplier: 10,
      baseAmountVnd: 2_340_000,
      confirmed: true,
    });
    expect(allowance?.rule).toContain('10 × base salary (2,340,000 VND, Decree 73/2024/NĐ-CP)');
  });

  it('uses the base salary in force on the date of death', () => {
    expect(funeralAllowance('insured', '2024-06-30')?.amountVnd).toBe(18_000_000);
    expect(funeralAllowance('pensioner', '2020-01-15')?.amountVnd).toBe(14_900_000);
  });

  it('pays pensioners like insured persons', () => {
    expect(funeralAllowance('pensioner', '2025-03-01')).toEqual(funeralAllowance('insured', '2025-03-01'));
  });

  it('pays 10,000,000 VND from welfare for a social-protection beneficiary from 1 July 2024, marked unconfirmed', () => {
    expect(funeralAllowance('social-protection', '2024-07-01')).toMatchObject({
      payer: 'welfare',
      amountVnd: 10_000_000,
      multiplier: 20,
      baseAmountVnd: 500_000,
      confirmed: false,
    });
    expect(funeralAllowance('social-protection', '2024-06-30')?.amountVnd).toBe(7_200_000);
  });

  it('pays nothing when there is no basis', () => {
    expect(funeralAllowance('none', '2024-07-01')).toBeUndefined();
  });

  it('refuses deaths before the recorded rules and amounts, and bad dates', () => {
    expect(() => funeralAllowance('social-protection', '2021-06-30')).toThrow(RangeError);
    expect(() => funeralAllowance('insured', '2019-06-30')).toThrow(RangeError);
    expect(() => funeralAllowance('insured', '2015-12-31')).toThrow(RangeError);
    expect(() => funeralAllowance('none', 'yesterday')).toThrow(RangeError);
  });
});

describe('childHealthInsuranceAnnualPremium', () => {
  it('is 4.5% of 2,340,000 = 105,300 VND a month from 1 July 2024', () => {
    expect(childHealthInsuranceAnnualPremium('2024-07-01')).toEqual({
      monthlyVnd: 105_300,
      annualVnd: 1_263_600,
      rate: CHILD_HEALTH_INSURANCE_PREMIUM_RATE,
      baseSalaryVnd: 2_340_000,
    });
  });

  it('is 81,000 VND a month the day before', () => {
    expect(childHealthInsuranceAnnualPremium('2024-06-30')).toMatchObject({ monthlyVnd: 81_000, annualVnd: 972_000 });
  });

  it('rounds to whole đồng', () => {
    // 4.5% of 1,490,000 is 67,050 exactly; every result is an integer.
    const premium = childHealthInsuranceAnnualPremium('2020-01-01');
    expect(premium.monthlyVnd).toBe(67_050);
    expect(Number.isInteger(premium.annualVnd)).toBe(true);
  });
});
