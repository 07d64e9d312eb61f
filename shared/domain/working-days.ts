/**
 * Working-day arithmetic for administrative deadlines. Procedure time limits are stated in working days
 * (ngày làm việc): Monday to Friday, minus public holidays and bridging days, plus the Saturdays worked to make up
 * for them. A dossier received at or after 15:00 counts from the next working day (Decree 61/2018/NĐ-CP as amended
 * by Decree 107/2021/NĐ-CP), and a step due on a day is overdue once that day's office hours end. Dates are ISO
 * `YYYY-MM-DD` strings in Vietnam (UTC+7 all year); instants are `Date`s.
 */

import { EXTRA_WORKING_DAYS, PUBLIC_HOLIDAYS } from './calendar/public-holidays.ts';
import { vietnamDate } from './clock.ts';
import { addDays, assertIsoDate } from './dates.ts';

/** Which dates offices are open; a port so tests and other calendars (e.g. provincial closures) can be used. */
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
}

export interface WorkingCalendarData {
  /** Dates that are days off although they may be weekdays. */
  readonly holidays: readonly string[];
  /** Dates that are working days although they may be weekends (make-up Saturdays). */
  readonly extraWorkingDays?: readonly string[];
}

/** Local hour (Vietnam time) from which a dossier counts from the next working day: 15:00:00 itself is "after". */
export const CUTOFF_HOUR = 15;

/** Local hour (Vietnam time) at which office hours end, so a step due that day becomes overdue. */
export const END_OF_WORKING_DAY_HOUR = 17;

/** Vietnam keeps UTC+7 all year (see clock.ts). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** A run of days off longer than this means a calendar with no working days; stop instead of looping forever. */
const MAX_CONSECUTIVE_DAYS_OFF = 366;

/** Day of the week of an ISO date, 0 = Sunday … 6 = Saturday. */
const dayOfWeek = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** A calendar open Monday to Friday except `holidays`, and also on `extraWorkingDays`. */
export const createWorkingCalendar = (data: WorkingCalendarData): WorkingCalendar => {
  const holidays = new Set(data.holidays.map((date) => assertIsoDate(date, 'holiday')));
  const extra = new Set((data.extraWorkingDays ?? []).map((date) => assertIsoDate(date, 'extra working day')));
  return {
    isWorkingDay: (date) => {
      const valid = assertIsoDate(date);
      if (extra.has(valid)) return true;
      if (holidays.has(valid)) return false;
      const weekday = dayOfWeek(valid);
      return weekday !== 0 && weekday !== 6;
    },
  };
};

/**
 * The civil-service calendar from ./calendar/public-holidays.ts. Outside the years that file covers it knows only
 * weekends, so deadlines there ignore holidays until the data is updated.
 */
export const VIETNAM_CIVIL_SERVICE_CALENDAR: WorkingCalendar = createWorkingCalendar({
  holidays: PUBLIC_HOLIDAYS.map((day) => day.date),
  extraWorkingDays: EXTRA_WORKING_DAYS.map((day) => day.date),
});

/** The first working day strictly after `date`. */
export const nextWorkingDay = (date: string, calendar: WorkingCalendar = VIETNAM_CIVIL_SERVICE_CALENDAR): string => {
  let day = assertIsoDate(date);
  for (let i = 0; i <= MAX_CONSECUTIVE_DAYS_OFF; i++) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) return day;
  }
  throw new RangeError(`The calendar has no working day within ${MAX_CONSECUTIVE_DAYS_OFF} days after ${date}.`);
};

/** `date` itself if it is a working day, otherwise the next working day. */
const workingDayOnOrAfter = (date: string, calendar: WorkingCalendar): string =>
  calendar.isWorkingDay(date) ? date : nextWorkingDay(date, calendar);

/**
 * The working day a dossier submitted at `submittedAt` counts from: its Vietnam date if that is a working day and
 * the local time is before 15:00, otherwise the next working day (15:00:00.000 exactly is already too late; a
 * dossier sent on Friday at 16:00 or during the weekend counts from Monday).
 */
export const receiptDate = (submittedAt: Date, calendar: WorkingCalendar = VIETNAM_CIVIL_SERVICE_CALENDAR): string => {
  if (Number.isNaN(submittedAt.getTime())) throw new RangeError('The submission time is not a valid instant.');
  const localDate = vietnamDate(submittedAt);
  const localHour = new Date(submittedAt.getTime() + VIETNAM_OFFSET_MS).getUTCHours();
  if (localHour < CUTOFF_HOUR && calendar.isWorkingDay(localDate)) return localDate;
  return nextWorkingDay(localDate, calendar);
};

/**
 * The date `days` working days after `date`: with 0, `date` itself if it is a working day, otherwise the next
 * one; with n ≥ 1, the n-th working day strictly after `date` (so from a Saturday, 1 gives the Monday).
 */
export const addWorkingDays = (
  date: string,
  days: number,
  calendar: WorkingCalendar = VIETNAM_CIVIL_SERVICE_CALENDAR,
): string => {
  const start = assertIsoDate(date);
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`A number of working days must be a whole number, 0 or more; got ${days}.`);
  }
  if (days === 0) return workingDayOnOrAfter(start, calendar);
  let day = start;
  for (let i = 0; i < days; i++) day = nextWorkingDay(day, calendar);
  return day;
};

/**
 * The last working day of a time limit of `workingDays` working days for a dossier submitted at `submittedAt`.
 * The receipt day is working day 1, so a one-day limit ("same working day") is due on the receipt day itself.
 */
export const dueDate = (
  submittedAt: Date,
  workingDays: number,
  calendar: WorkingCalendar = VIETNAM_CIVIL_SERVICE_CALENDAR,
): string => {
  if (!Number.isInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`A time limit must be a whole number of working days, 1 or more; got ${workingDays}.`);
  }
  return addWorkingDays(receiptDate(submittedAt, calendar), workingDays - 1, calendar);
};

/** 17:00 Vietnam time on `date`: the instant from which a step due that day is overdue. */
export const endOfWorkingDay = (date: string): Date => {
  const valid = assertIsoDate(date);
  return new Date(`${valid}T${String(END_OF_WORKING_DAY_HOUR).padStart(2, '0')}:00:00+07:00`);
};

/** The number of working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export const workingDaysBetween = (
  from: string,
  to: string,
  calendar: WorkingCalendar = VIETNAM_CIVIL_SERVICE_CALENDAR,
): number => {
  const start = assertIsoDate(from);
  const end = assertIsoDate(to);
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
};
