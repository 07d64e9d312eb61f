/**
 * e-ID assurance levels and who may hold an account. Level 1: PIN, name, birth date and sex, self-registered with
 * a selfie; level 2: portrait and fingerprints checked in person by the commune police, equal to showing the chip
 * card and required for online public services. Relying parties ask for a level with the OIDC `acr_values`
 * parameter; the `acr` claim of ID and access tokens says which level the signed-in account has.
 */
import type { Citizen } from '../domain/citizen.ts';
import { ageInYears } from '../domain/dates.ts';

export type AccountLevel = 1 | 2;

export const ACR_LEVEL_1 = 'urn:vn:p06:loa:1';
export const ACR_LEVEL_2 = 'urn:vn:p06:loa:2';
/** Every `acr` the provider issues, lowest first (advertised as `acr_values_supported`). */
export const ACR_VALUES = [ACR_LEVEL_1, ACR_LEVEL_2] as const;

/** Accounts start at this age; younger children sit under a parent's account. */
export const MINIMUM_ACCOUNT_AGE = 14;

/** The `acr` a sign-in with an account of this level carries. */
export const acrForLevel = (level: AccountLevel): string => (level === 2 ? ACR_LEVEL_2 : ACR_LEVEL_1);

/** The level an `acr` stands for, or undefined for values this provider does not issue. */
export const levelForAcr = (acr: string | undefined): AccountLevel | undefined =>
  acr === ACR_LEVEL_2 ? 2 : acr === ACR_LEVEL_1 ? 1 : undefined;

/**
 * The lowest level a relying party accepts, from its space-separated `acr_values` (a preference list of acceptable
 * values, OIDC Core 3.1.2.1). Unknown values are ignored; undefined means any level will do.
 */
export const requiredLevel = (acrValues: string | readonly string[] | undefined): AccountLevel | undefined => {
  const values = typeof acrValues === 'string' ? acrValues.split(' ') : (acrValues ?? []);
  const levels = values.map(levelForAcr).filter((l): l is AccountLevel => l !== undefined);
  if (levels.length === 0) return undefined;
  return Math.min(...levels) as AccountLevel;
};

/** Whether an account of `level` satisfies a requirement from `requiredLevel`. */
export const meetsLevel = (level: AccountLevel, required: AccountLevel | undefined): boolean =>
  required === undefined || level >= required;

export type AccountEligibility =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not-found' | 'deceased' | 'too-young'; readonly message: string };

/**
 * Whether the NPDB record allows an e-ID account on `today` (YYYY-MM-DD, Vietnam): the citizen exists, is alive and
 * is at least 14 years old.
 */
export const accountEligibility = (
  citizen: Pick<Citizen, 'birthDate' | 'status'> | undefined,
  today: string,
): AccountEligibility => {
  if (!citizen) {
    return {
      ok: false,
      reason: 'not-found',
      message: 'No citizen with this personal identification number is recorded in the National Population Database.',
    };
  }
  if (citizen.status === 'deceased') {
    return { ok: false, reason: 'deceased', message: 'The citizen is recorded as deceased; no account can be used.' };
  }
  const age = citizen.birthDate <= today ? ageInYears(citizen.birthDate, today) : -1;
  if (age < MINIMUM_ACCOUNT_AGE) {
    return {
      ok: false,
      reason: 'too-young',
      message: `An e-ID account can be opened from the age of ${MINIMUM_ACCOUNT_AGE}; younger children use a parent's account.`,
    };
  }
  return { ok: true };
};
