/**
 * Who may act in the officers' back office: an officer acts only where one of their roles matches the step's agency
 * and the dossier's province (and commune, for a commune-scoped role), and never on a dossier they are a party to.
 * Apart from officer-tasks.ts so that reading a dossier does not bundle the step rules that deciding runs.
 */
import {
  type CitizenPrincipal,
  ForbiddenError,
  type OfficerRole,
  type Principal,
  requireScope,
} from '../auth/principal.ts';
import type { Agency } from '../identity/account.ts';
import { OFFICER_SCOPE } from '../identity/scopes.ts';
import type { Dossier } from './dossier.ts';
import type { BirthForm, DeathForm } from './forms.ts';

export const requireOfficer = (
  principal: Principal | undefined,
): CitizenPrincipal & { officerRoles: OfficerRole[] } => {
  if (principal?.kind !== 'citizen' || principal.officerRoles.length === 0) {
    throw new ForbiddenError('This is for officers signed in with an e-ID account that holds an officer role.');
  }
  // The provider puts roles in a token only with the `officer` scope; a token without it is not for officer work.
  requireScope(principal, [OFFICER_SCOPE]);
  if (principal.level < 2) throw new ForbiddenError('Officers act with a level-2 e-ID account.');
  return principal as CitizenPrincipal & { officerRoles: OfficerRole[] };
};

/** Whether a role covers acting for `agency` on a dossier handled in this province and commune. */
export const roleCovers = (role: OfficerRole, agency: Agency, provinceCode: string, communeCode: string): boolean =>
  role.agency === agency &&
  role.provinceCode === provinceCode &&
  (role.communeCode === undefined || role.communeCode === communeCode);

/** The people a dossier is about or for: an officer who is one of them may not decide on it. */
export const partiesOf = (dossier: Dossier): Set<string> => {
  const form = dossier.form as Partial<BirthForm & DeathForm>;
  return new Set(
    [
      dossier.applicantPin,
      form.motherPin,
      form.fatherPin,
      form.householdOf,
      form.deceasedPin,
      form.funeralAllowance?.recipientPin,
      dossier.documents.pin,
      ...(dossier.parties ?? []),
    ].filter((pin): pin is string => pin !== undefined),
  );
};

/** A 403 for an officer who is a party to the dossier. */
export const refuseConflictOfInterest = (officer: CitizenPrincipal, dossier: Dossier) => {
  if (partiesOf(dossier).has(officer.pin)) {
    throw new ForbiddenError(
      'You are a party to this dossier (applicant, parent, child, deceased or recipient); another officer must decide it.',
    );
  }
};
