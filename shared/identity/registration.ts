/**
 * Level-1 self-registration with a phone (the portal's "Đăng ký" form, `POST /v1/registrations`):
 * the citizen types their PIN, full name, birth date and mobile number; a one-time code sent to that phone proves
 * it; with the code they choose a password and the account opens at level 1.
 *
 * No enumeration: whether the PIN is unknown, the name or birth date differ from the NPDB, the citizen is too young
 * or deceased, already has an account, or everything matches, the first step does the same work (two rate-limit
 * counters, one NPDB read, one account read, one code hashed and stored) and gives the same answer ("if the details
 * match, we sent a code"). Only a matching request sends the code; a request for a PIN that already has an
 * account sends a warning to that account's own phone, never to the phone typed.
 */
import { randomBytes } from 'node:crypto';
import type { Citizen } from '../domain/citizen.ts';
import { type Clock, vietnamDate } from '../domain/clock.ts';
import { ConflictError, DomainError, ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import { type AccountStore, type CitizenReader, maskPhone, PhoneSchema, PinSchema } from './account.ts';
import type { AccountEventLog } from './account-events.ts';
import { accountEligibility } from './levels.ts';
import {
  accountCreatedText,
  type NotificationSender,
  registrationAttemptText,
  registrationCodeText,
} from './notifications.ts';
import {
  DEFAULT_ONE_TIME_CODE_POLICY,
  issueOneTimeCode,
  type OneTimeCodePolicy,
  type OneTimeCodePurpose,
  type OneTimeCodeStore,
  verifyOneTimeCode,
} from './one-time-codes.ts';
import { hashSecret, PASSWORD_HASH_PARAMS, passwordProblems, type ScryptParams } from './passwords.ts';
import { type RateLimiter, START_RATE_LIMIT } from './rate-limit.ts';

export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests for these details. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, 429);
  }
}

/** The registration or reset is unknown, used, expired or out of attempts: start again. */
export class ChallengeGoneError extends DomainError {
  constructor() {
    super('This code can no longer be used (it expired, was used, or was typed wrong too often). Start again.', 410);
  }
}

export const StartRegistrationSchema = z.strictObject({
  pin: PinSchema,
  fullName: z.string().check(z.trim(), z.minLength(1, 'Type your full name as on your ID card.'), z.maxLength(100)),
  birthDate: z.iso.date('Use a date in the form YYYY-MM-DD.'),
  phone: PhoneSchema,
});
export type StartRegistration = z.input<typeof StartRegistrationSchema>;

export const ConfirmRegistrationSchema = z.strictObject({
  code: z.string().check(z.regex(/^\s*\d{6}\s*$/, 'The code has 6 digits.')),
  password: z.string().check(z.minLength(1, 'Choose a password.'), z.maxLength(1000)),
});

export interface RegistrationDeps {
  readonly citizens: CitizenReader;
  readonly accounts: AccountStore;
  readonly codes: OneTimeCodeStore;
  readonly notifications: NotificationSender;
  readonly rateLimiter: RateLimiter;
  readonly events: AccountEventLog;
  readonly clock: Clock;
  readonly oneTimeCodes?: OneTimeCodePolicy;
  readonly hashParams?: ScryptParams;
}

/** Names compare as people type them: Unicode NFC, case and spacing ignored, Vietnamese diacritics kept. */
export const sameName = (typed: string, recorded: string): boolean => {
  const canonical = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return canonical(typed) === canonical(recorded);
};

export const parseOrThrow = <T>(schema: z.ZodMiniType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'The request is not valid.',
    parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
  );
};

/** A challenge id: 128 random bits, the only handle the caller gets. */
export const newChallengeId = () => randomBytes(16).toString('base64url');

/** Counts one start for each key; refuses (429) when any is over its limit. Every key is counted every time. */
export const takeStartLimits = async (limiter: RateLimiter, keys: readonly string[], now: number) => {
  const results = await Promise.all(keys.map((key) => limiter.take(key, START_RATE_LIMIT, now)));
  const refused = results.filter((r) => !r.allowed);
  if (refused.length > 0) throw new TooManyRequestsError(Math.max(...refused.map((r) => r.retryAfterSeconds)));
};

/** The answer of every start, whatever the outcome. */
export const startAnswer = (id: string, phone: string, expiresAt: number) => ({
  statusCode: 202,
  body: {
    id,
    message:
      `If the details match the National Population Database, a code was sent to ${maskPhone(phone)}. ` +
      'Type it with your new password to finish.',
    codeExpiresAt: new Date(expiresAt).toISOString(),
  },
});

const matches = (citizen: Citizen | undefined, request: z.infer<typeof StartRegistrationSchema>, today: string) =>
  citizen !== undefined &&
  accountEligibility(citizen, today).ok &&
  citizen.birthDate === request.birthDate &&
  sameName(request.fullName, citizen.fullName);

/**
 * Step 1: checks the typed details against the NPDB and, if they match and no account exists, sends a code to the
 * typed phone. Always answers 202 with a registration id (see the file comment).
 */
export const startRegistration = (deps: RegistrationDeps) => async (input: unknown) => {
  const request = parseOrThrow(StartRegistrationSchema, input);
  const policy = deps.oneTimeCodes ?? DEFAULT_ONE_TIME_CODE_POLICY;
  const now = deps.clock.now();
  await takeStartLimits(
    deps.rateLimiter,
    [`register:pin:${request.pin}`, `register:phone:${request.phone}`],
    now.getTime(),
  );
  const [citizen, account] = await Promise.all([deps.citizens.getCitizen(request.pin), deps.accounts.get(request.pin)]);
  const detailsMatch = matches(citizen, request, vietnamDate(now));
  const send = detailsMatch && !account;
  const id = newChallengeId();
  const { code, expiresAt } = await issueOneTimeCode({ store: deps.codes, clock: deps.clock, policy })({
    id,
    subject: request.pin,
    purpose: 'registration',
    phone: request.phone,
    decoy: !send,
  });
  const validMinutes = Math.round(policy.ttlSeconds / 60);
  if (send) {
    await deps.notifications.send({
      pin: request.pin,
      phone: request.phone,
      kind: 'registration-code',
      text: registrationCodeText(code, validMinutes),
    });
  } else if (detailsMatch && account) {
    await deps.notifications.send({ pin: request.pin, kind: 'registration-attempt', text: registrationAttemptText() });
  }
  return startAnswer(id, request.phone, expiresAt);
};

/**
 * Checks the code of challenge `id` for `purpose`: unknown, other-purpose, expired or exhausted challenges are gone
 * (410); a wrong code is a 400 on `code` saying how many attempts are left (0: gone).
 */
export const checkChallengeCode = async (
  deps: Pick<RegistrationDeps, 'codes' | 'clock' | 'oneTimeCodes'>,
  id: string,
  purpose: OneTimeCodePurpose,
  code: string,
) => {
  const pending = await deps.codes.get(id);
  if (pending?.purpose !== purpose) throw new ChallengeGoneError();
  const policy = deps.oneTimeCodes ?? DEFAULT_ONE_TIME_CODE_POLICY;
  const result = await verifyOneTimeCode({ store: deps.codes, clock: deps.clock, policy })(id, code);
  if (result.ok) return result.challenge;
  if (result.reason === 'wrong' && (result.attemptsLeft ?? 0) > 0) {
    throw new ValidationError('The code is not right.', [
      { field: 'code', message: `The code is not right; ${result.attemptsLeft} attempts left.` },
    ]);
  }
  throw new ChallengeGoneError();
};

/** Step 2: the code proves the phone; the password is checked first (a rejected password uses no attempt). */
export const confirmRegistration = (deps: RegistrationDeps) => async (id: string, input: unknown) => {
  const request = parseOrThrow(ConfirmRegistrationSchema, input);
  const pending = await deps.codes.get(id);
  if (pending?.purpose !== 'registration' || !pending.phone) throw new ChallengeGoneError();
  const problems = passwordProblems(request.password, pending.subject);
  if (problems.length > 0) {
    throw new ValidationError(
      'Choose another password.',
      problems.map((message) => ({ field: 'password', message })),
    );
  }
  const challenge = await checkChallengeCode(deps, id, 'registration', request.code);
  const pin = challenge.subject;
  const phone = challenge.phone as string;
  const now = deps.clock.now();
  const eligibility = accountEligibility(await deps.citizens.getCitizen(pin), vietnamDate(now));
  if (!eligibility.ok) throw new ChallengeGoneError();
  const at = now.toISOString();
  const created = await deps.accounts.create({
    pin,
    level: 1,
    status: 'active',
    phone,
    passwordHash: await hashSecret(request.password, deps.hashParams ?? PASSWORD_HASH_PARAMS),
    officerRoles: [],
    createdAt: at,
    updatedAt: at,
  });
  if (!created)
    throw new ConflictError('An e-ID account already exists for this citizen. Sign in or reset the password.');
  await deps.events.record({
    pin,
    kind: 'registered',
    actor: { type: 'citizen', pin },
    at,
    details: { level: '1', phone: maskPhone(phone) },
  });
  await deps.notifications.send({ pin, kind: 'account-created', text: accountCreatedText() });
  return {
    statusCode: 201,
    body: { pin, level: 1, message: 'Your level-1 e-ID account is open. Sign in with your PIN and password.' },
  };
};
