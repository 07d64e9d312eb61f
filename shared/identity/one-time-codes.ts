/**
 * One-time codes (OTP) sent to the account holder: 6 digits, stored only as a salted hash, valid 5 minutes, at most
 * 5 attempts, usable once. A code belongs to a challenge (for sign-in: the OIDC interaction), so a code sent for
 * one sign-in cannot finish another.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { hashSecret, type ScryptParams, verifySecret } from './passwords.ts';

export interface OneTimeCodePolicy {
  readonly digits: number;
  readonly ttlSeconds: number;
  readonly maxAttempts: number;
  /**
   * A light scrypt: a 6-digit code has only a million values, so what protects a stolen hash is that it expires in
   * minutes while trying a million values at this cost takes hours.
   */
  readonly hashParams: ScryptParams;
}

export const DEFAULT_ONE_TIME_CODE_POLICY: OneTimeCodePolicy = {
  digits: 6,
  ttlSeconds: 5 * 60,
  maxAttempts: 5,
  hashParams: { N: 2 ** 14, r: 8, p: 1 },
};

export type OneTimeCodePurpose = 'sign-in' | 'registration' | 'password-reset';

export interface OneTimeCodeChallenge {
  readonly id: string;
  /** Whose code it is (a PIN). */
  readonly subject: string;
  readonly purpose: OneTimeCodePurpose;
  /** Where the code was sent when that is not the account's phone (registration: the phone being proven). */
  readonly phone?: string;
  readonly codeHash: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly attempts: number;
}

export interface OneTimeCodeStore {
  /** Stores a challenge, replacing an earlier one with the same id. */
  put(challenge: OneTimeCodeChallenge): Promise<void>;
  get(id: string): Promise<OneTimeCodeChallenge | undefined>;
  /** Atomically counts one wrong attempt; the new count, or undefined if the challenge is gone. */
  recordFailedAttempt(id: string): Promise<number | undefined>;
  /**
   * Removes the challenge if it is still valid at `now` with fewer than `maxAttempts` attempts, returning it;
   * undefined if it was already used, expired or exhausted (only one caller can ever consume a code).
   */
  consume(
    id: string,
    conditions: { readonly now: number; readonly maxAttempts: number },
  ): Promise<OneTimeCodeChallenge | undefined>;
}

/** A code of `digits` decimal digits, uniformly random, leading zeros kept. */
export const generateCode = (digits: number, random: (max: number) => number = randomInt): string =>
  Array.from({ length: digits }, () => String(random(10))).join('');

export interface OneTimeCodeDeps {
  readonly store: OneTimeCodeStore;
  readonly clock: Clock;
  readonly policy?: OneTimeCodePolicy;
  readonly generate?: (digits: number) => string;
}

/** Creates (or replaces) the challenge `id` for `subject`; returns the code to send and when it expires. */
export const issueOneTimeCode =
  (deps: OneTimeCodeDeps) =>
  async (request: {
    readonly id: string;
    readonly subject: string;
    readonly purpose: OneTimeCodePurpose;
    readonly phone?: string;
    /** A challenge whose code is never sent and can never be typed (no-enumeration answers do the same work). */
    readonly decoy?: boolean;
  }) => {
    const policy = deps.policy ?? DEFAULT_ONE_TIME_CODE_POLICY;
    const code = (deps.generate ?? generateCode)(policy.digits);
    const expiresAt = deps.clock.now().getTime() + policy.ttlSeconds * 1000;
    const { decoy, ...challenge } = request;
    await deps.store.put({
      ...challenge,
      // A decoy's hash is of a value that is not a code, so no typed code ever matches it.
      codeHash: await hashSecret(decoy ? `decoy:${code}` : code, policy.hashParams),
      expiresAt,
      attempts: 0,
    });
    return { code, expiresAt };
  };

export type CodeCheck =
  | { readonly ok: true; readonly challenge: OneTimeCodeChallenge }
  | {
      readonly ok: false;
      /**
       * `missing`: never issued or already used; `expired`: too late; `exhausted`: the attempts were used up before;
       * `wrong`: this attempt was wrong (and counted), `attemptsLeft` may be 0.
       */
      readonly reason: 'missing' | 'expired' | 'wrong' | 'exhausted';
      readonly subject?: string;
      readonly attemptsLeft?: number;
    };

/**
 * Checks a code typed by the holder: a missing, expired or exhausted challenge is refused without looking at the
 * code; a wrong code uses up one attempt; a right code consumes the challenge so it cannot be used again.
 */
export const verifyOneTimeCode =
  (deps: OneTimeCodeDeps) =>
  async (id: string, code: string): Promise<CodeCheck> => {
    const policy = deps.policy ?? DEFAULT_ONE_TIME_CODE_POLICY;
    const challenge = await deps.store.get(id);
    if (!challenge) return { ok: false, reason: 'missing' };
    const { subject } = challenge;
    const now = deps.clock.now().getTime();
    if (challenge.expiresAt <= now) return { ok: false, reason: 'expired', subject };
    if (challenge.attempts >= policy.maxAttempts) return { ok: false, reason: 'exhausted', subject };
    const typed = code.replace(/\s+/g, '');
    const matches =
      new RegExp(`^\\d{${policy.digits}}$`).test(typed) && (await verifySecret(typed, challenge.codeHash));
    if (!matches) {
      const attempts = (await deps.store.recordFailedAttempt(id)) ?? policy.maxAttempts;
      return { ok: false, reason: 'wrong', subject, attemptsLeft: Math.max(0, policy.maxAttempts - attempts) };
    }
    const consumed = await deps.store.consume(id, { now, maxAttempts: policy.maxAttempts });
    return consumed ? { ok: true, challenge: consumed } : { ok: false, reason: 'missing', subject };
  };
