/**
 * Benefit amounts that follow statutory reference amounts, kept as effective-dated data so that a payment is
 * computed from the values in force on the day that matters (the date of death for a funeral allowance) and a
 * new decree is one more table row, not a code change. Amounts are whole Vietnamese đồng.
 */

import { assertIsoDate } from './dates.ts';

/** A reference amount in force from `from` until the next entry of its table. */
export interface EffectiveAmount {
  readonly from: string;
  readonly amountVnd: number;
  readonly source: string;
  /** False when the figure has not been checked against the legal text. */
  readonly confirmed: boolean;
}

/** Base salary (mức lương cơ sở), the unit of many benefits and premiums; oldest first. */
export const BASE_SALARY_VND: readonly EffectiveAmount[] = [
  { from: '2019-07-01', amountVnd: 1_490_000, source: 'Decree 38/2019/NĐ-CP', confirmed: true },
  { from: '2023-07-01', amountVnd: 1_800_000, source: 'Decree 24/2023/NĐ-CP', confirmed: true },
  { from: '2024-07-01', amountVnd: 2_340_000, source: 'Decree 73/2024/NĐ-CP', confirmed: true },
];

/** Social-assistance standard (mức chuẩn trợ giúp xã hội), the unit of welfare benefits; oldest first. */
export const SOCIAL_ASSISTANCE_STANDARD_VND: readonly EffectiveAmount[] = [
  { from: '2021-07-01', amountVnd: 360_000, source: 'Decree 20/2021/NĐ-CP, Art. 4', confirmed: true },
  { from: '2024-07-01', amountVnd: 500_000, source: 'Decree 76/2024/NĐ-CP', confirmed: true },
];

/** The entry of `table` (oldest first) in force on `date`; a RangeError before the first entry. */
export const amountOn = (table: readonly EffectiveAmount[], date: string): EffectiveAmount => {
  const on = assertIsoDate(date);
  let found: EffectiveAmount | undefined;
  for (const entry of table) {
    if (entry.from <= on) found = entry;
    else break;
  }
  if (found === undefined) {
    const first = table[0];
    throw new RangeError(
      first === undefined
        ? 'The table of amounts is empty.'
        : `No amount is recorded for ${on}; the table starts on ${first.from}.`,
    );
  }
  return found;
};

/** How a funeral allowance is computed: a multiple of a reference amount, paid by one authority. */
export interface FuneralAllowanceRule {
  readonly payer: 'social-security' | 'welfare';
  readonly multiplier: number;
  /** The reference amount multiplied. */
  readonly base: 'base-salary' | 'social-assistance-standard';
  /** Deaths on or after this date are covered by the rule. */
  readonly from: string;
  readonly source: string;
  readonly confirmed: boolean;
}

export const FUNERAL_ALLOWANCE_RULES = {
  /** VSS pays the person who arranged the funeral of an insured person (≥12 months of contributions) or pensioner. */
  socialSecurity: {
    payer: 'social-security',
    multiplier: 10,
    base: 'base-salary',
    from: '2016-01-01',
    source:
      'Law on Social Insurance 2014, Art. 66 (10 × the base salary of the month of death); carried over by the ' +
      'Law on Social Insurance 2024, Art. 86, from 1 July 2025',
    confirmed: true,
  },
  /** The welfare authority pays at least this for a social-protection beneficiary. */
  welfare: {
    payer: 'welfare',
    multiplier: 20,
    base: 'social-assistance-standard',
    from: '2021-07-01',
    source: 'Decree 20/2021/NĐ-CP, Art. 11 (at least 20 × the social-assistance standard); multiplier unconfirmed',
    confirmed: false,
  },
} as const satisfies Record<string, FuneralAllowanceRule>;

/** Why a funeral allowance is due: the deceased was insured ≥12 months, a pensioner, a welfare beneficiary, or none. */
export type FuneralAllowanceBasis = 'insured' | 'pensioner' | 'social-protection' | 'none';

export interface FuneralAllowance {
  readonly payer: 'social-security' | 'welfare';
  readonly amountVnd: number;
  readonly multiplier: number;
  readonly baseAmountVnd: number;
  /** The rule in words with its legal source, for the decision letter. */
  readonly rule: string;
  /** False when the rule or the reference amount is not confirmed. */
  readonly confirmed: boolean;
}

/**
 * The funeral allowance due for a death on `dateOfDeath`, from the reference amount in force that day (reference
 * amounts change on the first of a month, so this is also the amount of the month of death); undefined when the
 * basis is 'none'. The caller establishes the basis (e.g. the 12 months of contributions). For welfare the result
 * is the legal minimum. A death before the rule or before the reference table starts is a RangeError.
 */
export const funeralAllowance = (basis: FuneralAllowanceBasis, dateOfDeath: string): FuneralAllowance | undefined => {
  const date = assertIsoDate(dateOfDeath, 'date of death');
  if (basis === 'none') return undefined;
  const rule: FuneralAllowanceRule =
    basis === 'social-protection' ? FUNERAL_ALLOWANCE_RULES.welfare : FUNERAL_ALLOWANCE_RULES.socialSecurity;
  if (date < rule.from) {
    throw new RangeError(`The funeral allowance rule used here applies to deaths from ${rule.from}; got ${date}.`);
  }
  const table = rule.base === 'base-salary' ? BASE_SALARY_VND : SOCIAL_ASSISTANCE_STANDARD_VND;
  const reference = amountOn(table, date);
  const baseName = rule.base === 'base-salary' ? 'base salary' : 'social-assistance standard';
  return {
    payer: rule.payer,
    amountVnd: rule.multiplier * reference.amountVnd,
    multiplier: rule.multiplier,
    baseAmountVnd: reference.amountVnd,
    rule:
      `${rule.multiplier} × ${baseName} (${reference.amountVnd.toLocaleString('en-US')} VND, ` +
      `${reference.source}); ${rule.source}`,
    confirmed: rule.confirmed && reference.confirmed,
  };
};

/** Premium rate of a child under 6's health insurance, a share of the base salary per month (state budget pays). */
export const CHILD_HEALTH_INSURANCE_PREMIUM_RATE = 0.045;

export interface ChildHealthInsurancePremium {
  readonly monthlyVnd: number;
  readonly annualVnd: number;
  readonly rate: number;
  readonly baseSalaryVnd: number;
}

/**
 * The health-insurance premium the state budget pays for a child under 6 at the base salary in force on `onDate`:
 * 4.5% of it per month, rounded to whole đồng, and twelve such months a year (Decree 146/2018/NĐ-CP, Art. 7, under Art. 13 of the Law on Health Insurance).
 */
export const childHealthInsuranceAnnualPremium = (onDate: string): ChildHealthInsurancePremium => {
  const baseSalaryVnd = amountOn(BASE_SALARY_VND, onDate).amountVnd;
  const monthlyVnd = Math.round(baseSalaryVnd * CHILD_HEALTH_INSURANCE_PREMIUM_RATE);
  return { monthlyVnd, annualVnd: monthlyVnd * 12, rate: CHILD_HEALTH_INSURANCE_PREMIUM_RATE, baseSalaryVnd };
};
