/**
 * The local cloud's signing keys: a JSON key file (mode 0600, git-ignored data folder) that the e-ID provider reads
 * through `SIGNING_KEYS_FILE`. Created on first start; `rotateLocalSigningKeys` adds a new current key and keeps the
 * retired ones published until every token they signed has expired. In AWS the same JSON lives in a Secrets
 * Manager secret encrypted with a KMS key (see shared/identity/signing-keys.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  generateSigningKey,
  parseSigningKeySet,
  pruneKeySet,
  rotateKeySet,
  type SigningAlgorithm,
  type SigningKeySet,
} from '../../shared/identity/signing-keys.ts';

export interface LocalKeyOptions {
  /** Algorithm of a newly created key. Default ES256. */
  readonly alg?: SigningAlgorithm;
  readonly now?: Date;
  /** How long a retired key stays published; default the longest signed-token lifetime. */
  readonly retentionSeconds?: number;
}

const write = async (path: string, set: SigningKeySet) => {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
};

/** Reads the key file at `path`, creating it with one new key when it does not exist yet. */
export const ensureLocalSigningKeys = async (path: string, options: LocalKeyOptions = {}): Promise<SigningKeySet> => {
  if (existsSync(path)) return parseSigningKeySet(JSON.parse(await readFile(path, 'utf8')), path);
  const set: SigningKeySet = { keys: [await generateSigningKey(options.alg ?? 'ES256', options.now ?? new Date())] };
  await write(path, set);
  return set;
};

/**
 * Adds a new current key in front, retires the previous one (it still verifies tokens until they expire) and drops
 * keys retired longer ago than the retention. Providers pick the new key up within `SIGNING_KEYS_CACHE_SECONDS`.
 */
export const rotateLocalSigningKeys = async (path: string, options: LocalKeyOptions = {}): Promise<SigningKeySet> => {
  const now = options.now ?? new Date();
  const existing = await ensureLocalSigningKeys(path, options);
  const current = existing.keys.find((k) => k.retiredAt === undefined);
  const key = await generateSigningKey(options.alg ?? current?.alg ?? 'ES256', now);
  const rotated = pruneKeySet(rotateKeySet(existing, key, now), now, options.retentionSeconds);
  await write(path, rotated);
  return rotated;
};
