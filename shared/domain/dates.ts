/**
 * Calendar dates as the platform keeps them: ISO `YYYY-MM-DD` strings in the Gregorian calendar, no time and no
 * time zone (Vietnam keeps UTC+7 all year; see clock.ts for "today"). Parsing is strict so that a typo such as
 * `2025-02-30` is reported to the person who typed it instead of silently becoming 2 March.
 */

export type DateResult =
  | { readonly ok: true; readonly date: string }
  | { readonly ok: false; readonly errors: string[] };

export interface ParseDateOptions {
  /** What the date is, for messages ("birth date", "date of death"); defaults to "date". */
  readonly label?: string;
  /** Reject dates after this ISO date, e.g. today's date for a birth date. */
  readonly notAfter?: string;
  /** Reject dates before this ISO date. */
  readonly notBefore?: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** English month names, as the date messages write them (the portal reads them back to translate those messages). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Whether a Gregorian year has 29 February. */
export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Number of days in a month (1–12) of a year, so callers can check a day without building a Date. */
export const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/**
 * Parses a date typed or sent as `YYYY-MM-DD` and explains every problem in words a citizen or officer can act on
 * (wrong shape, month 13, 30 February, a birth date in the future when `notAfter` is today).
 */
export const parseIsoDate = (text: string, options: ParseDateOptions = {}): DateResult => {
  const label = options.label ?? 'date';
  const trimmed = text.trim();
  const match = ISO_DATE.exec(trimmed);
  if (!match) {
    const shown = trimmed === '' ? 'nothing was entered' : `"${trimmed}" is not in that form`;
    return { ok: false, errors: [`Enter the ${label} as YYYY-MM-DD, for example 2024-03-09; ${shown}.`] };
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const errors: string[] = [];
  if (year < 1) errors.push(`The year of the ${label} must be 0001 or later.`);
  if (month < 1 || month > 12) {
    errors.push(`The ${label} ${trimmed} has month ${match[2]}; months run from 01 to 12.`);
  } else {
    const last = daysInMonth(year, month);
    if (day < 1 || day > last) {
      const monthName = MONTH_NAMES[month - 1] ?? '';
      const leapNote = month === 2 && day === 29 ? ` (${year} is not a leap year)` : '';
      errors.push(`The ${label} ${trimmed} does not exist: ${monthName} ${year} has ${last} days${leapNote}.`);
    }
  }
  if (errors.length === 0 && options.notAfter !== undefined && trimmed > options.notAfter) {
    errors.push(`The ${label} ${trimmed} is in the future (today is ${options.notAfter}).`);
  }
  if (errors.length === 0 && options.notBefore !== undefined && trimmed < options.notBefore) {
    errors.push(`The ${label} ${trimmed} is before ${options.notBefore}, the earliest accepted.`);
  }
  return errors.length === 0 ? { ok: true, date: trimmed } : { ok: false, errors };
};

/** Parses a birth date, rejecting dates after `today`, because nobody can be registered before being born. */
export const parseBirthDate = (text: string, today: string): DateResult =>
  parseIsoDate(text, { label: 'birth date', notAfter: today });

/** Whether a string is a real calendar date in `YYYY-MM-DD` form. */
export const isIsoDate = (text: string): boolean => parseIsoDate(text).ok && text.trim() === text;

/** Returns the date or throws a RangeError carrying the explanation; for dates that are already known to be valid. */
export const assertIsoDate = (text: string, label = 'date'): string => {
  const result = parseIsoDate(text, { label });
  if (!result.ok) throw new RangeError(result.errors.join(' '));
  return result.date;
};

/** Negative, zero or positive as `a` is before, equal to or after `b` (ISO dates sort as strings). */
export const compareIsoDates = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The date `days` days after (or before, if negative) an ISO date, e.g. the last day before a change took effect. */
export const addDays = (date: string, days: number): string => {
  const valid = assertIsoDate(date);
  const [year, month, day] = valid.split('-').map(Number) as [number, number, number];
  const shifted = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  shifted.setUTCFullYear(year, month - 1, day + days);
  return shifted.toISOString().slice(0, 10);
};

/**
 * Completed years of age on a date (the age a person states). Someone born on 29 February becomes a year older
 * on 1 March in years without that day.
 */
export const ageInYears = (birthDate: string, onDate: string): number => {
  const birth = assertIsoDate(birthDate, 'birth date');
  const on = assertIsoDate(onDate);
  if (on < birth) throw new RangeError(`Cannot compute an age on ${on}, before the birth date ${birth}.`);
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  const hadBirthday = om > bm || (om === bm && od >= bd);
  return oy - by - (hadBirthday ? 0 : 1);
};

/** The 21 five-year age groups of population statistics, youngest first. */
export const FIVE_YEAR_AGE_GROUPS = [
  ...Array.from({ length: 20 }, (_, i) => `${i * 5}-${i * 5 + 4}`),
  '100+',
] as readonly string[];

/** The five-year age group ('0-4', '5-9', … '95-99', '100+') an age in completed years falls in, for statistics. */
export const fiveYearAgeGroup = (age: number): string => {
  if (!Number.isInteger(age) || age < 0) throw new RangeError(`An age must be a whole number of years, 0 or more.`);
  if (age >= 100) return '100+';
  const start = Math.floor(age / 5) * 5;
  return `${start}-${start + 4}`;
};
