import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageInYears,
  compareIsoDates,
  daysInMonth,
  FIVE_YEAR_AGE_GROUPS,
  fiveYearAgeGroup,
  isIsoDate,
  isLeapYear,
  parseBirthDate,
  parseIsoDate,
} from '../../../../shared/domain/dates.ts';

const isoDates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('parseIsoDate', () => {
  it('accepts a real calendar date and returns it unchanged', () => {
    const result = parseIsoDate('2024-02-29');

    expect(result).toEqual({ ok: true, date: '2024-02-29' });
  });

  it('trims surrounding spaces', () => {
    expect(parseIsoDate(' 2025-07-01 ')).toEqual({ ok: true, date: '2025-07-01' });
  });

  it('rejects 30 February and says how many days the month has', () => {
    const result = parseIsoDate('2025-02-30');

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual(['The date 2025-02-30 does not exist: February 2025 has 28 days.']);
  });

  it('explains that 29 February needs a leap year', () => {
    const result = parseIsoDate('2023-02-29', { label: 'birth date' });

    expect(!result.ok && result.errors[0]).toBe(
      'The birth date 2023-02-29 does not exist: February 2023 has 28 days (2023 is not a leap year).',
    );
  });

  it('rejects month 13', () => {
    const result = parseIsoDate('2025-13-01');

    expect(!result.ok && result.errors[0]).toBe('The date 2025-13-01 has month 13; months run from 01 to 12.');
  });

  it('rejects day 31 in a 30-day month', () => {
    expect(parseIsoDate('2025-04-31').ok).toBe(false);
  });

  it('rejects other shapes with an example of the right one', () => {
    for (const text of ['01/07/2025', '2025-7-1', '20250701', '2025-07-01T00:00:00Z']) {
      const result = parseIsoDate(text);
      expect(!result.ok && result.errors[0]).toBe(
        `Enter the date as YYYY-MM-DD, for example 2024-03-09; "${text}" is not in that form.`,
      );
    }
  });

  it('says when nothing was entered', () => {
    const result = parseIsoDate('  ', { label: 'date of death' });

    expect(!result.ok && result.errors[0]).toBe(
      'Enter the date of death as YYYY-MM-DD, for example 2024-03-09; nothing was entered.',
    );
  });

  it('rejects a date after notAfter, naming today', () => {
    const result = parseIsoDate('2026-11-24', { label: 'birth date', notAfter: '2026-11-23' });

    expect(!result.ok && result.errors).toEqual(['The birth date 2026-11-24 is in the future (today is 2026-11-23).']);
  });

  it('accepts a date equal to notAfter', () => {
    expect(parseIsoDate('2026-11-23', { notAfter: '2026-11-23' }).ok).toBe(true);
  });

  it('rejects a date before notBefore', () => {
    const result = parseIsoDate('1899-12-31', { notBefore: '1900-01-01' });

    expect(!result.ok && result.errors[0]).toBe('The date 1899-12-31 is before 1900-01-01, the earliest accepted.');
  });

  it('accepts every date a real calendar produces', () => {
    fc.assert(fc.property(isoDates, (date) => parseIsoDate(date).ok));
  });
});

describe('parseBirthDate', () => {
  it('rejects a birth date in the future', () => {
    expect(parseBirthDate('2030-01-01', '2026-11-23').ok).toBe(false);
  });

  it('accepts a baby born today', () => {
    expect(parseBirthDate('2026-11-23', '2026-11-23')).toEqual({ ok: true, date: '2026-11-23' });
  });
});

describe('calendar helpers', () => {
  it('knows the Gregorian leap-year rule', () => {
    expect([1900, 2000, 2024, 2025].map(isLeapYear)).toEqual([false, true, true, false]);
  });

  it('gives the number of days in each month', () => {
    expect([1, 2, 4, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 29, 30, 31]);
  });

  it('tells a real date from a look-alike', () => {
    expect(isIsoDate('2025-06-30')).toBe(true);
    expect(isIsoDate('2025-06-31')).toBe(false);
    expect(isIsoDate(' 2025-06-30')).toBe(false);
  });

  it('orders dates', () => {
    expect(compareIsoDates('2025-06-30', '2025-07-01')).toBeLessThan(0);
    expect(compareIsoDates('2025-07-01', '2025-07-01')).toBe(0);
  });

  it('finds the day before a change takes effect, across month and year ends', () => {
    expect(addDays('2025-07-01', -1)).toBe('2025-06-30');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('moves forward and back by the same number of days', () => {
    fc.assert(fc.property(isoDates, fc.integer({ min: -5000, max: 5000 }), (d, n) => addDays(addDays(d, n), -n) === d));
  });
});

describe('ageInYears', () => {
  it('counts completed years', () => {
    expect(ageInYears('1990-05-15', '2025-05-14')).toBe(34);
    expect(ageInYears('1990-05-15', '2025-05-15')).toBe(35);
  });

  it('is zero on the day of birth', () => {
    expect(ageInYears('2025-07-01', '2025-07-01')).toBe(0);
  });

  it('makes someone born on 29 February a year older on 1 March in other years', () => {
    expect(ageInYears('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageInYears('2004-02-29', '2025-03-01')).toBe(21);
  });

  it('refuses a date before the birth', () => {
    expect(() => ageInYears('2025-01-01', '2024-12-31')).toThrow(/before the birth date/);
  });

  it('refuses an impossible birth date', () => {
    expect(() => ageInYears('2025-02-30', '2025-03-01')).toThrow(/does not exist/);
  });

  it('never decreases as time passes', () => {
    fc.assert(
      fc.property(isoDates, fc.nat(40_000), fc.nat(400), (birth, a, b) => {
        const earlier = addDays(birth, a);
        return ageInYears(birth, addDays(earlier, b)) >= ageInYears(birth, earlier);
      }),
    );
  });
});

describe('fiveYearAgeGroup', () => {
  it('puts ages into five-year groups', () => {
    expect([0, 4, 5, 9, 14, 95, 99].map(fiveYearAgeGroup)).toEqual([
      '0-4',
      '0-4',
      '5-9',
      '5-9',
      '10-14',
      '95-99',
      '95-99',
    ]);
  });

  it('puts 100 and older into 100+', () => {
    expect(fiveYearAgeGroup(100)).toBe('100+');
    expect(fiveYearAgeGroup(117)).toBe('100+');
  });

  it('rejects negative or fractional ages', () => {
    expect(() => fiveYearAgeGroup(-1)).toThrow(RangeError);
    expect(() => fiveYearAgeGroup(4.5)).toThrow(RangeError);
  });

  it('lists 21 groups and every age falls in one of them', () => {
    expect(FIVE_YEAR_AGE_GROUPS).toHaveLength(21);
    fc.assert(fc.property(fc.nat(130), (age) => FIVE_YEAR_AGE_GROUPS.includes(fiveYearAgeGroup(age))));
  });
});
