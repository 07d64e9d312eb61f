/**
 * Days off and make-up working days for civil servants (cán bộ, công chức, viên chức) in Vietnam, as data: the
 * basis for working-day deadlines (see ../working-days.ts). The Labour Code 2019 (Art. 112) fixes the holidays;
 * each year the Prime Minister approves, and the Ministry of Home Affairs (until 2025 the Ministry of Labour,
 * Invalids and Social Affairs) announces, which adjacent days are bridged and which Saturday is worked instead.
 * A statutory holiday that falls on a weekend is replaced by the next working day. Lunar dates (Tết, Hùng Kings'
 * day) move every year, so this list must be updated once a year when the announcement is published.
 */

/** One dated entry of the calendar. `provisional` marks dates not yet confirmed by an official announcement. */
export interface CalendarDay {
  readonly date: string;
  readonly name: string;
  readonly provisional?: boolean;
}

/** Calendar years the lists below cover; outside them only weekends are days off. */
export const CALENDAR_YEARS = [2025, 2026, 2027] as const;

export const CALENDAR_SOURCE =
  '2025: Government Office letter 8726/VPCP-KGVX (2024) and MoLISA Notice 6150/TB-BLĐTBXH (2024) on Tết and the ' +
  'holidays of 2025. 2026: Ministry of Home Affairs Notice 9441/TB-BNV (16 Oct 2025) on Tết and National Day, ' +
  'Government Office letter 12729/VPCP-KGVX (25 Dec 2025) on New Year, and Labour Code 2019 Art. 112 (a holiday ' +
  'on a weekend is taken on the next working day) for Hùng Kings day. 2027 is PROVISIONAL: statutory holidays ' +
  'only, with Tết days assumed, until the Prime Minister approves the 2027 schedule. This is data to update yearly.';

const NEW_YEAR = "New Year's Day (Tết Dương lịch)";
const NEW_YEAR_BRIDGE = "New Year's Day bridging day (hoán đổi)";
const TET = 'Lunar New Year (Tết Nguyên Đán)';
const HUNG_KINGS = "Hùng Kings' Commemoration Day (Giỗ Tổ Hùng Vương, 10/3 lunar)";
const HUNG_KINGS_IN_LIEU = "Hùng Kings' Commemoration Day, day off in lieu of Sunday (nghỉ bù)";
const REUNIFICATION = 'Reunification Day (Ngày Giải phóng miền Nam, 30/4)';
const LABOUR_DAY = "International Workers' Day (1/5)";
const LABOUR_DAY_IN_LIEU = "International Workers' Day, day off in lieu of Saturday (nghỉ bù)";
const HOLIDAY_BRIDGE = '30/4–1/5 bridging day (hoán đổi)';
const NATIONAL_DAY = 'National Day (Quốc khánh, 2/9)';
const NATIONAL_DAY_ADJACENT = 'National Day, adjacent day off';
const NATIONAL_DAY_BRIDGE = 'National Day bridging day (hoán đổi)';

/** Days off for civil servants, weekends inside a holiday period included (harmless: weekends are off anyway). */
export const PUBLIC_HOLIDAYS: readonly CalendarDay[] = [
  // 2025
  { date: '2025-01-01', name: NEW_YEAR },
  ...[
    '2025-01-25',
    '2025-01-26',
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
  ].map((date) => ({ date, name: TET })),
  { date: '2025-04-07', name: HUNG_KINGS },
  { date: '2025-04-30', name: REUNIFICATION },
  { date: '2025-05-01', name: LABOUR_DAY },
  { date: '2025-05-02', name: HOLIDAY_BRIDGE },
  { date: '2025-05-03', name: HOLIDAY_BRIDGE },
  { date: '2025-05-04', name: HOLIDAY_BRIDGE },
  { date: '2025-09-01', name: NATIONAL_DAY_ADJACENT },
  { date: '2025-09-02', name: NATIONAL_DAY },
  // 2026
  { date: '2026-01-01', name: NEW_YEAR },
  { date: '2026-01-02', name: NEW_YEAR_BRIDGE },
  ...[
    '2026-02-14',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
  ].map((date) => ({ date, name: TET })),
  { date: '2026-04-26', name: HUNG_KINGS },
  { date: '2026-04-27', name: HUNG_KINGS_IN_LIEU },
  { date: '2026-04-30', name: REUNIFICATION },
  { date: '2026-05-01', name: LABOUR_DAY },
  { date: '2026-08-31', name: NATIONAL_DAY_BRIDGE },
  { date: '2026-09-01', name: NATIONAL_DAY_ADJACENT },
  { date: '2026-09-02', name: NATIONAL_DAY },
  // 2027 (provisional: Tết is 6 Feb 2027; five weekdays around it assumed)
  { date: '2027-01-01', name: NEW_YEAR, provisional: true },
  ...['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'].map((date) => ({
    date,
    name: TET,
    provisional: true,
  })),
  { date: '2027-04-16', name: HUNG_KINGS, provisional: true },
  { date: '2027-04-30', name: REUNIFICATION, provisional: true },
  { date: '2027-05-01', name: LABOUR_DAY, provisional: true },
  { date: '2027-05-03', name: LABOUR_DAY_IN_LIEU, provisional: true },
  { date: '2027-09-02', name: NATIONAL_DAY, provisional: true },
  { date: '2027-09-03', name: NATIONAL_DAY_ADJACENT, provisional: true },
];

/** Saturdays worked to make up for bridging days (ngày làm bù). */
export const EXTRA_WORKING_DAYS: readonly CalendarDay[] = [
  { date: '2025-04-26', name: 'Make-up working day for 2 May 2025' },
  { date: '2026-01-10', name: 'Make-up working day for 2 January 2026' },
  { date: '2026-08-22', name: 'Make-up working day for 31 August 2026' },
];
