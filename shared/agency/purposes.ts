/**
 * Data-sharing rules (Circular 46/2022/TT-BCA, Law on Identification 2023): each purpose-bound scope an
 * agency client may hold maps to the only fields it may receive, its legal basis, and whether the
 * citizen's consent is required. Responses are built from this allow-list and nothing else.
 */
export interface Purpose {
  readonly scope: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly allowedFields: readonly string[];
  readonly needsConsent: boolean;
}

export const PURPOSES = {
  'hospital:checkin': {
    scope: 'hospital:checkin',
    purpose: 'hospital-check-in',
    legalBasis:
      'Law on Health Insurance (amended 2024), art. 28: ID card presented instead of the health-insurance card',
    allowedFields: ['coverageStatus', 'cardNumber', 'validUntil', 'registeredFacility'],
    needsConsent: false,
  },
  'ekyc:identity': {
    scope: 'ekyc:identity',
    purpose: 'ekyc',
    legalBasis: "Decree 69/2024/NĐ-CP, art. 15; Circular 46/2022/TT-BCA: identity check with the citizen's consent",
    allowedFields: ['pin', 'fullName', 'birthDate', 'sex', 'permanentAddress'],
    needsConsent: true,
  },
  'npdb:confirm-old-id': {
    scope: 'npdb:confirm-old-id',
    purpose: 'confirm-old-id',
    legalBasis: 'Decision 06/QĐ-TTg, essential service 1: confirmation of the 9-digit identity-card number',
    allowedFields: ['pin', 'fullName', 'birthDate', 'oldIdNumber'],
    needsConsent: false,
  },
} as const satisfies Record<string, Purpose>;

export type PurposeScope = keyof typeof PURPOSES;

/** Keeps only the allowed fields of a candidate response (defence in depth: callers build from the list too). */
export const restrictToPurpose = <T extends Record<string, unknown>>(purpose: Purpose, candidate: T): Partial<T> =>
  Object.fromEntries(
    Object.entries(candidate).filter(([field, value]) => purpose.allowedFields.includes(field) && value !== undefined),
  ) as Partial<T>;
