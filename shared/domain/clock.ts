/** Time as a port, so rules that depend on "today" are testable. Vietnam keeps UTC+7 all year (no DST). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date in Vietnam (YYYY-MM-DD) at an instant. */
export const vietnamDate = (instant: Date): string =>
  new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** The calendar month in Vietnam (YYYY-MM) at an instant. */
export const vietnamMonth = (instant: Date): string => vietnamDate(instant).slice(0, 7);
