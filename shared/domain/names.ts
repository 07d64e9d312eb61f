/**
 * Vietnamese personal names as the population database stores them: Unicode NFC (so "Nguyễn" typed on two
 * keyboards compares equal), single spaces, each word capitalised with its diacritics kept (đ → Đ). Search uses a
 * folded form without diacritics, because people type "Nguyen Van An" as often as "Nguyễn Văn An".
 */

export type NameResult =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly errors: string[] };

export interface NameParts {
  /** Họ: the first word ("Nguyễn"). Empty when the name has a single word. */
  readonly familyName: string;
  /** Tên đệm: the words between family and given name ("Thị Thu"); may be empty. */
  readonly middleName: string;
  /** Tên: the last word ("Hà"), the name a person is called by. */
  readonly givenName: string;
}

/** Longest name the database keeps, in characters after normalisation. */
export const MAX_NAME_LENGTH = 100;

// Letters (any script, so ethnic-minority names such as "H'Hen Niê" fit), combining marks, spaces, apostrophes and
// hyphens. Everything else (digits, punctuation, emoji) is refused with a message naming the character.
const ALLOWED = /^[\p{L}\p{M}' -]$/u;
const APOSTROPHES = /[\u2018\u2019\u02BC`´]/g;

const capitalise = (segment: string): string => {
  const [first = '', ...rest] = Array.from(segment);
  return first.toLocaleUpperCase('vi') + rest.join('').toLocaleLowerCase('vi');
};

const titleCaseWord = (word: string): string =>
  word
    .split(/(['-])/)
    .map(capitalise)
    .join('');

const describe = (char: string): string => {
  if (/\p{Nd}/u.test(char)) return `the digit ${char}`;
  if (/\s/u.test(char)) return 'a tab or line break';
  return `"${char}"`;
};

/**
 * Normalises a full name for storage: NFC, trimmed, single spaces, each word title-cased with diacritics kept,
 * typographic apostrophes made plain. Returns every problem found (digits, symbols, nothing entered, too long).
 */
export const normaliseName = (text: string, label = 'name'): NameResult => {
  const nfc = text
    .normalize('NFC')
    .replace(APOSTROPHES, "'")
    .replace(/[ \u00A0]+/g, ' ')
    .trim();
  if (nfc === '') return { ok: false, errors: [`Enter the ${label}; it is empty.`] };
  const refused = [...new Set(Array.from(nfc).filter((char) => !ALLOWED.test(char)))];
  const errors = refused.map(
    (char) => `The ${label} "${nfc}" contains ${describe(char)}; a name may contain only letters, spaces, ' and -.`,
  );
  const name = nfc
    .split(' ')
    .map((word) => titleCaseWord(word))
    .join(' ');
  if (Array.from(name).length > MAX_NAME_LENGTH) {
    errors.push(`The ${label} is longer than ${MAX_NAME_LENGTH} characters.`);
  }
  return errors.length === 0 ? { ok: true, name } : { ok: false, errors };
};

/**
 * The search key of a name or place: diacritics removed, đ/Đ → d, lower case, single spaces. "Nguyễn Thị Ánh" and
 * "nguyen thi anh" fold to the same key; use it for matching, never for display.
 */
export const foldForSearch = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Splits a normalised Vietnamese full name into family, middle and given name: first word, middle words, last word.
 * Two-word family names (Tôn Nữ, Âu Dương) cannot be told apart from middle names by position alone; callers that
 * know the parts separately should keep them separately.
 */
export const splitVietnameseName = (fullName: string): NameParts => {
  const words = fullName.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { familyName: '', middleName: '', givenName: '' };
  if (words.length === 1) return { familyName: '', middleName: '', givenName: words[0] ?? '' };
  return {
    familyName: words[0] ?? '',
    middleName: words.slice(1, -1).join(' '),
    givenName: words.at(-1) ?? '',
  };
};
