/**
 * The e-ID account of a citizen, keyed by PIN, and the ports the identity use cases need. An account never holds
 * personal data the NPDB already has (name, birth date, status): those are read from the citizen record when
 * needed, so a death registered in the NPDB stops sign-in at once.
 */
import type { Citizen } from '../domain/citizen.ts';
import * as z from '../validation/zod.ts';

/**
 * The agencies whose officers decide steps here. The first four run the procedure groups; the others own essential
 * services decided in their own systems, whose dossiers wait in their inbox here (docs/services.md).
 */
export const AGENCIES = [
  'civil-status',
  'police',
  'social-security',
  'welfare',
  'agriculture-environment',
  'finance',
  'education',
  'home-affairs',
  'evn',
] as const;
export type Agency = (typeof AGENCIES)[number];

/** The agencies of the procedure groups (the demo accounts hold officers of these). */
export const GROUP_AGENCIES: readonly Agency[] = AGENCIES.slice(0, 4);

/** What an officer may do, where: a commune officer has `communeCode`; a province-wide role has none. */
export const OfficerRoleSchema = z.object({
  agency: z.enum(AGENCIES),
  role: z.enum(['officer', 'supervisor']),
  provinceCode: z.string().check(z.regex(/^\d{2}$/)),
  communeCode: z.optional(z.string().check(z.regex(/^\d{5}$/))),
});
export type OfficerRole = z.infer<typeof OfficerRoleSchema>;

/**
 * The oversight role: an inspector of the personal-data protection authority may query the access log by accessor
 * (`GET /v1/oversight/access-log`). Kept apart from the agency roles on purpose: an inspector decides no dossier, and
 * an agency officer cannot inspect. Granted by the platform operators on the e-ID account, like officer roles.
 */
export const InspectorRoleSchema = z.object({
  /** The authority the inspector acts for, as shown in the access log of the citizens concerned. */
  authority: z.string().check(z.minLength(1), z.maxLength(200)),
  grantedAt: z.string(),
});
export type InspectorRole = z.infer<typeof InspectorRoleSchema>;

export const PinSchema = z.string().check(z.regex(/^\d{12}$/, 'A personal identification number has 12 digits.'));

/**
 * A Vietnamese mobile number, stored in E.164 (`+84` and 9 digits). People type `0912 345 678`, `84912345678` or
 * `+84 912 345 678`; all become `+84912345678`.
 */
const toE164 = (typed: string): string => {
  const text = typed.replace(/[\s.()-]/g, '');
  return text.startsWith('+84') ? text : text.startsWith('84') ? `+${text}` : text.replace(/^0/, '+84');
};

export const PhoneSchema = z.pipe(
  z.pipe(z.string(), z.transform(toE164)),
  z.string().check(z.regex(/^\+84[35789]\d{8}$/, 'A Vietnamese mobile number, such as 0912 345 678.')),
);

/** The last digits of a phone, for messages that must not disclose the number. */
export const maskPhone = (phone: string): string => `${'•'.repeat(Math.max(0, phone.length - 3))}${phone.slice(-3)}`;

export const AccountSchema = z.object({
  pin: PinSchema,
  level: z.union([z.literal(1), z.literal(2)]),
  /** `disabled` accounts cannot sign in (e.g. the holder died, or the police suspended the account). */
  status: z.enum(['active', 'disabled']),
  /** The phone one-time codes and notices go to (E.164, +84…); proven by a code at registration, changed by police. */
  phone: z.optional(PhoneSchema),
  /** scrypt hash with its parameters (see passwords.ts); absent until the holder sets a password. */
  passwordHash: z.optional(z.string()),
  officerRoles: z._default(z.array(OfficerRoleSchema), []),
  inspector: z.optional(InspectorRoleSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Reference of the face match that opened a self-registered account. */
  selfieCheck: z.optional(z.object({ reference: z.string(), checkedAt: z.string() })),
  /** The in-person check that raised the account to level 2. */
  level2: z.optional(
    z.object({
      activatedAt: z.string(),
      activatedBy: PinSchema,
      /** What the officer checked in person: the card's chip read and the face compared with the portrait. */
      checks: z.optional(z.array(z.enum(['chip', 'face']))),
    }),
  ),
  disabledReason: z.optional(z.string()),
});
export type Account = z.infer<typeof AccountSchema>;

/** The acting officer, as the API's authorizer knows them from their access token. */
export interface Officer {
  readonly pin: string;
  readonly roles: readonly OfficerRole[];
}

/** Reads NPDB citizen records (PopulationStore implements it). */
export interface CitizenReader {
  getCitizen(pin: string): Promise<Citizen | undefined>;
}

export interface AccountStore {
  get(pin: string): Promise<Account | undefined>;
  /** Creates the account; false (and nothing written) if the PIN already has one. */
  create(account: Account): Promise<boolean>;
  /** Raises an existing account to level 2; false if the PIN has no account. */
  setLevel2(pin: string, activation: NonNullable<Account['level2']>, at: string): Promise<boolean>;
  /** Replaces the password hash (after a parameter upgrade or a password change). */
  setPasswordHash(pin: string, passwordHash: string, at: string): Promise<void>;
  /** Replaces the phone of an existing account; false if the PIN has no account. */
  setPhone(pin: string, phone: string, at: string): Promise<boolean>;
  /**
   * Replaces the officer roles, only if the account is unchanged since it was read (`updatedAt` still
   * `expectedUpdatedAt`): false otherwise, so two supervisors' edits cannot silently undo each other.
   */
  setOfficerRoles(pin: string, roles: readonly OfficerRole[], expectedUpdatedAt: string, at: string): Promise<boolean>;
}

/** A pending set-password link: the hash of its token, never the token. */
export interface PasswordSetup {
  readonly pin: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** One-time set-password links of accounts opened without a password (a level-2 activation at the police). */
export interface PasswordSetupStore {
  /** Stores a link under the hash of its token. */
  create(tokenHash: string, setup: PasswordSetup, createdAt: string): Promise<void>;
  /** The link, if it exists and has not expired at `now` (epoch seconds). */
  find(tokenHash: string, now: number): Promise<PasswordSetup | undefined>;
  /**
   * In one transaction: uses up the link (it must still exist and be unexpired) and sets the password of its active
   * account, which must have none yet. `link-gone`: used or expired; `password-exists`: the account has a password.
   */
  complete(
    tokenHash: string,
    pin: string,
    passwordHash: string,
    now: number,
    at: string,
  ): Promise<'done' | 'link-gone' | 'password-exists'>;
}

/** Face matching of a selfie against the NPDB portrait (the app's liveness + match service). */
export interface SelfieCheck {
  verify(request: { readonly pin: string; readonly selfie: string }): Promise<{
    readonly match: boolean;
    readonly reference: string;
  }>;
}
