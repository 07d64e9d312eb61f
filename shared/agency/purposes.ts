/**
 * Data-sharing rules as the API applies them (Circular 46/2022/TT-BCA, Law on Identification 2023). The scope
 * definitions — what each purpose-bound scope is for, its legal basis, the only fields it may receive and whether
 * the citizen's consent is required — are declared once, in `shared/identity/scopes.ts`; this adds the purpose
 * code written into the access log. Responses are built from the allow-list and nothing else.
 */
import { AGENCY_SCOPES } from '../identity/scopes.ts';

export interface Purpose {
  readonly scope: string;
  /** Kebab-case purpose code for the access log, e.g. `hospital-check-in`. */
  readonly purpose: string;
  readonly legalBasis: string;
  readonly allowedFields: readonly string[];
  readonly needsConsent: boolean;
}

const PURPOSE_CODES = {
  'hospital:checkin': 'hospital-check-in',
  'ekyc:identity': 'ekyc',
  'npdb:confirm-old-id': 'confirm-old-id',
} as const;

export type PurposeScope = keyof typeof PURPOSE_CODES;

const purposeOf = (scope: PurposeScope): Purpose => ({
  scope,
  purpose: PURPOSE_CODES[scope],
  legalBasis: AGENCY_SCOPES[scope].legalBasis,
  allowedFields: AGENCY_SCOPES[scope].allowedFields,
  needsConsent: AGENCY_SCOPES[scope].consentRequired,
});

export const PURPOSES: Readonly<Record<PurposeScope, Purpose>> = {
  'hospital:checkin': purposeOf('hospital:checkin'),
  'ekyc:identity': purposeOf('ekyc:identity'),
  'npdb:confirm-old-id': purposeOf('npdb:confirm-old-id'),
};

/** Keeps only the allowed fields of a candidate response (defence in depth: callers build from the list too). */
export const restrictToPurpose = <T extends Record<string, unknown>>(purpose: Purpose, candidate: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(candidate).filter(([field, value]) => purpose.allowedFields.includes(field) && value !== undefined),
  ) as Partial<T>;
