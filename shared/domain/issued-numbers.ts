/**
 * The random part of the numbers the platform issues (dossier IDs such as `HS01-20261208-5P9R32M95S`, and the
 * documents numbered on their own: `XN-…` old-ID confirmations, `XNCT-…` residence confirmations): base32 over an
 * alphabet without the characters people misread when they type a number from paper (0/O, 1/I) and without `-`,
 * which separates the parts of a number, so that a number splits unambiguously into prefix, date and random part.
 */
import { randomBytes } from 'node:crypto';

/** 32 symbols: a random byte modulo 32 picks each one with the same probability. */
export const NUMBER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `length` random characters of NUMBER_ALPHABET (10 of them carry 50 bits: unique per day and not guessable). */
export const randomNumberPart = (length: number): string =>
  [...randomBytes(length)].map((byte) => NUMBER_ALPHABET[byte % NUMBER_ALPHABET.length]).join('');

/** What a random part matches (a regular expression's character class). */
export const NUMBER_PART_CHARACTERS = '[A-HJ-NP-Z2-9]';
