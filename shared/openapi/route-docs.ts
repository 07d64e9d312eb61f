/**
 * What the OpenAPI document says about each route beyond the topology: a summary, a tag, and the zod schemas of its
 * query, body and answer where they live in shared/. Keyed `METHOD /path` exactly as in infra/topology.ts; a route
 * without an entry still appears in the document, with a generic summary (a unit test asks for an entry per route).
 */

import { ResolveQuerySchema, ResolveResponseSchema } from '../admin-units/resolve-schemas.ts';
import { SubmitDossierSchema } from '../dossiers/forms.ts';
import {
  ChangePasswordSchema,
  ConfirmPasswordResetSchema,
  StartPasswordResetSchema,
} from '../identity/account-security.ts';
import { ActivateLevel2Schema, ChangePhoneSchema } from '../identity/officer-accounts.ts';
import { ConfirmRegistrationSchema, StartRegistrationSchema } from '../identity/registration.ts';
import { MySessionsResponseSchema } from '../identity/sessions.ts';
import { OversightQuerySchema } from '../oversight/list-accesses-by-accessor.ts';
import { PaymentRequestSchema } from '../payments/schemas.ts';
import { SERVICES, ServiceListResponseSchema, ServiceResponseSchema } from '../services/catalogue/index.ts';
import { withFeeExemption } from '../services/fee-exemptions.ts';
import { serviceForm } from '../services/forms/index.ts';
import { HouseholdHeadChangeForm } from '../services/forms/residence.ts';
import { RecordCorrectionForm } from '../services/procedures/record-correction.ts';
import { DossierStatisticsQuerySchema } from '../statistics/get-dossier-statistics.ts';
import * as z from '../validation/zod.ts';

export interface RouteDoc {
  readonly summary: string;
  readonly tag: 'platform' | 'e-ID' | 'citizen' | 'agency' | 'services' | 'dossiers' | 'officer' | 'statistics';
  readonly query?: z.ZodMiniType;
  readonly body?: z.ZodMiniType;
  /** Where the body's schema is not in shared/ yet: what to send, in words. */
  readonly bodyDescription?: string;
  readonly response?: z.ZodMiniType;
  /** Status of a success. @default 200 */
  readonly successStatus?: 200 | 201 | 202;
  /** Response content types besides JSON (e.g. CSV). */
  readonly alsoProduces?: readonly string[];
  /** Request headers the route reads. */
  readonly headers?: readonly { readonly name: string; readonly required: boolean; readonly description: string }[];
}

const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description:
    '8-128 characters of [A-Za-z0-9_.:-] (a UUID): a retry returns the same dossier. Alias X-Client-Request-Id.',
} as const;

/** Optional on the synchronous confirmations: without it every request issues a new document, as it always did. */
const CONFIRMATION_IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    '8-128 characters of [A-Za-z0-9_.:-] (a UUID): a retry by the same requester returns the same confirmation (header idempotent-replayed: true) and issues nothing; the key reused for another request is a 422. Without it each request issues a new confirmation. Alias X-Client-Request-Id.',
} as const;

/**
 * The intake route of each service run as a single-agency dossier, from the catalogue and its e-form (the very schema
 * its rules validate with; the forms alone, so the document's function bundles no rules).
 */
const SERVICE_ROUTE_DOCS: Record<string, RouteDoc> = Object.fromEntries(
  SERVICES.flatMap((service) => {
    const form = serviceForm(service.code);
    if (service.start?.kind !== 'dossier' || !form) return [];
    const body = z.strictObject({ form: withFeeExemption(service.fee.exemptions, form) });
    return [
      [
        `POST ${service.start.path}`,
        {
          summary: `Service ${service.code}: ${service.name.en} (a dossier, idempotent)`,
          tag: 'services',
          body,
          successStatus: 202,
          headers: [IDEMPOTENCY_KEY_HEADER],
        } satisfies RouteDoc,
      ],
    ];
  }),
);

export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  ...SERVICE_ROUTE_DOCS,
  'POST /v1/services/residence-confirmations': {
    summary: 'Residence confirmation from the NPDB (the household book is abolished): a verifiable document',
    tag: 'services',
    bodyDescription: '`{}`: the signed-in citizen (e-ID level 2) asks for their own',
    successStatus: 201,
    headers: [CONFIRMATION_IDEMPOTENCY_KEY_HEADER],
  },
  'GET /health': { summary: 'Status of each platform component', tag: 'platform' },
  'GET /.well-known/openid-configuration': { summary: "The e-ID provider's OpenID Connect discovery", tag: 'e-ID' },
  'ANY /oidc/{proxy+}': {
    summary: 'The e-ID provider: authorization (code + PKCE), token, JWKS, userinfo, logout, sign-in pages',
    tag: 'e-ID',
  },
  'GET /v1/statistics/population': {
    summary: 'Living population by province, sex and five-year age group',
    tag: 'statistics',
  },
  'GET /v1/me': { summary: 'My record, residence, household and linked numbers', tag: 'citizen' },
  'GET /v1/me/children': { summary: 'My living minor children', tag: 'citizen' },
  'GET /v1/me/access-log': { summary: 'Who read my data, when, which fields, for what purpose', tag: 'citizen' },
  'GET /v1/me/access-log/{entryId}/proof': {
    summary:
      'Proof that an entry (sequence number or hash) of my access log is in the latest signed anchor (docs/audit-anchoring.md)',
    tag: 'citizen',
  },
  'GET /v1/oversight/access-log': {
    summary: 'Oversight: what one accessor read (inspectors at e-ID level 2); the read is itself logged',
    tag: 'agency',
    query: OversightQuerySchema,
  },
  'GET /v1/me/consents': { summary: 'My consents for relying parties', tag: 'citizen' },
  'PUT /v1/me/consents/{clientId}': {
    summary: 'Grant a relying party consent to named fields',
    tag: 'citizen',
    bodyDescription: '`{fields: string[] (1-10), days: 1-365}`',
  },
  'DELETE /v1/me/consents/{clientId}': { summary: 'Revoke a consent', tag: 'citizen' },
  'POST /v1/agency/check-ins': {
    summary: 'Hospital check-in with the ID card: health-insurance coverage only',
    tag: 'agency',
    bodyDescription: '`{pin, chipVerified?: boolean}`',
  },
  'POST /v1/agency/ekyc': {
    summary: "Bank or telecom identity check, within the citizen's consent",
    tag: 'agency',
    bodyDescription: '`{pin}`',
  },
  'POST /v1/services/old-id-confirmations': {
    summary: 'Service 1: confirmation of the old 9-digit ID number',
    tag: 'services',
    bodyDescription: '`{}` for a citizen (themselves), `{pin}` for an agency with npdb:confirm-old-id',
    successStatus: 201,
    headers: [CONFIRMATION_IDEMPOTENCY_KEY_HEADER],
  },
  'GET /v1/documents/{number}': { summary: 'Verify an issued document by its number and code', tag: 'services' },
  'GET /v1/openapi.json': { summary: 'This document', tag: 'platform' },
  'GET /v1/services': {
    summary: 'The catalogue of the 25 essential public services',
    tag: 'services',
    response: ServiceListResponseSchema,
  },
  'GET /v1/admin-units/resolve': {
    summary: 'Which unit an address under an old (pre-July-2025) commune code belongs to on a date',
    tag: 'platform',
    query: ResolveQuerySchema,
    response: ResolveResponseSchema,
  },
  'GET /v1/services/{code}': {
    summary: 'One essential public service',
    tag: 'services',
    response: ServiceResponseSchema,
  },
  'POST /v1/dossiers': {
    summary: 'Submit a birth-group or death-group dossier (idempotent)',
    tag: 'dossiers',
    body: SubmitDossierSchema,
    successStatus: 202,
    headers: [
      {
        name: 'Idempotency-Key',
        required: true,
        description:
          '8-128 characters of [A-Za-z0-9_.:-] (a UUID): a retry returns the same dossier. Alias X-Client-Request-Id.',
      },
    ],
  },
  'GET /v1/dossiers/{dossierId}': { summary: 'A dossier: status, documents, steps, timeline', tag: 'dossiers' },
  'GET /v1/me/dossiers': { summary: 'My dossiers', tag: 'dossiers' },
  'POST /v1/me/record-corrections': {
    summary:
      'Ask for a correction of my NPDB record (full name, birth date, sex, ethnicity): a dossier the commune police decide (idempotent)',
    tag: 'citizen',
    body: z.strictObject({ form: RecordCorrectionForm }),
    successStatus: 202,
    headers: [IDEMPOTENCY_KEY_HEADER],
  },
  'POST /v1/me/household-head-changes': {
    summary:
      "Register my household's new head, with each member's relation to them: a dossier the commune police decide (idempotent)",
    tag: 'citizen',
    body: z.strictObject({ form: HouseholdHeadChangeForm }),
    successStatus: 202,
    headers: [IDEMPOTENCY_KEY_HEADER],
  },
  'GET /v1/officer/tasks': { summary: "An officer's inbox, soonest due first", tag: 'officer' },
  'GET /v1/officer/overview': {
    summary: "A supervisor's open and overdue steps per commune and per agency in their province",
    tag: 'officer',
  },
  'GET /v1/statistics/dossiers': {
    summary:
      'Project 06 indicators of the procedure groups by month of submission, province and group (npdb:statistics or a supervisor)',
    tag: 'statistics',
    query: DossierStatisticsQuerySchema,
    alsoProduces: ['text/csv'],
  },
  'POST /v1/officer/tasks/{taskId}/decision': {
    summary: 'Approve a step, or reject it with a reason',
    tag: 'officer',
    bodyDescription: '`{decision: "approve" | "reject", reason?: string (≥10 characters to reject)}`',
  },
  'POST /v1/officer/dossiers/{dossierId}/revocation': {
    summary: 'Revoke a registered death and restore what it ended',
    tag: 'officer',
    bodyDescription: '`{reason: string (≥10 characters)}`',
  },
  'POST /v1/dossiers/{dossierId}/payment': {
    summary: "The payment gateway's page for my dossier awaiting its fee (the same open page until it closes)",
    tag: 'dossiers',
    body: PaymentRequestSchema,
    successStatus: 201,
  },
  'GET /v1/payments/vnpay/ipn': {
    summary: "The payment gateway's signed notification (IPN); answers {RspCode, Message} (docs/payments.md)",
    tag: 'dossiers',
  },
  'GET /v1/payments/vnpay/return': {
    summary: 'The page a citizen lands on back from the payment gateway (display only)',
    tag: 'dossiers',
    alsoProduces: ['text/html'],
  },
  'POST /v1/officer/dossiers/{dossierId}/resumption': {
    summary: 'Resume a failed or refused group from the step that failed',
    tag: 'officer',
    bodyDescription: '`{reason: string (≥10 characters)}`',
  },
  // e-ID account lifecycle (docs/e-id-accounts.md).
  'POST /v1/registrations': {
    summary: 'Level-1 registration, step 1: always 202 "if the details match, a code was sent" (no enumeration)',
    tag: 'e-ID',
    body: StartRegistrationSchema,
    successStatus: 202,
  },
  'POST /v1/registrations/{registrationId}/confirmation': {
    summary: 'Level-1 registration, step 2: the code and a password open the account',
    tag: 'e-ID',
    body: ConfirmRegistrationSchema,
    successStatus: 201,
  },
  'POST /v1/password-resets': {
    summary: "Password reset, step 1: a code to the account's phone (always 202)",
    tag: 'e-ID',
    body: StartPasswordResetSchema,
    successStatus: 202,
  },
  'POST /v1/password-resets/{resetId}/confirmation': {
    summary: 'Password reset, step 2: the code and the new password',
    tag: 'e-ID',
    body: ConfirmPasswordResetSchema,
  },
  'POST /v1/me/password': {
    summary:
      'Change my password; my other sign-ins end (this one is kept when the token names its grant: currentSessionKept)',
    tag: 'e-ID',
    body: ChangePasswordSchema,
  },
  'GET /v1/me/account-events': { summary: 'Changes to my e-ID account: who, when, what', tag: 'e-ID' },
  'GET /v1/me/sessions': {
    summary: "My sessions and devices: where my e-ID account is signed in (the caller's own marked current)",
    tag: 'e-ID',
    response: MySessionsResponseSchema,
  },
  'DELETE /v1/me/sessions/{sessionId}': {
    summary: 'End one of my sign-ins (s_… a browser session, g_… an app): its refresh tokens stop working',
    tag: 'e-ID',
  },
  'POST /v1/officer/accounts/{pin}/level-2': {
    summary: 'Commune police activate level 2 after checking the chip and the face',
    tag: 'officer',
    body: ActivateLevel2Schema,
  },
  'PUT /v1/officer/accounts/{pin}/phone': {
    summary: "Commune police change an account's phone after checking the chip and the face",
    tag: 'officer',
    body: ChangePhoneSchema,
  },
  'PUT /v1/officer/accounts/{pin}/roles/{roleId}': {
    summary: 'A supervisor grants a role `<agency>.<officer|supervisor>.<province>[.<commune>]`',
    tag: 'officer',
  },
  'DELETE /v1/officer/accounts/{pin}/roles/{roleId}': { summary: 'A supervisor withdraws a role', tag: 'officer' },
};
