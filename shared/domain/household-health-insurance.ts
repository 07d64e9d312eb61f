/**
 * The premium of health insurance bought by a household (category GD, service 20), with the family discount. Pure
 * rules kept as configuration with their legal source, so a new base salary is a row of BASE_SALARY_VND and a new
 * rate or discount is a change of HOUSEHOLD_HEALTH_INSURANCE, not of the arithmetic.
 */
import { amountOn, BASE_SALARY_VND } from './benefits.ts';
import { addDays, assertIsoDate, isLeapYear } from './dates.ts';

export interface HouseholdPremiumRule {
  /** The monthly premium of the first member, in basis points of the base salary (450 = 4.5%). */
  readonly monthlyRateBasisPoints: number;
  /** What the second, third, fourth... member pays, in percent of the first's premium; the last applies onwards. */
  readonly sharesOfFirstPercent: readonly number[];
  /** How many months one renewal buys. */
  readonly months: number;
  readonly source: string;
}

export const HOUSEHOLD_HEALTH_INSURANCE: HouseholdPremiumRule = {
  monthlyRateBasisPoints: 450,
  sharesOfFirstPercent: [100, 70, 60, 50, 40],
  months: 12,
  source:
    'Law on Health Insurance 25/2008/QH12, art. 13 (amended by 46/2014/QH13 and 51/2024/QH15): the first member ' +
    'pays the full premium, the second 70%, the third 60%, the fourth 50%, the fifth and later 40% of it; the rate, ' +
    '4.5% of the base salary a month, is set by Decree 146/2018/NĐ-CP, art. 7 (kept by Decree 188/2025/NĐ-CP)',
};

/** The card category of household participants (hộ gia đình) and its benefit level (80%). */
export const GD_CATEGORY = 'GD';
export const GD_BENEFIT_LEVEL = '4';

export interface MemberPremium {
  /** 1 for the first member. */
  readonly position: number;
  readonly sharePercent: number;
  readonly amountVnd: number;
}

export interface HouseholdPremium {
  readonly baseSalaryVnd: number;
  readonly baseSalarySource: string;
  /** The base salary table's row the premium used (its `from`), printed as the fee schedule's version. */
  readonly baseSalaryFrom: string;
  readonly monthlyRateBasisPoints: number;
  readonly months: number;
  /** The first member's premium for the whole period; the others pay a share of it. */
  readonly firstMemberVnd: number;
  readonly members: readonly MemberPremium[];
  readonly totalVnd: number;
  readonly source: string;
}

/**
 * The premiums of `memberCount` members of one household renewing together, at the base salary in force on `onDate`:
 * the first member's monthly premium is rounded to whole đồng and multiplied by the months; each other member pays
 * their share of that, rounded to whole đồng. RangeError for no member or a date before the base salary table.
 */
export const householdPremium = (
  memberCount: number,
  onDate: string,
  rule: HouseholdPremiumRule = HOUSEHOLD_HEALTH_INSURANCE,
): HouseholdPremium => {
  if (!Number.isInteger(memberCount) || memberCount < 1) {
    throw new RangeError(`A household renews for at least one member; got ${memberCount}.`);
  }
  const base = amountOn(BASE_SALARY_VND, assertIsoDate(onDate));
  const monthlyVnd = Math.round((base.amountVnd * rule.monthlyRateBasisPoints) / 10_000);
  const firstMemberVnd = monthlyVnd * rule.months;
  const shares = rule.sharesOfFirstPercent;
  const members = Array.from({ length: memberCount }, (_, i): MemberPremium => {
    const sharePercent = shares[Math.min(i, shares.length - 1)] ?? 100;
    return { position: i + 1, sharePercent, amountVnd: Math.round((firstMemberVnd * sharePercent) / 100) };
  });
  return {
    baseSalaryVnd: base.amountVnd,
    baseSalarySource: base.source,
    baseSalaryFrom: base.from,
    monthlyRateBasisPoints: rule.monthlyRateBasisPoints,
    months: rule.months,
    firstMemberVnd,
    members,
    totalVnd: members.reduce((sum, m) => sum + m.amountVnd, 0),
    source: rule.source,
  };
};

/**
 * The last day of a period of `months` months starting on `from` (Civil Code 2015, art. 148: the day before the same
 * day `months` later; from 29 February to a year without it, the last day of February).
 */
export const periodUntil = (from: string, months: number): string => {
  const [year, month, day] = assertIsoDate(from).split('-').map(Number) as [number, number, number];
  const total = month - 1 + months;
  const endYear = year + Math.floor(total / 12);
  const endMonth = (total % 12) + 1;
  const lastDay = [31, isLeapYear(endYear) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][endMonth - 1] ?? 31;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  if (day > lastDay) return `${pad(endYear, 4)}-${pad(endMonth)}-${pad(lastDay)}`;
  return addDays(`${pad(endYear, 4)}-${pad(endMonth)}-${pad(day)}`, -1);
};

/** The card category (first two letters of the card number: GD household, DN employee, HT pensioner, TE child...). */
export const cardCategory = (cardNumber: string): string => cardNumber.slice(0, 2);

/** A household card number: GD, benefit level 4, the 2-digit province code and the 10-digit social-insurance number. */
export const composeGdCardNumber = (provinceCode: string, socialInsuranceNumber: string): string => {
  if (!/^\d{2}$/.test(provinceCode)) throw new RangeError(`A province code is two digits; got "${provinceCode}".`);
  if (!/^\d{10}$/.test(socialInsuranceNumber)) {
    throw new RangeError(`A social-insurance number is 10 digits; got "${socialInsuranceNumber}".`);
  }
  return `${GD_CATEGORY}${GD_BENEFIT_LEVEL}${provinceCode}${socialInsuranceNumber}`;
};
