/**
 * Sign-in with an e-ID account in two steps: PIN and password, then a one-time code sent to the holder. The
 * messages shown for each outcome live in the views; these functions only decide. Nothing here reveals whether a
 * PIN has an account: unknown PINs take the same time, count failures the same way and get the same answer.
 */
import type { Clock } from '../domain/clock.ts';
import type { AccountStore, CitizenReader } from './account.ts';
import { type AccountLevel, acrForLevel, meetsLevel } from './levels.ts';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy, type LoginThrottle } from './lockout.ts';
import { type NotificationSender, oneTimeCodeText } from './notifications.ts';
import {
  DEFAULT_ONE_TIME_CODE_POLICY,
  issueOneTimeCode,
  type OneTimeCodePolicy,
  type OneTimeCodeStore,
  verifyOneTimeCode,
} from './one-time-codes.ts';
import {
  hashSecret,
  needsRehash,
  PASSWORD_HASH_PARAMS,
  type ScryptParams,
  verifyAgainstNothing,
  verifySecret,
} from './passwords.ts';

export interface SignInDeps {
  readonly accounts: AccountStore;
  readonly citizens: CitizenReader;
  readonly throttle: LoginThrottle;
  readonly codes: OneTimeCodeStore;
  readonly notifications: NotificationSender;
  readonly clock: Clock;
  readonly lockout?: LockoutPolicy;
  readonly oneTimeCodes?: OneTimeCodePolicy;
  readonly hashParams?: ScryptParams;
}

export type PasswordCheck =
  | { readonly ok: true; readonly pin: string; readonly level: AccountLevel }
  /** Wrong PIN or password (the same answer for both); `attemptsLeft` before the PIN is locked. */
  | { readonly ok: false; readonly reason: 'invalid-credentials'; readonly attemptsLeft: number }
  /** Too many failures: refused whatever the password, until `lockedUntil` (epoch ms). */
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: number }
  /** Right password, but the account is disabled or its holder is recorded as deceased. */
  | { readonly ok: false; readonly reason: 'unavailable' }
  /** Right password, but the service asked for a higher level than the account has. */
  | {
      readonly ok: false;
      readonly reason: 'level-too-low';
      readonly level: AccountLevel;
      readonly required: AccountLevel;
    };

const PIN_SHAPE = /^\d{12}$/;

/**
 * Step 1, PIN and password, from `source` (the client address, `loginSource`):
 * 1. a PIN locked for this source (its own failures, or the PIN's ceiling) is refused before the password is looked at;
 * 2. the password is verified (or the same time spent when there is no account or no password);
 * 3. a failure is counted atomically for the source and for the PIN (shared/identity/lockout.ts);
 * 4. with the right password: a disabled account, a deceased holder or a level below `requiredLevel` is refused.
 * Failures are forgotten only when the whole sign-in succeeds (step 2), so guessing codes counts too.
 */
export const checkPassword =
  (deps: SignInDeps) =>
  async (request: {
    readonly pin: string;
    readonly password: string;
    readonly requiredLevel?: AccountLevel | undefined;
    readonly source: string;
  }): Promise<PasswordCheck> => {
    const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;
    const hashParams = deps.hashParams ?? PASSWORD_HASH_PARAMS;
    const { pin, password, source } = request;
    if (!PIN_SHAPE.test(pin)) return { ok: false, reason: 'invalid-credentials', attemptsLeft: policy.maxFailures };
    const now = deps.clock.now().getTime();
    const lockedUntil = await deps.throttle.lockedUntil(pin, source, now, policy);
    if (lockedUntil !== undefined) return { ok: false, reason: 'locked', lockedUntil };

    const account = await deps.accounts.get(pin);
    const valid = account?.passwordHash
      ? await verifySecret(password, account.passwordHash)
      : await verifyAgainstNothing(password, hashParams);
    if (!account || !valid) {
      const outcome = await deps.throttle.recordFailure(pin, source, now, policy);
      if (outcome.lockedUntil !== undefined) return { ok: false, reason: 'locked', lockedUntil: outcome.lockedUntil };
      return {
        ok: false,
        reason: 'invalid-credentials',
        attemptsLeft: Math.max(1, policy.maxFailures - outcome.failures),
      };
    }
    if (account.status !== 'active') return { ok: false, reason: 'unavailable' };
    const citizen = await deps.citizens.getCitizen(pin);
    if (citizen?.status !== 'alive') return { ok: false, reason: 'unavailable' };
    if (!meetsLevel(account.level, request.requiredLevel)) {
      return { ok: false, reason: 'level-too-low', level: account.level, required: request.requiredLevel ?? 2 };
    }
    if (account.passwordHash && needsRehash(account.passwordHash, hashParams)) {
      await deps.accounts.setPasswordHash(pin, await hashSecret(password, hashParams), new Date(now).toISOString());
    }
    return { ok: true, pin, level: account.level };
  };

/** Step 1 succeeded: sends a fresh code for the sign-in `challengeId` (the OIDC interaction) to the holder. */
export const sendSignInCode =
  (deps: SignInDeps) =>
  async (challengeId: string, pin: string): Promise<{ readonly expiresAt: number }> => {
    const policy = deps.oneTimeCodes ?? DEFAULT_ONE_TIME_CODE_POLICY;
    const { code, expiresAt } = await issueOneTimeCode({ store: deps.codes, clock: deps.clock, policy })({
      id: challengeId,
      subject: pin,
      purpose: 'sign-in',
    });
    await deps.notifications.send({
      pin,
      kind: 'one-time-code',
      text: oneTimeCodeText(code, Math.round(policy.ttlSeconds / 60)),
    });
    return { expiresAt };
  };

export type CodeStepResult =
  | { readonly ok: true; readonly pin: string; readonly level: AccountLevel; readonly acr: string }
  | { readonly ok: false; readonly reason: 'wrong'; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: 'expired' | 'exhausted' | 'missing' | 'unavailable' }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: number };

/**
 * Step 2, the one-time code from `source`: a wrong code uses one of the code's attempts and counts as a failed sign-in
 * for the lockout; the right code (once, in time) completes the sign-in and forgets the source's earlier failures.
 */
export const verifySignInCode =
  (deps: SignInDeps) =>
  async (challengeId: string, code: string, source: string): Promise<CodeStepResult> => {
    const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;
    const codePolicy = deps.oneTimeCodes ?? DEFAULT_ONE_TIME_CODE_POLICY;
    const now = deps.clock.now().getTime();
    const pending = await deps.codes.get(challengeId);
    if (!pending) return { ok: false, reason: 'missing' };
    const lockedBefore = await deps.throttle.lockedUntil(pending.subject, source, now, policy);
    if (lockedBefore !== undefined) return { ok: false, reason: 'locked', lockedUntil: lockedBefore };

    const check = await verifyOneTimeCode({ store: deps.codes, clock: deps.clock, policy: codePolicy })(
      challengeId,
      code,
    );
    if (!check.ok) {
      if (check.reason !== 'wrong') return { ok: false, reason: check.reason };
      const outcome = await deps.throttle.recordFailure(pending.subject, source, now, policy);
      if (outcome.lockedUntil !== undefined) return { ok: false, reason: 'locked', lockedUntil: outcome.lockedUntil };
      return { ok: false, reason: 'wrong', attemptsLeft: check.attemptsLeft ?? 0 };
    }
    const pin = check.challenge.subject;
    const account = await deps.accounts.get(pin);
    if (account?.status !== 'active') return { ok: false, reason: 'unavailable' };
    await deps.throttle.reset(pin, source);
    return { ok: true, pin, level: account.level, acr: acrForLevel(account.level) };
  };
