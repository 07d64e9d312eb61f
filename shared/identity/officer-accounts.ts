/**
 * What officers do to other people's e-ID accounts, each through the API and each written down:
 * - commune police with jurisdiction over the citizen's permanent residence activate level 2 after checking the
 *   card's chip and the face in person (`POST /v1/officer/accounts/{pin}/level-2`), and change the phone of an
 *   account after the same check (`PUT /v1/officer/accounts/{pin}/phone`);
 * - a supervisor grants and withdraws officer roles of their agency within their own area
 *   (`PUT` / `DELETE /v1/officer/accounts/{pin}/roles/{roleId}`).
 * The acting officer's roles are read from their account at the time of the request, not from the token, so a
 * withdrawn role stops working at once. The officer's read of the citizen's record goes to the citizen's access
 * log; every change is an account event. Refusals (400, 403, 404) write nothing, and a citizen outside the officer's
 * jurisdiction is a 404 like an unknown PIN.
 */
import type { Principal } from '../auth/principal.ts';
import { ForbiddenError, requireScope } from '../auth/principal.ts';
import type { AccessRecorder } from '../citizen/ports.ts';
import type { Citizen } from '../domain/citizen.ts';
import { type Clock, vietnamDate } from '../domain/clock.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import {
  type AccountStore,
  AGENCIES,
  type CitizenReader,
  maskPhone,
  type Officer,
  type OfficerRole,
  OfficerRoleSchema,
  type PasswordSetupStore,
  PhoneSchema,
  PinSchema,
} from './account.ts';
import type { AccountEventLog } from './account-events.ts';
import { activateLevel2, policeJurisdictionOver } from './accounts.ts';
import { accountEligibility } from './levels.ts';
import { accountChangedText, type NotificationSender } from './notifications.ts';
import { parseOrThrow } from './registration.ts';
import { OFFICER_SCOPE } from './scopes.ts';

export interface OfficerAccountDeps {
  readonly accounts: AccountStore;
  readonly citizens: CitizenReader;
  readonly setups: PasswordSetupStore;
  readonly notifications: NotificationSender;
  readonly events: AccountEventLog;
  readonly accessLog: AccessRecorder;
  readonly clock: Clock;
  /** The e-ID issuer, for set-password links. */
  readonly issuer: string;
}

const LEGAL_BASIS = 'Decree 69/2024/ND-CP on electronic identification and authentication';

/** The in-person checks, both required: the chip was read and the face compared with the portrait. */
const InPersonChecks = {
  chipChecked: z.literal(true, 'Read the chip of the ID card before activating (chipChecked: true).'),
  faceChecked: z.literal(true, 'Compare the face with the portrait on the chip (faceChecked: true).'),
};

export const ActivateLevel2Schema = z.strictObject({
  ...InPersonChecks,
  /** The mobile number for notices and codes; required when the citizen has no account yet. */
  phone: z.optional(PhoneSchema),
});

export const ChangePhoneSchema = z.strictObject({ ...InPersonChecks, phone: PhoneSchema });

/** The acting officer as their account says now: active, level 2, with roles. */
const actingOfficer = async (accounts: AccountStore, principal: Principal | undefined): Promise<Officer> => {
  if (principal?.kind !== 'citizen')
    throw new ForbiddenError('This is for officers signed in with their e-ID account.');
  const account = await accounts.get(principal.pin);
  if (account?.status !== 'active' || account.officerRoles.length === 0) {
    throw new ForbiddenError('Your e-ID account holds no officer role.');
  }
  // The roles come from the account, not the token, but the token must still have been issued for officer work: a
  // citizen-only sign-in of an officer (without the `officer` scope) acts on no one's account.
  requireScope(principal, [OFFICER_SCOPE]);
  if (principal.level < 2 || account.level < 2) throw new ForbiddenError('Officers act with a level-2 e-ID account.');
  return { pin: principal.pin, roles: account.officerRoles };
};

/**
 * The citizen, if the officer is police with jurisdiction over their permanent residence. An unknown PIN and a citizen
 * outside the officer's jurisdiction get the same 404: a refusal that named the citizen's commune, or told the two
 * apart, would tell any officer where a stranger lives or whether a PIN was issued. An officer of another agency is
 * refused (403) before anything is read.
 */
const citizenInJurisdiction = async (deps: OfficerAccountDeps, officer: Officer, pin: string): Promise<Citizen> => {
  if (officer.pin === pin) throw new ForbiddenError('An officer cannot change their own account.');
  if (!officer.roles.some((r) => r.agency === 'police')) {
    throw new ForbiddenError('Only the police of the commune where the citizen permanently resides can do this.');
  }
  const citizen = await deps.citizens.getCitizen(pin);
  if (!citizen || !policeJurisdictionOver(officer, citizen.permanentResidence)) {
    throw new NotFoundError(
      'No citizen with this personal identification number is recorded in your jurisdiction (the commune where ' +
        'they permanently reside).',
    );
  }
  return citizen;
};

const recordOfficerRead = (
  deps: OfficerAccountDeps,
  officer: Officer,
  pin: string,
  purpose: string,
  requestId: string,
) =>
  deps.accessLog.recordMany([
    {
      subjectPin: pin,
      accessor: { type: 'officer', id: officer.pin, agency: 'police' },
      fields: ['fullName', 'birthDate', 'permanentResidence.communeCode'],
      purpose,
      legalBasis: LEGAL_BASIS,
      outcome: 'granted',
      requestId,
      channel: 'api',
    },
  ]);

/** Level-2 activation at the commune police (see the file comment). */
export const activateLevel2AtPolice =
  (deps: OfficerAccountDeps) =>
  async (principal: Principal | undefined, pinInput: string, input: unknown, requestId: string) => {
    const pin = parseOrThrow(PinSchema, pinInput);
    const request = parseOrThrow(ActivateLevel2Schema, input);
    const officer = await actingOfficer(deps.accounts, principal);
    const citizen = await citizenInJurisdiction(deps, officer, pin);
    const eligibility = accountEligibility(citizen, vietnamDate(deps.clock.now()));
    if (!eligibility.ok)
      throw new ValidationError(eligibility.message, [{ field: 'pin', message: eligibility.message }]);
    const before = await deps.accounts.get(pin);
    if (!before && !request.phone) {
      throw new ValidationError('The citizen has no e-ID account yet: record their mobile number.', [
        { field: 'phone', message: 'Required for a citizen without an account: the set-password link goes there.' },
      ]);
    }
    await recordOfficerRead(deps, officer, pin, 'eid-level-2-activation', requestId);
    const account = await activateLevel2({ ...deps })(officer, pin, {
      checks: ['chip', 'face'],
      ...(request.phone && !before ? { phone: request.phone } : {}),
    });
    const at = account.level2?.activatedAt ?? deps.clock.now().toISOString();
    await deps.events.record({
      pin,
      kind: 'level-2-activated',
      actor: { type: 'officer', pin: officer.pin },
      at,
      details: { checks: 'chip,face', newAccount: String(!before) },
    });
    if (before && request.phone && request.phone !== before.phone) {
      await changePhone(deps, officer, pin, request.phone, before.phone);
    }
    return {
      pin,
      fullName: citizen.fullName,
      level: 2,
      activatedAt: at,
      checks: ['chip', 'face'],
      passwordSetupLinkSent: account.passwordHash === undefined,
    };
  };

const changePhone = async (
  deps: OfficerAccountDeps,
  officer: Officer,
  pin: string,
  phone: string,
  previous: string | undefined,
) => {
  const at = deps.clock.now().toISOString();
  if (!(await deps.accounts.setPhone(pin, phone, at))) throw new NotFoundError('This citizen has no e-ID account.');
  await deps.events.record({
    pin,
    kind: 'phone-changed',
    actor: { type: 'officer', pin: officer.pin },
    at,
    details: { from: previous ? maskPhone(previous) : 'none', to: maskPhone(phone), checks: 'chip,face' },
  });
  const text = accountChangedText(`số điện thoại đổi thành ${maskPhone(phone)} tại công an xã`);
  // The old phone hears of the change too: a hijack is noticed by the person who lost the number.
  if (previous) await deps.notifications.send({ pin, phone: previous, kind: 'account-changed', text });
  await deps.notifications.send({ pin, phone, kind: 'account-changed', text });
};

/** Phone change at the commune police, after the same in-person check as level 2. */
export const changePhoneAtPolice =
  (deps: OfficerAccountDeps) =>
  async (principal: Principal | undefined, pinInput: string, input: unknown, requestId: string) => {
    const pin = parseOrThrow(PinSchema, pinInput);
    const request = parseOrThrow(ChangePhoneSchema, input);
    const officer = await actingOfficer(deps.accounts, principal);
    await citizenInJurisdiction(deps, officer, pin);
    const account = await deps.accounts.get(pin);
    if (!account) throw new NotFoundError('This citizen has no e-ID account; activate level 2 instead.');
    await recordOfficerRead(deps, officer, pin, 'eid-phone-change', requestId);
    if (account.phone !== request.phone) await changePhone(deps, officer, pin, request.phone, account.phone);
    return { pin, phone: maskPhone(request.phone) };
  };

/** A role as it appears in a URL: `<agency>.<officer|supervisor>.<province>[.<commune>]`, e.g. `police.officer.01.00004`. */
export const roleId = (role: OfficerRole): string =>
  [role.agency, role.role, role.provinceCode, ...(role.communeCode ? [role.communeCode] : [])].join('.');

export const parseRoleId = (text: string): OfficerRole => {
  const [agency, role, provinceCode, communeCode, ...rest] = text.split('.');
  const parsed = OfficerRoleSchema.safeParse({ agency, role, provinceCode, ...(communeCode ? { communeCode } : {}) });
  if (!parsed.success || rest.length > 0) {
    throw new ValidationError('The role is not valid.', [
      {
        field: 'roleId',
        message: `Write a role as <agency>.<officer|supervisor>.<province>[.<commune>], agency one of ${AGENCIES.join(', ')}.`,
      },
    ]);
  }
  return parsed.data;
};

const sameRole = (a: OfficerRole, b: OfficerRole) => roleId(a) === roleId(b);

/**
 * Whether `supervisor` may grant or withdraw `role`: a supervisor role of the same agency and province, province-wide
 * or of the same commune (a commune supervisor manages only officer roles of their commune).
 */
export const supervises = (supervisor: Officer, role: OfficerRole): boolean =>
  supervisor.roles.some(
    (held) =>
      held.role === 'supervisor' &&
      held.agency === role.agency &&
      held.provinceCode === role.provinceCode &&
      (held.communeCode === undefined || (held.communeCode === role.communeCode && role.role === 'officer')),
  );

const changeRoles =
  (deps: Pick<OfficerAccountDeps, 'accounts' | 'events' | 'clock' | 'notifications'>, action: 'grant' | 'withdraw') =>
  async (principal: Principal | undefined, pinInput: string, roleText: string) => {
    const pin = parseOrThrow(PinSchema, pinInput);
    const role = parseRoleId(roleText);
    const supervisor = await actingOfficer(deps.accounts, principal);
    if (!supervises(supervisor, role)) {
      throw new ForbiddenError(
        `Only a supervisor of ${role.agency} for this area can ${action} the role ${roleId(role)}.`,
      );
    }
    if (supervisor.pin === pin) throw new ForbiddenError('A supervisor cannot change their own roles.');
    const account = await deps.accounts.get(pin);
    if (!account) throw new NotFoundError('This person has no e-ID account.');
    const holds = account.officerRoles.some((held) => sameRole(held, role));
    if (action === 'grant' && account.level < 2) {
      throw new ValidationError('Officers act with a level-2 account.', [
        { field: 'pin', message: 'Activate level 2 at the commune police before granting a role.' },
      ]);
    }
    if (action === 'withdraw' && !holds)
      throw new NotFoundError(`This account does not hold the role ${roleId(role)}.`);
    if (action === 'grant' && holds) return { pin, roles: account.officerRoles.map(roleId), changed: false };
    const roles =
      action === 'grant'
        ? [...account.officerRoles, role]
        : account.officerRoles.filter((held) => !sameRole(held, role));
    const at = deps.clock.now().toISOString();
    if (!(await deps.accounts.setOfficerRoles(pin, roles, account.updatedAt, at))) {
      throw new ConflictError('The account changed meanwhile; read it again and retry.');
    }
    await deps.events.record({
      pin,
      kind: action === 'grant' ? 'officer-role-granted' : 'officer-role-withdrawn',
      actor: { type: 'officer', pin: supervisor.pin },
      at,
      details: { role: roleId(role) },
    });
    return { pin, roles: roles.map(roleId), changed: true };
  };

export const grantOfficerRole = (deps: Pick<OfficerAccountDeps, 'accounts' | 'events' | 'clock' | 'notifications'>) =>
  changeRoles(deps, 'grant');
export const withdrawOfficerRole = (
  deps: Pick<OfficerAccountDeps, 'accounts' | 'events' | 'clock' | 'notifications'>,
) => changeRoles(deps, 'withdraw');
