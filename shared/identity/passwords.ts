/**
 * Passwords (and one-time codes) are stored as salted scrypt hashes that carry their own parameters, so the cost can
 * be raised later without invalidating stored hashes: `scrypt$N$r$p$salt$hash` (salt and hash in base64url).
 * Comparison is constant-time.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/** One of OWASP's recommended scrypt settings (N=2^15, r=8, p=3): about 32 MiB and ~0.1 s per hash. */
export const PASSWORD_HASH_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

const derive = (secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> => {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
};

/** Hashes a secret with a fresh random salt. */
export const hashSecret = async (secret: string, params: ScryptParams = PASSWORD_HASH_PARAMS): Promise<string> => {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(secret, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
};

const parse = (stored: string) => {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0)) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
};

/** Whether `secret` matches a stored hash; a malformed hash never matches. */
export const verifySecret = async (secret: string, stored: string): Promise<boolean> => {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length !== KEY_LENGTH) return false;
  const key = await derive(secret, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.hash);
};

/** Whether a stored hash was made with weaker parameters than `params` and should be replaced at the next sign-in. */
export const needsRehash = (stored: string, params: ScryptParams = PASSWORD_HASH_PARAMS): boolean => {
  const parsed = parse(stored);
  return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
};

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no hash to compare with (unknown PIN, account without a
 * password), so response times do not reveal which PINs have accounts.
 */
export const verifyAgainstNothing = async (secret: string, params: ScryptParams = PASSWORD_HASH_PARAMS) => {
  dummy ??= hashSecret('not a password of anyone', params);
  await verifySecret(secret, await dummy);
  return false;
};

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

/** What is wrong with a new password, in words the citizen can act on; empty when it is acceptable. */
export const passwordProblems = (password: string, pin: string): string[] => {
  const problems: string[] = [];
  const length = Array.from(password).length;
  if (length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  if (!/\p{L}/u.test(password) || !/\p{N}/u.test(password)) problems.push('Use both letters and digits.');
  if (password.includes(pin)) problems.push('Do not use your personal identification number in the password.');
  return problems;
};
