/**
 * The last six digits of a PIN are "a random number range" (Decree 137/2015, as amended), not a count: a serial that
 * counts up would tell anyone how many births a province registered and which PIN comes next. The issuer keeps an
 * atomic counter per 6-digit prefix (so nothing is ever issued twice and no retry loop is needed) and issues the
 * counter's image under a secret keyed permutation of 0–999999.
 *
 * The permutation is a balanced Feistel network over Z_1000 × Z_1000 (the structure of FF1 in NIST SP 800-38G with
 * two numerals of radix 1000 and modular addition; Luby–Rackoff), 10 rounds, each round function
 * HMAC-SHA256(key, prefix ‖ round ‖ right half) mod 1000. Every round maps the exact domain onto itself, so the whole
 * is a bijection of 0–999999 (no cycle walking needed) for each key and prefix; the prefix is the tweak, so each
 * province, sex and year has its own order. HMAC and the modular reduction come from node:crypto and plain
 * arithmetic: no hand-written primitive. Round-function values are kept per prefix once computed (at most 10 × 1,000).
 */
import { createHmac } from 'node:crypto';

const RADIX = 1000;
/** Size of the domain: serials 0–999999. */
export const SERIAL_DOMAIN = RADIX * RADIX;
/** FF1 uses 10 rounds; the same here. */
const ROUNDS = 10;
const CACHED_PREFIXES = 64;

export interface SerialPermutation {
  /** The serial issued at `index` (0–999999) of the prefix's series. */
  forward(index: number): number;
  /** The index a serial was issued at (for audits and tests). */
  inverse(serial: number): number;
}

/** The round functions of one key and prefix, each value computed on first use and kept (at most 10 × 1,000). */
const roundFunction = (key: Uint8Array, prefix: string): ((round: number, half: number) => number) => {
  const tables = Array.from({ length: ROUNDS }, () => new Int16Array(RADIX).fill(-1));
  return (round, half) => {
    const table = tables[round] as Int16Array;
    let value = table[half] as number;
    if (value < 0) {
      const digest = createHmac('sha256', key).update(`p06 pin serial\0${prefix}\0${round}\0${half}`).digest();
      // 2^48 mod 1000 leaves a bias below 2^-38: immaterial for a round function.
      value = digest.readUIntBE(0, 6) % RADIX;
      table[half] = value;
    }
    return value;
  };
};

const checkIndex = (value: number, what: string) => {
  if (!Number.isInteger(value) || value < 0 || value >= SERIAL_DOMAIN) {
    throw new RangeError(`A PIN serial ${what} is a whole number from 0 to ${SERIAL_DOMAIN - 1}; got ${value}.`);
  }
};

/** The keyed permutation of 0–999999 for one 6-digit prefix. `key`: at least 16 bytes of secret. */
export const serialPermutation = (key: Uint8Array, prefix: string): SerialPermutation => {
  if (key.length < 16) throw new Error('The PIN serial key must hold at least 16 bytes (128 bits) of secret.');
  const round = roundFunction(key, prefix);
  return {
    forward(index) {
      checkIndex(index, 'index');
      let left = Math.floor(index / RADIX);
      let right = index % RADIX;
      for (let r = 0; r < ROUNDS; r++) {
        const next = (left + round(r, right)) % RADIX;
        left = right;
        right = next;
      }
      return left * RADIX + right;
    },
    inverse(serial) {
      checkIndex(serial, '');
      let left = Math.floor(serial / RADIX);
      let right = serial % RADIX;
      for (let r = ROUNDS - 1; r >= 0; r--) {
        const previous = (right - round(r, left) + RADIX) % RADIX;
        right = left;
        left = previous;
      }
      return left * RADIX + right;
    },
  };
};

/**
 * Permutations per prefix for one key, the round tables of the most recently used prefixes kept (a Lambda issues
 * PINs for a handful of prefixes: one province, two sexes, this year and last).
 */
export const serialPermutations = (key: Uint8Array): ((prefix: string) => SerialPermutation) => {
  const cache = new Map<string, SerialPermutation>();
  return (prefix) => {
    let permutation = cache.get(prefix);
    if (permutation) {
      cache.delete(prefix);
    } else {
      permutation = serialPermutation(key, prefix);
      if (cache.size >= CACHED_PREFIXES) cache.delete(cache.keys().next().value as string);
    }
    cache.set(prefix, permutation);
    return permutation;
  };
};
