import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_SOURCE,
  CALENDAR_YEARS,
  EXTRA_WORKING_DAYS,
  PUBLIC_HOLIDAYS,
} from '../../../../shared/domain/calendar/public-holidays.ts';
import { vietnamDate } from '../../../../shared/domain/clock.ts';
import { isIsoDate } from '../../../../shared/domain/dates.ts';
import {
  addWorkingDays,
  CUTOFF_HOUR,
  VIETNAM_CIVIL_SERVICE_CALENDAR as calendar,
  createWorkingCalendar,
  dueDate,
  endOfWorkingDay,
  nextWorkingDay,
  receiptDate,
  workingDaysBetween,
} from '../../../../shared/domain/working-days.ts';

/** An instant given as Vietnam local time, e.g. vn('2025-03-04T09:00'). */
const vn = (local: string): Date => new Date(`${local}+07:00`);

const datesIn2024To2028 = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar data', () => {
  it('holds only real, distinct dates within the covered years', () => {
    const dates = PUBLIC_HOLIDAYS.map((day) => day.date);

    expect(dates.every(isIsoDate)).toBe(true);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.every((date) => (CALENDAR_YEARS as readonly number[]).includes(Number(date.slice(0, 4))))).toBe(true);
  });

  it('makes up bridging days only on Saturdays that are not also days off', () => {
    for (const { date } of EXTRA_WORKING_DAYS) {
      expect(new Date(`${date}T00:00:00Z`).getUTCDay()).toBe(6);
      expect(PUBLIC_HOLIDAYS.some((day) => day.date === date)).toBe(false);
    }
  });

  it('marks every 2027 entry as provisional, and says so in the source', () => {
    const entries2027 = PUBLIC_HOLIDAYS.filter((day) => day.date.startsWith('2027-'));

    expect(entries2027.length).toBeGreaterThan(0);
    expect(entries2027.every((day) => day.provisional === true)).toBe(true);
    expect(CALENDAR_SOURCE).toMatch(/2027 is PROVISIONAL/);
    expect(CALENDAR_SOURCE).toMatch(/update yearly/);
  });
});

describe('VIETNAM_CIVIL_SERVICE_CALENDAR', () => {
  it('is open Monday to Friday and closed at weekends', () => {
    expect(calendar.isWorkingDay('2025-03-03')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2025-03-07')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2025-03-08')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-03-09')).toBe(false); // Sunday
  });

  it('is closed on every weekday of Tết 2026 (16–20 February) and open again on 23 February', () => {
    for (const date of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) {
      expect(calendar.isWorkingDay(date)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('is closed on bridging days and days in lieu', () => {
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
  });

  it('is open on the Saturdays worked to make up for them', () => {
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
  });

  it('rejects a date that does not exist', () => {
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow(RangeError);
  });
});

describe('createWorkingCalendar', () => {
  it('applies the given holidays and extra working days only', () => {
    const custom = createWorkingCalendar({ holidays: ['2025-03-04'], extraWorkingDays: ['2025-03-08'] });

    expect(custom.isWorkingDay('2025-03-04')).toBe(false);
    expect(custom.isWorkingDay('2025-03-08')).toBe(true);
    expect(custom.isWorkingDay('2025-03-09')).toBe(false);
    expect(custom.isWorkingDay('2026-02-17')).toBe(true); // Tết is not in this calendar
  });

  it('rejects malformed dates in its data', () => {
    expect(() => createWorkingCalendar({ holidays: ['2025-13-01'] })).toThrow(RangeError);
  });
});

describe('receiptDate', () => {
  it('is the same day for a dossier sent on a working day before 15:00 Vietnam time', () => {
    expect(receiptDate(vn('2025-03-04T09:00'))).toBe('2025-03-04');
    expect(receiptDate(vn('2025-03-04T14:59:59.999'))).toBe('2025-03-04');
  });

  it('counts 15:00:00 exactly and later from the next working day', () => {
    expect(CUTOFF_HOUR).toBe(15);
    expect(receiptDate(vn('2025-03-04T15:00'))).toBe('2025-03-05');
    expect(receiptDate(vn('2025-03-04T23:59'))).toBe('2025-03-05');
  });

  it('uses the Vietnam date, not the UTC date', () => {
    // 18:00 UTC on 4 March is 01:00 on 5 March in Vietnam.
    expect(receiptDate(new Date('2025-03-04T18:00:00Z'))).toBe('2025-03-05');
    // 07:59 UTC is 14:59 in Vietnam, 08:00 UTC is 15:00.
    expect(receiptDate(new Date('2025-03-04T07:59:00Z'))).toBe('2025-03-04');
    expect(receiptDate(new Date('2025-03-04T08:00:00Z'))).toBe('2025-03-05');
  });

  it('moves a Friday-afternoon dossier to Monday', () => {
    expect(receiptDate(vn('2025-03-07T15:30'))).toBe('2025-03-10');
  });

  it('moves weekend dossiers to Monday, whatever the hour', () => {
    expect(receiptDate(vn('2025-03-08T10:00'))).toBe('2025-03-10');
    expect(receiptDate(vn('2025-03-09T00:00'))).toBe('2025-03-10');
  });

  it('moves a dossier sent on the last afternoon before Tết 2026 to the first day after it', () => {
    expect(receiptDate(vn('2026-02-13T16:00'))).toBe('2026-02-23');
    expect(receiptDate(vn('2026-02-17T09:00'))).toBe('2026-02-23');
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(receiptDate(vn('2026-01-10T09:00'))).toBe('2026-01-10');
    expect(receiptDate(vn('2026-01-09T16:00'))).toBe('2026-01-10');
  });

  it('rejects an invalid instant', () => {
    expect(() => receiptDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('nextWorkingDay', () => {
  it('skips weekends and holidays', () => {
    expect(nextWorkingDay('2025-12-31')).toBe('2026-01-05');
  });

  it('stops with an error when a calendar has no working days', () => {
    expect(() => nextWorkingDay('2025-01-01', { isWorkingDay: () => false })).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('returns a working day itself for 0 days, and the next working day for a day off', () => {
    expect(addWorkingDays('2025-03-03', 0)).toBe('2025-03-03');
    expect(addWorkingDays('2025-03-08', 0)).toBe('2025-03-10');
  });

  it('counts working days strictly after the date', () => {
    expect(addWorkingDays('2025-03-03', 1)).toBe('2025-03-04');
    expect(addWorkingDays('2025-03-03', 5)).toBe('2025-03-10');
    expect(addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
  });

  it('skips Tết 2026', () => {
    expect(addWorkingDays('2026-02-12', 2)).toBe('2026-02-23');
  });

  it('skips 30 April to 4 May 2025 and counts the make-up Saturday before it', () => {
    expect(addWorkingDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
  });

  it('rejects negative and fractional counts', () => {
    expect(() => addWorkingDays('2025-03-03', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-03', 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-03-03', Number.NaN)).toThrow(RangeError);
  });

  it('always lands on a working day, n working days after the start (property)', () => {
    fc.assert(
      fc.property(datesIn2024To2028, fc.integer({ min: 0, max: 60 }), (date, n) => {
        const result = addWorkingDays(date, n);
        expect(calendar.isWorkingDay(result)).toBe(true);
        expect(result >= date).toBe(true);
        if (n >= 1) expect(workingDaysBetween(date, result)).toBe(n);
        else expect(workingDaysBetween(date, result)).toBe(calendar.isWorkingDay(date) ? 0 : 1);
      }),
    );
  });
});

describe('dueDate', () => {
  it('is the receipt day for a one-day ("same working day") limit', () => {
    expect(dueDate(vn('2025-03-04T09:00'), 1)).toBe('2025-03-04');
    expect(dueDate(vn('2025-03-04T15:00'), 1)).toBe('2025-03-05');
  });

  it('counts the receipt day as day 1', () => {
    expect(dueDate(vn('2025-03-03T09:00'), 3)).toBe('2025-03-05');
    expect(dueDate(vn('2025-03-07T16:00'), 3)).toBe('2025-03-12');
  });

  it('runs over Tết 2026', () => {
    expect(dueDate(vn('2026-02-12T10:00'), 3)).toBe('2026-02-23');
    expect(dueDate(vn('2026-02-12T15:00'), 3)).toBe('2026-02-24');
  });

  it('runs over National Day 2026 and counts its make-up Saturday', () => {
    // Friday 21 August after 15:00 counts from Saturday 22 August, a make-up working day.
    expect(dueDate(vn('2026-08-21T16:00'), 2)).toBe('2026-08-24');
    // From Friday 28 August the next working day is Thursday 3 September (31 August to 2 September are off).
    expect(dueDate(vn('2026-08-28T09:00'), 2)).toBe('2026-09-03');
  });

  it('rejects limits below one working day', () => {
    expect(() => dueDate(vn('2025-03-03T09:00'), 0)).toThrow(RangeError);
    expect(() => dueDate(vn('2025-03-03T09:00'), 2.5)).toThrow(RangeError);
  });

  it('is always n - 1 working days after the receipt day (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2027-12-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 30 }),
        (submittedAt, n) => {
          const receipt = receiptDate(submittedAt);
          const due = dueDate(submittedAt, n);
          expect(calendar.isWorkingDay(receipt)).toBe(true);
          expect(receipt >= vietnamDate(submittedAt)).toBe(true);
          expect(workingDaysBetween(receipt, due)).toBe(n - 1);
        },
      ),
    );
  });
});

describe('endOfWorkingDay', () => {
  it('is 17:00 Vietnam time, 10:00 UTC', () => {
    expect(endOfWorkingDay('2026-02-23').toISOString()).toBe('2026-02-23T10:00:00.000Z');
  });

  it('rejects a date that does not exist', () => {
    expect(() => endOfWorkingDay('2026-02-29')).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after `from` up to and including `to`', () => {
    expect(workingDaysBetween('2025-03-02', '2025-03-09')).toBe(5);
    expect(workingDaysBetween('2025-03-03', '2025-03-04')).toBe(1);
  });

  it('counts one working day across Tết 2026', () => {
    expect(workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(workingDaysBetween('2025-03-04', '2025-03-04')).toBe(0);
    expect(workingDaysBetween('2025-03-05', '2025-03-04')).toBe(0);
  });
});
