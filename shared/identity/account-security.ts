/**
 * What a holder does with their own credentials:
 * - change the password while signed in (`POST /v1/me/password`): the current password must be right, and wrong
 *   ones count towards the sign-in lockout like a failed sign-in;
 * - reset a forgotten password with a one-time code to the account's phone (`POST /v1/password-resets`, then
 *   `POST /v1/password-resets/{id}/confirmation`), answered the same way whether or not the PIN has an account.
 * Every change is an account event and a notice to the holder. A change ends the holder's other sign-ins (the one the
 * change was made from is kept when the token names its grant); a reset ends them all (sessions.ts).
 */
import type { Clock } from '../domain/clock.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import { type AccountStore, type CitizenReader, PinSchema } from './account.ts';
import type { AccountEventLog } from './account-events.ts';
import { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy, type LoginThrottle } from './lockout.ts';
import { accountChangedText, type NotificationSender, passwordResetCodeText } from './notifications.ts';
import {
  DEFAULT_ONE_TIME_CODE_POLICY,
  issueOneTimeCode,
  type OneTimeCodePolicy,
  type OneTimeCodeStore,
} from './one-time-codes.ts';
import {
  hashSecret,
  PASSWORD_HASH_PARAMS,
  passwordProblems,
  type ScryptParams,
  verifyAgainstNothing,
  verifySecret,
} from './passwords.ts';
import type { RateLimiter } from './rate-limit.ts';
import {
  ChallengeGoneError,
  checkChallengeCode,
  newChallengeId,
  parseOrThrow,
  startAnswer,
  TooManyRequestsError,
  takeStartLimits,
} from './registration.ts';
import { type AccountSessionStore, endOtherSessions } from './sessions.ts';

export interface AccountSecurityDeps {
  readonly accounts: AccountStore;
  readonly citizens: CitizenReader;
  readonly codes: OneTimeCodeStore;
  readonly throttle: LoginThrottle;
  readonly notifications: NotificationSender;
  readonly rateLimiter: RateLimiter;
  readonly events: AccountEventLog;
  readonly sessions: AccountSessionStore;
  readonly clock: Clock;
  readonly lockout?: LockoutPolicy;
  readonly oneTimeCodes?: OneTimeCodePolicy;
  readonly hashParams?: ScryptParams;
}

export class WrongPasswordError extends DomainError {
  constructor(attemptsLeft: number) {
    super('The current password is not right.', 403, [
      { field: 'currentPassword', message: `The current password is not right; ${attemptsLeft} attempts left.` },
    ]);
  }
}

const newPasswordOrThrow = (password: string, pin: string, field: string) => {
  const problems = passwordProblems(password, pin);
  if (problems.length > 0) {
    throw new ValidationError(
      'Choose another password.',
      problems.map((message) => ({ field, message })),
    );
  }
};

export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().check(z.minLength(1, 'Type your current password.'), z.maxLength(1000)),
  newPassword: z.string().check(z.minLength(1, 'Choose a new password.'), z.maxLength(1000)),
});

/**
 * Changes the signed-in holder's password, then ends their other sign-ins: all but the one holding `currentGrantId`
 * (the grant named by the caller's access token), or all of them when the token names none.
 */
export const changePassword =
  (deps: AccountSecurityDeps) => async (pin: string, input: unknown, source: string, currentGrantId?: string) => {
    const request = parseOrThrow(ChangePasswordSchema, input);
    newPasswordOrThrow(request.newPassword, pin, 'newPassword');
    if (request.newPassword === request.currentPassword) {
      throw new ValidationError('Choose another password.', [
        { field: 'newPassword', message: 'The new password is the same as the current one.' },
      ]);
    }
    const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;
    const now = deps.clock.now();
    const lockedUntil = await deps.throttle.lockedUntil(pin, source, now.getTime(), policy);
    if (lockedUntil !== undefined) throw new TooManyRequestsError(Math.ceil((lockedUntil - now.getTime()) / 1000));
    const account = await deps.accounts.get(pin);
    const hashParams = deps.hashParams ?? PASSWORD_HASH_PARAMS;
    const valid = account?.passwordHash
      ? await verifySecret(request.currentPassword, account.passwordHash)
      : await verifyAgainstNothing(request.currentPassword, hashParams);
    if (account?.status !== 'active' || !valid) {
      const outcome = await deps.throttle.recordFailure(pin, source, now.getTime(), policy);
      if (outcome.lockedUntil !== undefined) {
        throw new TooManyRequestsError(Math.ceil((outcome.lockedUntil - now.getTime()) / 1000));
      }
      throw new WrongPasswordError(Math.max(1, policy.maxFailures - outcome.failures));
    }
    const at = now.toISOString();
    await deps.accounts.setPasswordHash(pin, await hashSecret(request.newPassword, hashParams), at);
    await deps.events.record({ pin, kind: 'password-changed', actor: { type: 'citizen', pin }, at });
    const { ended, kept } = await endOtherSessions(deps, pin, 'password-changed', currentGrantId);
    await deps.notifications.send({ pin, kind: 'account-changed', text: accountChangedText('mật khẩu đã được đổi') });
    return {
      statusCode: 200,
      body: {
        message: kept
          ? 'The password was changed. You were signed out everywhere else.'
          : 'The password was changed. You were signed out everywhere, this device included: sign in again.',
        sessionsEnded: ended,
        currentSessionKept: kept,
      },
    };
  };

export const StartPasswordResetSchema = z.strictObject({ pin: PinSchema });

export const ConfirmPasswordResetSchema = z.strictObject({
  code: z.string().check(z.regex(/^\s*\d{6}\s*$/, 'The code has 6 digits.')),
  newPassword: z.string().check(z.minLength(1, 'Choose a new password.'), z.maxLength(1000)),
});

/**
 * Step 1 of a reset: a code to the phone of an active account of a living holder; otherwise a decoy challenge, the
 * same work and the same answer. The answer names the phone only by its last digits, and only when it exists.
 */
export const startPasswordReset = (deps: AccountSecurityDeps) => async (input: unknown) => {
  const { pin } = parseOrThrow(StartPasswordResetSchema, input);
  const policy = deps.oneTimeCodes ?? DEFAULT_ONE_TIME_CODE_POLICY;
  const now = deps.clock.now();
  await takeStartLimits(deps.rateLimiter, [`reset:pin:${pin}`], now.getTime());
  const [account, citizen] = await Promise.all([deps.accounts.get(pin), deps.citizens.getCitizen(pin)]);
  const phone = account?.status === 'active' && citizen?.status === 'alive' ? account.phone : undefined;
  const id = newChallengeId();
  const { code, expiresAt } = await issueOneTimeCode({ store: deps.codes, clock: deps.clock, policy })({
    id,
    subject: pin,
    purpose: 'password-reset',
    decoy: phone === undefined,
  });
  if (phone) {
    await deps.notifications.send({
      pin,
      kind: 'password-reset-code',
      text: passwordResetCodeText(code, Math.round(policy.ttlSeconds / 60)),
    });
  }
  const answer = startAnswer(id, phone ?? '+84000000000', expiresAt);
  return {
    ...answer,
    body: {
      ...answer.body,
      message:
        'If this PIN has an e-ID account with a phone, a code was sent to that phone. Type it with your new password.',
    },
  };
};

/**
 * Step 2 of a reset: the code, then the new password; unlocks the PIN for everyone and forgets the failures of the
 * holder's source (the holder proved the phone), which is how an owner ends a lock guessers elsewhere caused.
 */
export const confirmPasswordReset =
  (deps: AccountSecurityDeps) => async (id: string, input: unknown, source: string) => {
    const request = parseOrThrow(ConfirmPasswordResetSchema, input);
    const pending = await deps.codes.get(id);
    if (pending?.purpose !== 'password-reset') throw new ChallengeGoneError();
    newPasswordOrThrow(request.newPassword, pending.subject, 'newPassword');
    const challenge = await checkChallengeCode(deps, id, 'password-reset', request.code);
    const pin = challenge.subject;
    const account = await deps.accounts.get(pin);
    if (account?.status !== 'active') throw new ChallengeGoneError();
    const at = deps.clock.now().toISOString();
    await deps.accounts.setPasswordHash(
      pin,
      await hashSecret(request.newPassword, deps.hashParams ?? PASSWORD_HASH_PARAMS),
      at,
    );
    await deps.throttle.unlock(pin, source);
    await deps.events.record({
      pin,
      kind: 'password-reset',
      actor: { type: 'citizen', pin },
      at,
      details: { by: 'one-time code' },
    });
    const { ended } = await endOtherSessions(deps, pin, 'password-reset');
    await deps.notifications.send({
      pin,
      kind: 'account-changed',
      text: accountChangedText('mật khẩu đã được đặt lại'),
    });
    return {
      statusCode: 200,
      body: {
        message: 'The password was changed. You were signed out everywhere: sign in again.',
        sessionsEnded: ended,
      },
    };
  };
