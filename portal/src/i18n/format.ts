/**
 * Locale formatting, with the conventions citizens expect: 05/12/2026 and 23.400.000 ₫ in Vietnamese,
 * 05/12/2026 and VND 23,400,000 in English. Dates of the NPDB (YYYY-MM-DD) are calendar dates with no time zone;
 * instants are shown in Vietnam's time zone whatever the browser's.
 */
import type { Language } from './i18n.ts';

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * A calendar day (`YYYY`, `MM`, `DD` as written) in the language's format, with its year written in four digits as
 * given: `Date.UTC` would read years 0–99 as 1900–1999, and Intl writes year 26 as "26".
 */
const formatCalendarDay = (y: string, m: string, d: string, lang: Language, options: Intl.DateTimeFormatOptions) => {
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(m) - 1, Number(d));
  return new Intl.DateTimeFormat(LOCALES[lang], { ...options, year: 'numeric', timeZone: 'UTC' })
    .formatToParts(date)
    .map((part) => (part.type === 'year' ? y : part.value))
    .join('');
};

/** `2026-12-05` → `05/12/2026` (both languages use day/month/year). */
export const formatDate = (isoDate: string | undefined, lang: Language): string => {
  if (!isoDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return formatInstant(isoDate, lang);
  const [, y = '', m = '', d = ''] = match;
  return formatCalendarDay(y, m, d, lang, { day: '2-digit', month: '2-digit' });
};

/** An ISO instant as date and time in Vietnam. */
export const formatInstant = (iso: string | undefined, lang: Language): string => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
  }).format(date);
};

/**
 * `2026-12-05` → `5 tháng 12, 2026` / `5 December 2026`: a date with its month named, which no reader takes for another
 * day. A date field echoes what was entered this way, since the browser's own date input shows its parts in the order
 * of the browser's language (mm/dd/yyyy in an English one), which may not be the page's.
 */
export const formatLongDate = (isoDate: string, lang: Language): string | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return undefined;
  const [, y = '', m = '', d = ''] = match;
  return formatCalendarDay(y, m, d, lang, { day: 'numeric', month: 'long' });
};

export const formatMoney = (amountVnd: number, lang: Language): string =>
  new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(
    amountVnd,
  );

export const formatNumber = (value: number, lang: Language): string =>
  new Intl.NumberFormat(LOCALES[lang]).format(value);

/** `2026-12` → `12/2026`. */
export const formatMonth = (month: string): string => {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  return match ? `${match[2]}/${match[1]}` : month;
};

/** A PIN shown with all but its last three digits hidden: `•••••••••001`. */
export const maskPin = (pin: string): string => `${'•'.repeat(Math.max(0, pin.length - 3))}${pin.slice(-3)}`;
