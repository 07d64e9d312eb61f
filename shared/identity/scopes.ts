/**
 * Scopes of the platform API (resource `urn:p06:api`). Purpose-bound agency scopes are declared once, here: what a
 * scope is for, the law that allows it and the only citizen fields it may return. The API filters every response
 * with `allowedFields`, writes `purpose` and `legalBasis` into the access log, and the consent screen shows them.
 */

/** The resource indicator (RFC 8707) and audience of access tokens for the platform API. */
export const API_RESOURCE = 'urn:p06:api';

/** Fields an agency may receive, named as API responses name them, with the NPDB record path each comes from. */
export const SHARED_FIELDS = {
  pin: 'pin',
  fullName: 'fullName',
  birthDate: 'birthDate',
  sex: 'sex',
  permanentAddress: 'permanentResidence',
  oldIdNumber: 'oldIdNumber',
  /** Derived: `active` when the card is valid on the day of the request, else `expired` or `none`. */
  coverageStatus: 'healthInsurance.validFrom+validUntil',
  cardNumber: 'healthInsurance.number',
  validUntil: 'healthInsurance.validUntil',
  registeredFacility: 'healthInsurance.facilityCode',
} as const;
export type SharedField = keyof typeof SHARED_FIELDS;

export interface AgencyScope {
  /** Why the agency may ask, shown to the citizen on the consent screen and in their access log. */
  readonly purpose: { readonly vi: string; readonly en: string };
  readonly legalBasis: string;
  /** The only fields a response to this scope may carry; empty for aggregates. */
  readonly allowedFields: readonly SharedField[];
  /** Delegated organisations (banks, telecoms) need the citizen's consent for each use (Circular 46/2022/TT-BCA). */
  readonly consentRequired: boolean;
}

export const AGENCY_SCOPES = {
  'hospital:checkin': {
    purpose: {
      vi: 'Kiểm tra thẻ bảo hiểm y tế khi đến khám chữa bệnh bằng thẻ căn cước',
      en: 'Check health-insurance coverage at hospital check-in with the chip ID card',
    },
    legalBasis: 'Law on Health Insurance (25/2008/QH12, as amended); Decision 06/QĐ-TTg; Circular 46/2022/TT-BCA',
    allowedFields: ['coverageStatus', 'cardNumber', 'validUntil', 'registeredFacility'],
    consentRequired: false,
  },
  'ekyc:identity': {
    purpose: {
      vi: 'Xác minh danh tính khách hàng điện tử (eKYC) khi mở tài khoản, với sự đồng ý của công dân',
      en: "Electronic know-your-customer identity check, with the citizen's consent",
    },
    legalBasis: 'Law on Identification (26/2023/QH15); Decree 69/2024/NĐ-CP; Circular 46/2022/TT-BCA (with consent)',
    allowedFields: ['fullName', 'birthDate', 'sex', 'pin', 'permanentAddress'],
    consentRequired: true,
  },
  'npdb:confirm-old-id': {
    purpose: {
      vi: 'Xác nhận số chứng minh nhân dân 9 số cũ',
      en: 'Confirm the old 9-digit identity-card number',
    },
    legalBasis: 'Law on Identification (26/2023/QH15); essential public service 1 of Decision 06/QĐ-TTg',
    allowedFields: ['oldIdNumber'],
    consentRequired: false,
  },
  'npdb:statistics': {
    purpose: {
      vi: 'Thống kê dân số tổng hợp, không có dữ liệu cá nhân',
      en: 'Aggregate population statistics, no personal data',
    },
    legalBasis: 'Law on Statistics (89/2015/QH13)',
    allowedFields: [],
    consentRequired: false,
  },
} as const satisfies Readonly<Record<string, AgencyScope>>;

export type AgencyScopeName = keyof typeof AGENCY_SCOPES;

/** Scopes a citizen-facing client gets on the API: the citizen's own data, and officer work for officers. */
export const CITIZEN_SCOPE = 'citizen';
export const OFFICER_SCOPE = 'officer';

/** The API scopes a person's sign-in can give: agency purposes go only to agencies' client credentials. */
export const USER_API_SCOPES = [CITIZEN_SCOPE, OFFICER_SCOPE] as const;

/** Every scope the API resource knows. */
export const API_SCOPES: readonly string[] = [CITIZEN_SCOPE, OFFICER_SCOPE, ...Object.keys(AGENCY_SCOPES)];

/** OpenID Connect scopes (identity, not API access). */
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;

export const isAgencyScope = (scope: string): scope is AgencyScopeName => Object.hasOwn(AGENCY_SCOPES, scope);

/** The fields a set of granted scopes allows together (the union), for the API's response filter. */
export const allowedFieldsFor = (scopes: readonly string[]): SharedField[] => [
  ...new Set(scopes.filter(isAgencyScope).flatMap((scope) => AGENCY_SCOPES[scope].allowedFields)),
];
