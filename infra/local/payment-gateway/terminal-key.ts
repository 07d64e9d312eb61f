/**
 * The local cloud's payment terminal: a random terminal code and hash secret in a JSON file (mode 0600, git-ignored
 * data folder), read by the platform through `PAYMENT_TERMINAL_FILE` and registered with the local payment gateway
 * simulator. Created on first start and kept: the simulator's persisted transactions belong to this terminal.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TerminalSchema } from '../../../shared/adapters/payments/vnpay-gateway.ts';
import type { Terminal } from '../../../shared/payments/vnpay-protocol.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomText = (length: number) => [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');

/** Creates the terminal file at `path` unless it exists; returns the terminal. */
export const ensureLocalPaymentTerminal = async (path: string): Promise<Terminal> => {
  if (!existsSync(path)) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    const terminal = { tmnCode: randomText(8), hashSecret: randomText(48) };
    await writeFile(temporary, `${JSON.stringify(terminal)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  }
  return TerminalSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
};
