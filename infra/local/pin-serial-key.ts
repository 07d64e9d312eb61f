/**
 * The local cloud's PIN serial key (see shared/adapters/secrets/pin-serial-key.ts): a random key in a file (mode
 * 0600, git-ignored data folder) that the PIN issuer reads through `PIN_SERIAL_KEY_FILE`. Created on first start and
 * never replaced: the same key keeps the same order of serials, so PINs issued before a restart are never reached
 * again by the counter.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Creates the key file at `path` unless it exists; returns the path. */
export const ensureLocalPinSerialKey = async (path: string): Promise<string> => {
  if (existsSync(path)) return path;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  await rename(temporary, path);
  return path;
};
