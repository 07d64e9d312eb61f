/**
 * How long an ID card is valid (Law on Identification 26/2023/QH15, art. 21): a citizen renews the card on reaching
 * 14, 25, 40 and 60; a card issued, renewed or re-issued in the two years before one of those ages stays valid until
 * the next one. So a card is valid until the holder's birthday at the first renewal age that is more than two years
 * after the issue date, and one issued from 58 on (no such age left) is valid for life.
 */
import { addDays, ageInYears, assertIsoDate, isLeapYear } from './dates.ts';

/** The ages at which a card is renewed (art. 21(1)). */
export const ID_CARD_RENEWAL_AGES = [14, 25, 40, 60] as const;

/** A card issued this many years or less before a renewal age is valid until the next one (art. 21(2)). */
export const EARLY_RENEWAL_YEARS = 2;

/**
 * The date someone turns `years` old: their birthday that year, or 1 March for someone born on 29 February in a
 * year without that day (as `ageInYears` counts it).
 */
export const birthdayAt = (birthDate: string, years: number): string => {
  const [y, m, d] = assertIsoDate(birthDate, 'birth date').split('-').map(Number) as [number, number, number];
  const year = y + years;
  if (m === 2 && d === 29 && !isLeapYear(year)) return `${String(year).padStart(4, '0')}-03-01`;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** The same calendar day `years` years earlier (29 February becomes 28 February in a common year). */
const yearsBefore = (date: string, years: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const day = m === 2 && d === 29 && !isLeapYear(year) ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/**
 * The last day of validity of a card issued on `issuedOn` to someone born on `birthDate`: the birthday at the first
 * renewal age more than two years away, or undefined when the card is valid for life.
 */
export const idCardExpiry = (birthDate: string, issuedOn: string): string | undefined => {
  const issued = assertIsoDate(issuedOn, 'issue date');
  if (issued < assertIsoDate(birthDate, 'birth date')) {
    throw new RangeError(`A card cannot be issued on ${issued}, before the birth date ${birthDate}.`);
  }
  for (const age of ID_CARD_RENEWAL_AGES) {
    const birthday = birthdayAt(birthDate, age);
    if (issued < yearsBefore(birthday, EARLY_RENEWAL_YEARS)) return birthday;
  }
  return undefined;
};

/** From when a card that expires on `expiresOn` may be renewed because of age: two years before (art. 21(2)). */
export const renewableByAgeFrom = (expiresOn: string): string => yearsBefore(expiresOn, EARLY_RENEWAL_YEARS);

/** Whether a card is past its last day of validity on `today`. */
export const idCardExpired = (card: { readonly expiresOn?: string | undefined }, today: string): boolean =>
  card.expiresOn !== undefined && today >= card.expiresOn;

/**
 * The card a seeded citizen holds (shared/seed): issued in the chip-card campaign of 2021–2023 (a day picked from the
 * PIN's last digits, no random draw, so the seed's other values do not move), or at the last renewal age if later;
 * none for someone under 14.
 */
export const seededIdCard = (pin: string, birthDate: string, referenceDate: string) => {
  if (ageInYears(birthDate, referenceDate) < 14) return undefined;
  const campaign = addDays('2021-03-01', Number(pin.slice(-3)) % 900);
  const lastRenewalAge = [...ID_CARD_RENEWAL_AGES].reverse().find((age) => birthdayAt(birthDate, age) <= referenceDate);
  const renewed = lastRenewalAge === undefined ? campaign : birthdayAt(birthDate, lastRenewalAge);
  const issuedOn = campaign > renewed ? campaign : renewed;
  const expiresOn = idCardExpiry(birthDate, issuedOn);
  return { number: pin, issuedOn, ...(expiresOn ? { expiresOn } : {}), status: 'valid' as const };
};
