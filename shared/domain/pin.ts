/**
 * The 12-digit personal identification number (số định danh cá nhân), `PPP G YY RRRRRR`:
 * - PPP: 3-digit code of the province where the birth was registered (one of the 63 legacy codes);
 * - G: century and sex (1900s male 0 / female 1, 2000s 2/3, 2100s 4/5, 2200s 6/7, 2300s 8/9);
 * - YY: last two digits of the birth year;
 * - RRRRRR: serial within the 6-digit prefix PPPGYY.
 * No check digit, no day or month. Issued once at birth registration and never reused; it did not change with the
 * 2025 merger. The first digits say where the birth was registered, never where the person lives.
 */

import { isLegacyProvinceCode } from './admin-units/legacy-province-codes.ts';
import { vietnamDate } from './clock.ts';
import { ConflictError, ValidationError } from './errors.ts';

export type Sex = 'male' | 'female';

declare const pinBrand: unique symbol;
/** A string known to be a well-formed PIN: only parsePin, composePin and the issuer produce one. */
export type Pin = string & { readonly [pinBrand]: true };

export interface PinParts {
  readonly value: Pin;
  readonly legacyProvinceCode: string;
  readonly sex: Sex;
  /** First year of the birth century: 1900, 2000, 2100, 2200 or 2300. */
  readonly centuryStart: number;
  /** 0–99. */
  readonly birthYearTwoDigits: number;
  /** 0–999999. */
  readonly serial: number;
}

export type PinParseResult =
  | { readonly ok: true; readonly pin: PinParts }
  | { readonly ok: false; readonly errors: string[] };

export type PinCheckResult = { readonly ok: true } | { readonly ok: false; readonly errors: string[] };

export interface ComposePinInput {
  readonly legacyProvinceCode: string;
  readonly sex: Sex;
  readonly birthYear: number;
  readonly serial: number;
}

export const PIN_LENGTH = 12;
/** Highest serial in a 6-digit prefix. */
export const MAX_PIN_SERIAL = 999_999;
/** Earliest and latest birth years the century digit can express. */
export const FIRST_PIN_YEAR = 1900;
export const LAST_PIN_YEAR = 2399;

const sexWord = (sex: Sex): string => (sex === 'male' ? 'male' : 'female');
const capitaliseFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const centuryWord = (centuryStart: number): string => `${centuryStart}s`;

/** The century-and-sex digit G for a sex and birth year, e.g. 3 for a girl born in 2005. */
export const centurySexDigit = (sex: Sex, birthYear: number): number => {
  if (!Number.isInteger(birthYear) || birthYear < FIRST_PIN_YEAR || birthYear > LAST_PIN_YEAR) {
    throw new RangeError(`A PIN can encode birth years ${FIRST_PIN_YEAR}–${LAST_PIN_YEAR}; got ${birthYear}.`);
  }
  return (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
};

const decodeCenturySex = (digit: number): { sex: Sex; centuryStart: number } => ({
  sex: digit % 2 === 0 ? 'male' : 'female',
  centuryStart: 1900 + Math.floor(digit / 2) * 100,
});

export interface ParsePinOptions {
  /** Today's date (YYYY-MM-DD), to reject PINs of people not yet born; defaults to today in Vietnam. */
  readonly today?: string;
}

/**
 * Reads a PIN typed by a person or sent by a system. Spaces between digit groups are ignored ("001 2 05 000123").
 * Every problem is reported in words: wrong length, non-digits, unknown province code, a birth year in the future.
 */
export const parsePin = (text: string, options: ParsePinOptions = {}): PinParseResult => {
  const compact = text.normalize('NFKC').replace(/\s+/g, '');
  if (compact === '') return { ok: false, errors: ['Enter the 12-digit personal identification number.'] };
  const errors: string[] = [];
  const nonDigits = [...new Set(Array.from(compact).filter((char) => !/[0-9]/.test(char)))];
  if (nonDigits.length > 0) {
    errors.push(`A PIN has digits only; remove ${nonDigits.map((char) => `"${char}"`).join(', ')}.`);
  }
  const length = Array.from(compact).length;
  if (length !== PIN_LENGTH) {
    errors.push(`A PIN has ${PIN_LENGTH} digits; this one has ${length} character${length === 1 ? '' : 's'}.`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const legacyProvinceCode = compact.slice(0, 3);
  const centurySex = Number(compact[3]);
  const birthYearTwoDigits = Number(compact.slice(4, 6));
  const serial = Number(compact.slice(6));
  const { sex, centuryStart } = decodeCenturySex(centurySex);

  if (!isLegacyProvinceCode(legacyProvinceCode)) {
    errors.push(
      `${legacyProvinceCode} is not a province code; the first three digits are the code of the province where the ` +
        'birth was registered, e.g. 001 for Hà Nội.',
    );
  }
  const birthYear = centuryStart + birthYearTwoDigits;
  const thisYear = Number((options.today ?? vietnamDate(new Date())).slice(0, 4));
  if (birthYear > thisYear) {
    errors.push(
      `The 4th digit ${centurySex} and the 5th–6th digits ${compact.slice(4, 6)} mean a ${sexWord(sex)} born in ` +
        `${birthYear}, which is after this year (${thisYear}); check the 4th digit (0/1 for the 1900s, 2/3 for the 2000s).`,
    );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    pin: { value: compact as Pin, legacyProvinceCode, sex, centuryStart, birthYearTwoDigits, serial },
  };
};

/** Whether a string is a well-formed PIN (see parsePin), narrowing it to the branded type. */
export const isPin = (text: string, options: ParsePinOptions = {}): text is Pin =>
  text === text.trim() && !/\s/.test(text) && parsePin(text, options).ok;

/**
 * Checks a PIN against the sex and birth date recorded for a person and explains each mismatch, e.g. "the 4th digit
 * 2 means a male born in the 2000s, but the birth date is 1998-04-01". Only the year and sex can be checked.
 */
export const validatePinFor = (
  pin: string,
  person: { readonly sex: Sex; readonly birthDate: string },
): PinCheckResult => {
  const parsed = parsePin(pin, { today: '9999-12-31' });
  if (!parsed.ok) return parsed;
  const { sex, centuryStart, birthYearTwoDigits, value } = parsed.pin;
  const g = value[3];
  const yy = value.slice(4, 6);
  const birthYear = Number(person.birthDate.slice(0, 4));
  const errors: string[] = [];
  const meaning = `the 4th digit ${g} means a ${sexWord(sex)} born in the ${centuryWord(centuryStart)}`;
  if (sex !== person.sex) {
    errors.push(`${capitaliseFirst(meaning)}, but the person is recorded as ${sexWord(person.sex)}.`);
  }
  if (!Number.isInteger(birthYear) || !/^\d{4}-/.test(person.birthDate)) {
    errors.push(`The birth date "${person.birthDate}" is not a date in the form YYYY-MM-DD.`);
  } else {
    if (Math.floor(birthYear / 100) * 100 !== centuryStart) {
      errors.push(`${capitaliseFirst(meaning)}, but the birth date is ${person.birthDate}.`);
    }
    if (birthYear % 100 !== birthYearTwoDigits) {
      errors.push(
        `The 5th and 6th digits ${yy} mean a birth year ending in ${yy}, but the birth date is ${person.birthDate}.`,
      );
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
};

const composePinProblems = (input: ComposePinInput): string[] => {
  const problems: string[] = [];
  if (!isLegacyProvinceCode(input.legacyProvinceCode)) {
    problems.push(`${input.legacyProvinceCode} is not one of the 63 legacy 3-digit province codes.`);
  }
  if (input.sex !== 'male' && input.sex !== 'female') problems.push(`Sex must be "male" or "female".`);
  if (!Number.isInteger(input.birthYear) || input.birthYear < FIRST_PIN_YEAR || input.birthYear > LAST_PIN_YEAR) {
    problems.push(`A PIN can encode birth years ${FIRST_PIN_YEAR}–${LAST_PIN_YEAR}; got ${input.birthYear}.`);
  }
  if (!Number.isInteger(input.serial) || input.serial < 0 || input.serial > MAX_PIN_SERIAL) {
    problems.push(`The serial must be a whole number from 0 to ${MAX_PIN_SERIAL}; got ${input.serial}.`);
  }
  return problems;
};

/** The 6-digit prefix PPPGYY that serials are counted within. */
export const pinPrefix = (legacyProvinceCode: string, sex: Sex, birthYear: number): string =>
  `${legacyProvinceCode}${centurySexDigit(sex, birthYear)}${String(birthYear % 100).padStart(2, '0')}`;

/** Builds the PIN for a birth-registration province, sex, birth year and serial; throws ValidationError if invalid. */
export const composePin = (input: ComposePinInput): Pin => {
  const problems = composePinProblems(input);
  if (problems.length > 0) {
    throw new ValidationError(
      'Cannot compose a PIN from these values.',
      problems.map((message) => ({ field: 'pin', message })),
    );
  }
  return `${pinPrefix(input.legacyProvinceCode, input.sex, input.birthYear)}${String(input.serial).padStart(6, '0')}` as Pin;
};

/** Storage the issuer needs; the NPDB adapter implements it (e.g. an atomic counter and a conditional put). */
export interface PinIssuerPorts {
  /**
   * A position (1, 2, 3...) of the 6-digit prefix's series that was never returned before, anywhere, and is greater
   * than every one this port returned before for that prefix (other environments' positions may interleave).
   */
  nextSerial(prefix: string): Promise<number>;
  /**
   * The serial issued at a position: a secret keyed permutation of 0–999999 (see pin-serial-permutation.ts), so that
   * serials reveal no count and the next one cannot be guessed. Without it the serial is the position itself (tests
   * and tools that need predictable PINs).
   */
  serialAt?(prefix: string, position: number): number | Promise<number>;
  /** Records the PIN as issued; false if it already exists (then the issuer takes the next position). */
  reserve(pin: Pin): Promise<boolean>;
}

export interface IssuePinInput {
  readonly legacyProvinceCode: string;
  readonly sex: Sex;
  readonly birthYear: number;
}

export interface PinIssuer {
  issue(input: IssuePinInput): Promise<Pin>;
}

/**
 * Thrown when every serial of a prefix has been used: no PIN can be issued for that province, sex and year. The HTTP
 * layer answers 409 with the message as it is.
 */
export class PinSerialsExhaustedError extends ConflictError {
  constructor(readonly prefix: string) {
    super(
      `All ${MAX_PIN_SERIAL.toLocaleString('en-US')} serial numbers for PIN prefix ${prefix} have been issued; ` +
        'no further PIN can be issued for this province, sex and birth year.',
    );
  }
}

/**
 * Issues new PINs at birth registration: takes the next position of the prefix's series, turns it into a serial
 * (`serialAt`: a keyed permutation, so distinct positions always give distinct serials), reserves the PIN, and on a
 * collision (a PIN that existed before, e.g. seeded or migrated records) moves on to the next position. Throws
 * PinSerialsExhaustedError when the prefix has no position left.
 */
export const createPinIssuer = (ports: PinIssuerPorts): PinIssuer => ({
  async issue(input) {
    const problems = composePinProblems({ ...input, serial: 1 });
    if (problems.length > 0) {
      throw new ValidationError(
        'Cannot issue a PIN for these values.',
        problems.map((message) => ({ field: 'pin', message })),
      );
    }
    const prefix = pinPrefix(input.legacyProvinceCode, input.sex, input.birthYear);
    let previous = 0;
    for (;;) {
      const serial = await ports.nextSerial(prefix);
      if (!Number.isInteger(serial) || serial <= previous) {
        throw new Error(`nextSerial(${prefix}) returned ${serial} after ${previous}; serials must strictly increase.`);
      }
      if (serial > MAX_PIN_SERIAL) throw new PinSerialsExhaustedError(prefix);
      previous = serial;
      const pin = composePin({ ...input, serial: ports.serialAt ? await ports.serialAt(prefix, serial) : serial });
      if (await ports.reserve(pin)) return pin;
    }
  },
});
