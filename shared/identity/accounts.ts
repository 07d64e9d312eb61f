/**
 * Opening and upgrading e-ID accounts. Level 1 is self-registered in the app with a selfie matched against the
 * NPDB portrait; level 2 is activated by a commune police officer after checking the person in person.
 */
import { type Clock, vietnamDate } from '../domain/clock.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import {
  type Account,
  type AccountStore,
  type CitizenReader,
  type Officer,
  type PasswordSetupStore,
  PinSchema,
  type SelfieCheck,
} from './account.ts';
import { accountEligibility } from './levels.ts';
import { accountCreatedText, level2ActivatedText, type NotificationSender } from './notifications.ts';
import { sendPasswordSetupLink } from './password-setup.ts';
import { hashSecret, PASSWORD_HASH_PARAMS, passwordProblems, type ScryptParams } from './passwords.ts';

/** The request is understood but the rules do not allow it (too young, deceased, selfie mismatch). */
export class NotEligibleError extends DomainError {
  constructor(message: string) {
    super(message, 422);
  }
}

/** The actor may not do this (an officer outside their agency or jurisdiction). */
export class NotPermittedError extends DomainError {
  constructor(message: string) {
    super(message, 403);
  }
}

export const RegisterLevel1RequestSchema = z.object({
  pin: PinSchema,
  password: z.string(),
  /** The selfie taken in the app (base64), passed to the face-matching service. */
  selfie: z.string().check(z.minLength(1, 'Take a selfie in the app to register.')),
});
export type RegisterLevel1Request = z.infer<typeof RegisterLevel1RequestSchema>;

export interface AccountDeps {
  readonly citizens: CitizenReader;
  readonly accounts: AccountStore;
  readonly notifications: NotificationSender;
  readonly clock: Clock;
  readonly hashParams?: ScryptParams;
}

const parseOrThrow = <T>(schema: z.ZodMiniType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    'The request is not valid.',
    parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
  );
};

const eligibleCitizen = async (citizens: CitizenReader, pin: string, today: string) => {
  const citizen = await citizens.getCitizen(pin);
  const eligibility = accountEligibility(citizen, today);
  if (!eligibility.ok) {
    if (eligibility.reason === 'not-found') throw new NotFoundError(eligibility.message);
    throw new NotEligibleError(eligibility.message);
  }
  return citizen as NonNullable<typeof citizen>;
};

/**
 * Self-registration of a level-1 account:
 * 1. validate the PIN and the password rules;
 * 2. the NPDB must hold a living citizen aged 14 or more with that PIN, who has no account yet;
 * 3. the selfie must match the NPDB portrait (the SelfieCheck port);
 * 4. create the account (conditional: two registrations for one PIN cannot both succeed) and tell the holder.
 */
export const registerLevel1Account =
  (deps: AccountDeps & { readonly selfieCheck: SelfieCheck }) =>
  async (request: RegisterLevel1Request): Promise<Account> => {
    const { pin, password, selfie } = parseOrThrow(RegisterLevel1RequestSchema, request);
    const problems = passwordProblems(password, pin);
    if (problems.length > 0) {
      throw new ValidationError(
        'Choose another password.',
        problems.map((message) => ({ field: 'password', message })),
      );
    }
    const now = deps.clock.now();
    await eligibleCitizen(deps.citizens, pin, vietnamDate(now));
    if (await deps.accounts.get(pin)) throw new ConflictError('This citizen already has an e-ID account.');
    const check = await deps.selfieCheck.verify({ pin, selfie });
    if (!check.match) {
      throw new NotEligibleError(
        'The selfie does not match the portrait in the National Population Database. Try again in good light, ' +
          'or register in person at the commune police.',
      );
    }
    const at = now.toISOString();
    const account: Account = {
      pin,
      level: 1,
      status: 'active',
      passwordHash: await hashSecret(password, deps.hashParams ?? PASSWORD_HASH_PARAMS),
      officerRoles: [],
      createdAt: at,
      updatedAt: at,
      selfieCheck: { reference: check.reference, checkedAt: at },
    };
    if (!(await deps.accounts.create(account))) throw new ConflictError('This citizen already has an e-ID account.');
    await deps.notifications.send({ pin, kind: 'account-created', text: accountCreatedText() });
    return account;
  };

/** Whether an officer is commune (or province-wide) police for the place the citizen permanently resides. */
export const policeJurisdictionOver = (
  officer: Officer,
  residence: { readonly provinceCode: string; readonly communeCode: string },
): boolean =>
  officer.roles.some(
    (role) =>
      role.agency === 'police' &&
      role.provinceCode === residence.provinceCode &&
      (role.communeCode === undefined || role.communeCode === residence.communeCode),
  );

/**
 * Level-2 activation after the in-person check (portrait and fingerprints) at the commune police:
 * 1. the officer must be police with jurisdiction over the citizen's permanent residence, and not the citizen;
 * 2. the citizen must be alive and 14 or older;
 * 3. an existing account is raised to level 2; otherwise a level-2 account without a password is opened;
 * 4. the holder is told, and an account without a password gets a one-time set-password link through the outbox
 *    (password-setup.ts), also when an activation is retried after the link was lost.
 */
export const activateLevel2 =
  (deps: AccountDeps & { readonly setups: PasswordSetupStore; readonly issuer: string }) =>
  async (
    officer: Officer,
    pin: string,
    options: { readonly checks?: readonly ('chip' | 'face')[]; readonly phone?: string } = {},
  ): Promise<Account> => {
    const validPin = parseOrThrow(PinSchema, pin);
    const now = deps.clock.now();
    const citizen = await eligibleCitizen(deps.citizens, validPin, vietnamDate(now));
    if (officer.pin === validPin) throw new NotPermittedError('An officer cannot activate their own account.');
    if (!policeJurisdictionOver(officer, citizen.permanentResidence)) {
      throw new NotPermittedError(
        `Only the police of commune ${citizen.permanentResidence.communeCode} (province ` +
          `${citizen.permanentResidence.provinceCode}), where the citizen permanently resides, can activate level 2.`,
      );
    }
    const at = now.toISOString();
    const activation = {
      activatedAt: at,
      activatedBy: officer.pin,
      ...(options.checks ? { checks: [...options.checks] } : {}),
    };
    if (!(await deps.accounts.setLevel2(validPin, activation, at))) {
      const created = await deps.accounts.create({
        pin: validPin,
        level: 2,
        status: 'active',
        ...(options.phone ? { phone: options.phone } : {}),
        officerRoles: [],
        createdAt: at,
        updatedAt: at,
        level2: activation,
      });
      if (!created) await deps.accounts.setLevel2(validPin, activation, at);
    }
    await deps.notifications.send({ pin: validPin, kind: 'account-level-2', text: level2ActivatedText() });
    await sendPasswordSetupLink(deps)(validPin);
    const account = await deps.accounts.get(validPin);
    if (!account) throw new Error(`The account of ${validPin} vanished right after activation.`);
    return account;
  };
