/**
 * The health-insurance card of a child under 6 (category TE, premium paid by the state), issued by VSS as the last
 * step of interconnected group 1 (birth → permanent residence → health-insurance card). Pure rules: how long the
 * card is valid and how its 15-character number is formed.
 */

import { assertIsoDate, isLeapYear } from './dates.ts';

/** The card category of children under 6 (trẻ em). */
export const TE_CATEGORY = 'TE';

/** Benefit level 1: children under 6 are covered at 100%. */
export const TE_BENEFIT_LEVEL = '1';

const PROVINCE_CODE = /^\d{2}$/;
const SOCIAL_INSURANCE_NUMBER = /^\d{10}$/;
const MAX_SERIAL = 99_999_999;

const assertProvinceCode = (provinceCode: string): string => {
  if (!PROVINCE_CODE.test(provinceCode) || provinceCode === '00') {
    throw new RangeError(`A province code is two digits from 01 to 99; got "${provinceCode}".`);
  }
  return provinceCode;
};

/**
 * The sixth birthday, the day the child reaches 72 months. For a child born on 29 February it is 28 February when
 * the sixth year has no 29 February: a period counted in months ends on the last day of the final month when that
 * month lacks the matching day (Civil Code 2015, Art. 148). This differs on purpose from `ageInYears` in dates.ts,
 * which makes such a person a year older on 1 March.
 */
const sixthBirthday = (birthDate: string): string => {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  const targetYear = Number(year) + 6;
  const targetDay = month === '02' && day === '29' && !isLeapYear(targetYear) ? '28' : day;
  return `${String(targetYear).padStart(4, '0')}-${month}-${targetDay}`;
};

/**
 * The last day a child's TE card is valid: "until the day the child reaches 72 months" (Law on Health Insurance,
 * Art. 16), read as including the sixth birthday itself; if that day is before 30 September, the child has not yet
 * started school, so the card runs to 30 September of that year. Born 2020-03-10 → 2026-09-30; born 2020-11-05 →
 * 2026-11-05. The rule assumes every child starts primary school in the September after turning six.
 */
export const teCardValidUntil = (birthDate: string): string => {
  const sixth = sixthBirthday(assertIsoDate(birthDate, 'birth date'));
  const schoolStart = `${sixth.slice(0, 4)}-09-30`;
  return sixth < schoolStart ? schoolStart : sixth;
};

/**
 * The 15-character number printed on a TE card: `TE`, benefit level `1`, the 2-digit province code and the
 * 10-digit social-insurance number (e.g. `TE1` + `01` + `0100000042`). RangeError on malformed parts.
 */
export const composeTeCardNumber = (provinceCode: string, socialInsuranceNumber: string): string => {
  assertProvinceCode(provinceCode);
  if (!SOCIAL_INSURANCE_NUMBER.test(socialInsuranceNumber)) {
    throw new RangeError(`A social-insurance number is 10 digits; got "${socialInsuranceNumber}".`);
  }
  return `${TE_CATEGORY}${TE_BENEFIT_LEVEL}${provinceCode}${socialInsuranceNumber}`;
};

/**
 * A 10-digit social-insurance number from a per-province counter: the 2-digit province code followed by the serial
 * (1 to 99,999,999) zero-padded to 8 digits. VSS allocates real numbers differently; this scheme only guarantees
 * that numbers are unique as long as each province's counter never repeats a serial.
 */
export const socialInsuranceNumberFromSerial = (provinceCode: string, serial: number): string => {
  assertProvinceCode(provinceCode);
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) {
    throw new RangeError(`A serial is a whole number from 1 to ${MAX_SERIAL}; got ${serial}.`);
  }
  return `${provinceCode}${String(serial).padStart(8, '0')}`;
};

/**
 * The validity printed on a child's card issued on `issuedOn`: from birth (coverage starts at birth, even when the
 * card is issued later) until `teCardValidUntil`. RangeError if the card would be issued before the birth or after
 * the child stopped being eligible.
 */
export const childCardValidity = (birthDate: string, issuedOn: string): { validFrom: string; validUntil: string } => {
  const validFrom = assertIsoDate(birthDate, 'birth date');
  const issued = assertIsoDate(issuedOn, 'issue date');
  const validUntil = teCardValidUntil(validFrom);
  if (issued < validFrom) {
    throw new RangeError(`A card cannot be issued on ${issued}, before the birth on ${validFrom}.`);
  }
  if (issued > validUntil) {
    throw new RangeError(
      `A child born on ${validFrom} is no longer eligible for a TE card on ${issued}; eligibility ended on ${validUntil}.`,
    );
  }
  return { validFrom, validUntil };
};
