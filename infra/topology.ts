/**
 * The platform's topology, declared once: tables, functions, routes, province queues and workflows.
 *
 * Both targets read this module and nothing else to know what exists:
 * - the CDK app (infra/app.ts) builds AWS resources, grants and environment variables from it;
 * - the local cloud (infra/local/) creates the same tables in DynamoDB Local, the same queues and state
 *   machines on its local AWS endpoint, and routes the same HTTP paths to the same handler modules.
 * test/infra/topology-parity.test.ts proves the synthesized template and the local cloud expose the same set.
 *
 * This module holds no AWS constructs and no I/O so that both sides (and tests) can import it cheaply.
 */
import { PILOT_PROVINCE_CODES, PROVINCE_CODES, type ProvinceCode } from '../shared/domain/admin-units/provinces.ts';
import { RESULT_PARAMS } from '../shared/payments/vnpay-protocol.ts';
import { intakeDlqName, intakeQueueName } from '../shared/platform/resource-names.ts';
import { SERVICES } from '../shared/services/catalogue/index.ts';
import { FEED, type FeedSpec } from './feed-topology.ts';
import { TABLES, type TableId, type TableSpec } from './tables.ts';

// ---------------------------------------------------------------------------------------------- tables

// In infra/tables.ts, so that a handler that needs only the tables does not load the catalogue and the routes.
export * from './tables.ts';

// ------------------------------------------------------------------------------------------- functions

export type TableAccess = 'read' | 'readWrite';

/**
 * The pre-2025 communes' compact tables, read on first use by shared/domain/admin-units/legacy-communes-compact.ts
 * (its LEGACY_COMMUNES_FILE; a test checks they agree).
 */
export const LEGACY_COMMUNES_DATA_FILE = 'shared/domain/admin-units/legacy-communes-compact.json';

export interface FunctionSpec {
  /** Logical name: construct ID in CDK, key of the handler in the local cloud. */
  readonly id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /**
   * Files, relative to the repository root, that the function reads at run time from beside its handler module
   * (`new URL('./<name>', import.meta.url)`): CDK copies each next to `index.mjs` in the bundle, under its own name.
   * Data too large to parse at every cold start goes there (shared/domain/admin-units/legacy-communes-compact.ts);
   * test/unit/infra/bundle-contents.test.ts fails when a function bundles such a reader without declaring its file.
   */
  readonly dataFiles?: readonly string[];
  /** Default 512. */
  readonly memoryMb?: number;
  /** Default 10. */
  readonly timeoutSeconds?: number;
  /** Tables the function may use; CDK grants exactly this and sets each table's env var. */
  readonly tables?: Partial<Record<TableId, TableAccess>>;
  /**
   * Partition-key prefixes confining the function to some items of a table (IAM `dynamodb:LeadingKeys`): the grant
   * then covers only key-addressed actions on items whose `pk` starts with one of them (no Scan, no index). The
   * local cloud does not enforce IAM; `test/infra` checks the grants.
   */
  readonly leadingKeys?: Partial<Record<TableId, readonly string[]>>;
  /** Whether the function inspects the province intake queues and state machines (health checks). */
  readonly observesPlatform?: boolean;
  /** Whether the function needs the e-ID issuer (`OIDC_ISSUER`): the provider itself and the token authorizer. */
  readonly usesIdentityIssuer?: boolean;
  /**
   * What the function does with the procedure groups' state machines: `start` executions (the intake
   * consumer), `callback` (SendTaskSuccess/Failure for waiting steps), `stop` (a revoked dossier).
   */
  readonly workflowAccess?: readonly ('start' | 'callback' | 'stop')[];
  /** Whether the function sends dossiers to the province intake queues (`INTAKE_QUEUE_URL_PREFIX`). */
  readonly sendsToIntakeQueues?: boolean;
  /** Whether the function reads the procedure-group configuration (`ONBOARDED_PROVINCES`, `AUTO_APPROVAL`). */
  readonly usesDossierConfig?: boolean;
  /**
   * Whether a province's intake consumer reads its own province's auto-approval (`AUTO_APPROVAL` holding that
   * province's entry only): it opens single-agency service steps, which may be approved at once.
   */
  readonly usesProvinceAutoApproval?: boolean;
  /**
   * Whether the function issues PINs and so reads the secret key of the PIN serial permutation
   * (`PIN_SERIAL_KEY_SECRET_ARN` in AWS, `PIN_SERIAL_KEY_FILE` locally): `true` always; `'whenAutoApproving'` only in a
   * deployment whose auto-approval lets some province approve a PIN-issuing step without an officer
   * (`PIN_ISSUING_STEPS` in shared/dossiers/auto-approval.ts). Elsewhere it gets neither the grant nor the variable.
   */
  readonly issuesPins?: true | 'whenAutoApproving';
  /**
   * Whether the function talks to the payment gateway: its URL and the platform's return URL (`PAYMENT_GATEWAY_URL`,
   * `PAYMENT_RETURN_URL`) and the terminal's secrets (`PAYMENT_TERMINAL_SECRET_ARN` in AWS, `PAYMENT_TERMINAL_FILE`
   * locally).
   */
  readonly usesPaymentGateway?: boolean;
  /**
   * Whether the function counts failed sign-ins per client address (shared/identity/lockout.ts): behind the portal's
   * CloudFront distribution it reads the secret with which the distribution vouches for the viewer's address
   * (`EDGE_SECRET_ARN`; shared/identity/viewer-address.ts). Locally the connection's address is the client's.
   */
  readonly countsSignInFailures?: boolean;
  /**
   * The audit-trail anchors (docs/audit-anchoring.md): `read` the anchor bucket, or `write` new anchors (Object Lock
   * bucket) and sign them with the anchor key (KMS `Sign`). Env: `AUDIT_ANCHOR_BUCKET`, `AUDIT_ANCHOR_KEY_ID`.
   */
  readonly auditAnchors?: 'read' | 'write';
  /**
   * The nested stack of the national services stack that holds the function (its role, policy and log group),
   * rather than the stack itself: CloudFormation caps a stack at 500 resources, and each function brings four. Only
   * functions that API routes alone invoke may live there (a schedule or a state machine in the parent stack would
   * make the two templates depend on each other). In the local cloud, nothing changes.
   * @default - the national services stack itself
   */
  readonly nestedStack?: NestedStackName;
}

/**
 * The nested stacks of the national services stack, by area: the catalogue's service functions, and the e-ID
 * account lifecycle (API-invoked only).
 */
export const NESTED_STACK_NAMES = ['CatalogueServices', 'Accounts'] as const;
export type NestedStackName = (typeof NESTED_STACK_NAMES)[number];

/** The platform's own functions (the services' are generated below from the catalogue). */
export const CORE_FUNCTIONS = [
  {
    id: 'Health',
    entry: 'functions/platform/health.ts',
    description: 'Reports the status of each platform component',
    timeoutSeconds: 5,
    tables: { Population: 'read', Dossiers: 'read', AccessLog: 'read' },
    observesPlatform: true,
  },
  {
    id: 'OidcProvider',
    entry: 'functions/identity/oidc-provider.ts',
    description: 'The e-ID service: OpenID Connect provider, login and one-time-code pages',
    memoryMb: 1024,
    timeoutSeconds: 15,
    tables: { Identity: 'readWrite', Population: 'read', AccessLog: 'readWrite' },
    usesIdentityIssuer: true,
    countsSignInFailures: true,
  },
  {
    id: 'Authorizer',
    entry: 'functions/identity/authorize.ts',
    description: 'Verifies e-ID access tokens for every protected route (API Gateway REQUEST authorizer)',
    timeoutSeconds: 5,
    usesIdentityIssuer: true,
  },
  {
    id: 'GetPopulationStatistics',
    entry: 'functions/statistics/get-population-statistics.ts',
    description: 'Public population counts by province, sex and five-year age group',
    tables: { Population: 'read' },
  },
  {
    id: 'GetMyRecord',
    entry: 'functions/citizen/get-my-record.ts',
    description: "A citizen's own NPDB record, household and linked numbers",
    tables: { Population: 'read', AccessLog: 'readWrite' },
    dataFiles: [LEGACY_COMMUNES_DATA_FILE],
  },
  {
    id: 'ListMyChildren',
    entry: 'functions/citizen/list-my-children.ts',
    description: "A parent's minor children",
    tables: { Population: 'read', AccessLog: 'readWrite' },
    dataFiles: [LEGACY_COMMUNES_DATA_FILE],
  },
  {
    id: 'GetMyAccessLog',
    entry: 'functions/citizen/get-my-access-log.ts',
    description: 'Who read my data, when, which fields, for what purpose',
    tables: { AccessLog: 'read' },
  },
  {
    id: 'GetMyAccessLogProof',
    entry: 'functions/citizen/get-my-access-log-proof.ts',
    description: 'Proof that an entry of my access log is in a signed anchor of the chain heads',
    tables: { AccessLog: 'read' },
    auditAnchors: 'read',
  },
  {
    id: 'AnchorAccessLog',
    entry: 'functions/platform/anchor-access-log.ts',
    description: 'Scheduled daily: signs a Merkle root of every access-log chain head into the Object Lock bucket',
    memoryMb: 2048,
    timeoutSeconds: 900,
    tables: { AccessLog: 'read' },
    auditAnchors: 'write',
  },
  {
    id: 'ListMyConsents',
    entry: 'functions/citizen/list-my-consents.ts',
    description: "A citizen's consents for relying parties",
    tables: { Identity: 'read' },
    leadingKeys: { Identity: ['CONSENT#'] },
  },
  {
    id: 'GrantConsent',
    entry: 'functions/citizen/grant-consent.ts',
    description: 'A citizen grants a relying party consent to named fields',
    tables: { Identity: 'readWrite' },
    leadingKeys: { Identity: ['CONSENT#'] },
  },
  {
    id: 'RevokeConsent',
    entry: 'functions/citizen/revoke-consent.ts',
    description: 'A citizen revokes a consent',
    tables: { Identity: 'readWrite' },
    leadingKeys: { Identity: ['CONSENT#'] },
  },
  {
    id: 'HospitalCheckIn',
    entry: 'functions/agency/hospital-check-in.ts',
    description: 'Hospital check-in with the ID card: health-insurance coverage only',
    tables: { Population: 'read', AccessLog: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['QUOTA#'] },
  },
  {
    id: 'EkycIdentity',
    entry: 'functions/agency/ekyc-identity.ts',
    description: "Bank/telecom identity check with the citizen's consent",
    tables: { Population: 'read', Identity: 'readWrite', AccessLog: 'readWrite' },
    leadingKeys: { Identity: ['QUOTA#', 'CONSENT#'] },
  },
  {
    id: 'ConfirmOldIdNumber',
    entry: 'functions/services/confirm-old-id-number.ts',
    description: 'Service 1: confirmation of the old 9-digit identity-card number',
    tables: { Population: 'read', Dossiers: 'readWrite', AccessLog: 'readWrite' },
  },
  {
    id: 'ConfirmResidence',
    entry: 'functions/services/confirm-residence.ts',
    description: "Residence confirmation from the NPDB: a citizen's permanent and temporary residence, verifiable",
    tables: { Population: 'read', Dossiers: 'readWrite', AccessLog: 'readWrite' },
  },
  {
    id: 'SubmitRecordCorrection',
    entry: 'functions/citizen/submit-record-correction.ts',
    description: 'A citizen asks for a correction of their own NPDB record: a dossier the commune police decide',
    tables: { Dossiers: 'readWrite', Population: 'read', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    sendsToIntakeQueues: true,
    usesDossierConfig: true,
    // Invoked by its route alone, like the catalogue's service functions (the national stack's 500-resource cap).
    nestedStack: 'CatalogueServices',
  },
  {
    id: 'SubmitHouseholdHeadChange',
    entry: 'functions/citizen/submit-household-head-change.ts',
    description: "A household member registers the household's new head: a dossier the commune police decide",
    tables: { Dossiers: 'readWrite', Population: 'read', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    sendsToIntakeQueues: true,
    usesDossierConfig: true,
    nestedStack: 'CatalogueServices',
  },
  {
    id: 'VerifyDocument',
    entry: 'functions/services/verify-document.ts',
    description: 'Public check of an issued confirmation by its number and verification code',
    tables: { Dossiers: 'read', AccessLog: 'readWrite' },
  },
  {
    id: 'GetOpenApi',
    entry: 'functions/platform/get-openapi.ts',
    description: "The API's OpenAPI 3.1 document, built from the routes and their zod schemas",
    memoryMb: 256,
    usesIdentityIssuer: true,
  },
  {
    id: 'ListServices',
    entry: 'functions/services/list-services.ts',
    description: 'Public catalogue of the 25 essential public services',
    memoryMb: 256,
  },
  {
    id: 'GetService',
    entry: 'functions/services/get-service.ts',
    description: 'One essential public service of the catalogue',
    memoryMb: 256,
  },
  {
    id: 'ResolveAdminUnit',
    entry: 'functions/admin-units/resolve-legacy-unit.ts',
    description: 'Public: the unit an address under an old (pre-July-2025) commune code belongs to on a date',
    memoryMb: 256,
    dataFiles: [LEGACY_COMMUNES_DATA_FILE],
  },
  {
    id: 'ListAccessesByAccessor',
    entry: 'functions/oversight/list-accesses-by-accessor.ts',
    description: 'Oversight: what one accessor read, for inspectors; the read is itself logged',
    tables: { AccessLog: 'readWrite' },
  },
  // ------------------------------------------------------------------ interconnected procedure groups
  {
    id: 'SubmitDossier',
    entry: 'functions/dossiers/submit-dossier.ts',
    description: 'A citizen submits one dossier for a procedure group (idempotent); it is queued to its province',
    tables: { Dossiers: 'readWrite', Population: 'read', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    sendsToIntakeQueues: true,
    usesDossierConfig: true,
  },
  {
    id: 'GetDossier',
    entry: 'functions/dossiers/get-dossier.ts',
    description: "A dossier's status, documents, steps and timeline, for its applicant or an officer with jurisdiction",
    tables: { Dossiers: 'read', AccessLog: 'readWrite' },
  },
  {
    id: 'ListMyDossiers',
    entry: 'functions/dossiers/list-my-dossiers.ts',
    description: "A citizen's dossiers",
    tables: { Dossiers: 'read' },
  },
  {
    id: 'StartDossierWorkflow',
    entry: 'functions/dossiers/start-dossier-workflow.ts',
    description: "Province intake consumer: starts a group's workflow once per dossier, or opens a service's step",
    timeoutSeconds: 30,
    // A single-agency service's step is opened (and may be auto-approved) here, without a workflow.
    tables: { Dossiers: 'readWrite', Population: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#', 'ACCOUNT#'] },
    workflowAccess: ['start'],
    usesProvinceAutoApproval: true,
  },
  {
    id: 'OpenDossierStep',
    entry: 'functions/dossiers/open-dossier-step.ts',
    description: "A human step's task: checks, then auto-approval or the officers' inbox",
    timeoutSeconds: 30,
    tables: { Dossiers: 'readWrite', Population: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#', 'ACCOUNT#'] },
    workflowAccess: ['callback'],
    usesDossierConfig: true,
    // A birth registration auto-approved here issues the child's PIN (RegisterBirth's effect); where no province
    // auto-approves it, this function never reads the PIN key and is not granted it.
    issuesPins: 'whenAutoApproving',
  },
  {
    id: 'NotifyCitizen',
    entry: 'functions/dossiers/notify-citizen.ts',
    description: "Records a group's outcome and notifies the citizen",
    timeoutSeconds: 30,
    tables: { Dossiers: 'readWrite', Identity: 'readWrite', Population: 'read', Payments: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
  },
  {
    id: 'ListOfficerTasks',
    entry: 'functions/officer/list-officer-tasks.ts',
    description: "An officer's inbox: steps waiting for their agency in their jurisdiction",
    tables: { Dossiers: 'read' },
  },
  {
    id: 'GetOfficerOverview',
    entry: 'functions/officer/get-officer-overview.ts',
    description: "A supervisor's open and overdue steps per commune and agency (inbox indexes only)",
    tables: { Dossiers: 'read' },
  },
  {
    id: 'GetDossierStatistics',
    entry: 'functions/statistics/get-dossier-statistics.ts',
    description: 'Project 06 indicators of the procedure groups by month, province and group (JSON or CSV)',
    tables: { Dossiers: 'read' },
    // Only the indicator counters (KPI#<year>): no dossier, no index.
    leadingKeys: { Dossiers: ['KPI#'] },
  },
  {
    id: 'DecideOfficerTask',
    entry: 'functions/officer/decide-officer-task.ts',
    description: 'An officer approves or rejects a step',
    timeoutSeconds: 30,
    // Payments: a refused service dossier that was paid asks for its refund. AccessLog: an approved record correction
    // reads the citizen's log for earlier readers and appends a notice per reader.
    tables: {
      Dossiers: 'readWrite',
      Population: 'readWrite',
      Identity: 'readWrite',
      Payments: 'readWrite',
      AccessLog: 'readWrite',
    },
    leadingKeys: { Identity: ['OUTBOX#', 'ACCOUNT#'] },
    workflowAccess: ['callback'],
    usesDossierConfig: true,
    // An officer's approval of a birth registration (group 17's RegisterBirth, service 14) issues the child's PIN.
    issuesPins: true,
  },
  {
    id: 'RevokeDeathRegistration',
    entry: 'functions/officer/revoke-death-registration.ts',
    description: 'Revokes a death registration and restores the citizen, residence and e-ID account',
    timeoutSeconds: 30,
    tables: { Dossiers: 'readWrite', Population: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#', 'ACCOUNT#'] },
    workflowAccess: ['stop'],
    usesDossierConfig: true,
  },
  {
    id: 'ResumeDossier',
    entry: 'functions/officer/resume-dossier.ts',
    description: 'An officer resumes a failed or refused group from the step that failed',
    timeoutSeconds: 30,
    tables: { Dossiers: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    workflowAccess: ['start'],
  },
  {
    id: 'RequeueStalledDossiers',
    entry: 'functions/dossiers/requeue-stalled-dossiers.ts',
    description: 'Scheduled: queues again dossiers whose intake message was lost',
    timeoutSeconds: 60,
    tables: { Dossiers: 'read' },
    sendsToIntakeQueues: true,
    usesDossierConfig: true,
  },
  {
    id: 'FlagOverdueSteps',
    entry: 'functions/dossiers/flag-overdue-steps.ts',
    description: 'Scheduled: flags steps past their statutory deadline to the supervisors',
    timeoutSeconds: 60,
    tables: { Dossiers: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    usesDossierConfig: true,
  },
  // ------------------------------------------------------------------ fees and online payment
  {
    id: 'RequestPayment',
    entry: 'functions/payments/request-payment.ts',
    description: "The payment gateway's page for a dossier awaiting its fee",
    tables: { Dossiers: 'read', Payments: 'readWrite' },
    usesPaymentGateway: true,
  },
  {
    id: 'PaymentIpn',
    entry: 'functions/payments/payment-ipn.ts',
    description: "The payment gateway's signed notification: settles a payment once, issues the e-receipt",
    tables: { Dossiers: 'readWrite', Payments: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    sendsToIntakeQueues: true,
    usesPaymentGateway: true,
  },
  {
    id: 'PaymentReturn',
    entry: 'functions/payments/payment-return.ts',
    description: 'The page a citizen lands on back from the payment gateway',
    memoryMb: 256,
    tables: { Dossiers: 'read' },
    usesPaymentGateway: true,
  },
  {
    id: 'SettlePayments',
    entry: 'functions/payments/settle-payments.ts',
    description: 'Scheduled: expires unpaid dossiers (after asking the gateway) and refunds what is due',
    timeoutSeconds: 60,
    tables: { Dossiers: 'readWrite', Payments: 'readWrite', Identity: 'readWrite' },
    leadingKeys: { Identity: ['OUTBOX#'] },
    sendsToIntakeQueues: true,
    usesDossierConfig: true,
    usesPaymentGateway: true,
  },
  // e-ID account lifecycle (docs/e-id-accounts.md): registration, passwords, officer actions on accounts.
  {
    id: 'StartRegistration',
    entry: 'functions/accounts/start-registration.ts',
    nestedStack: 'Accounts',
    description: 'Level-1 self-registration, step 1: a code to the phone if the details match',
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
  },
  {
    id: 'ConfirmRegistration',
    entry: 'functions/accounts/confirm-registration.ts',
    nestedStack: 'Accounts',
    description: 'Level-1 self-registration, step 2: the code and the password open the account',
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
  },
  {
    id: 'StartPasswordReset',
    entry: 'functions/accounts/start-password-reset.ts',
    nestedStack: 'Accounts',
    description: 'Password reset, step 1: a code to the phone of the account',
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
  },
  {
    id: 'ConfirmPasswordReset',
    entry: 'functions/accounts/confirm-password-reset.ts',
    nestedStack: 'Accounts',
    description: 'Password reset, step 2: the code and the new password; ends the other sign-ins',
    countsSignInFailures: true,
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: {
      Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#', 'OIDC#ByAccount#', 'OIDC#Session#', 'OIDC#Grant#'],
    },
  },
  {
    id: 'ChangePassword',
    entry: 'functions/accounts/change-password.ts',
    nestedStack: 'Accounts',
    description: 'The signed-in holder changes their password; ends the other sign-ins',
    countsSignInFailures: true,
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: {
      Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#', 'OIDC#ByAccount#', 'OIDC#Session#', 'OIDC#Grant#'],
    },
  },
  {
    id: 'ListMyAccountEvents',
    entry: 'functions/accounts/list-my-account-events.ts',
    nestedStack: 'Accounts',
    description: 'Changes to my e-ID account: who, when, what',
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
  },
  {
    id: 'ListMySessions',
    entry: 'functions/accounts/list-my-sessions.ts',
    nestedStack: 'Accounts',
    description: 'Where my e-ID account is signed in: browsers and apps',
    tables: { Identity: 'read' },
    leadingKeys: { Identity: ['OIDC#ByAccount#'] },
  },
  {
    id: 'RevokeMySession',
    entry: 'functions/accounts/revoke-my-session.ts',
    nestedStack: 'Accounts',
    description: 'Ends one of my e-ID sign-ins (its session and grants)',
    tables: { Identity: 'readWrite' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OIDC#ByAccount#', 'OIDC#Session#', 'OIDC#Grant#'] },
  },
  {
    id: 'ActivateLevel2',
    entry: 'functions/accounts/activate-level-2.ts',
    nestedStack: 'Accounts',
    description: 'Commune police activate e-ID level 2 after checking chip and face',
    tables: { Identity: 'readWrite', Population: 'read', AccessLog: 'readWrite' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
    usesIdentityIssuer: true,
  },
  {
    id: 'ChangePhone',
    entry: 'functions/accounts/change-phone.ts',
    nestedStack: 'Accounts',
    description: 'Commune police change the phone of an e-ID account',
    tables: { Identity: 'readWrite', Population: 'read', AccessLog: 'readWrite' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
    usesIdentityIssuer: true,
  },
  {
    id: 'GrantOfficerRole',
    entry: 'functions/accounts/grant-officer-role.ts',
    nestedStack: 'Accounts',
    description: 'A supervisor grants an officer role in their area',
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
  },
  {
    id: 'WithdrawOfficerRole',
    entry: 'functions/accounts/withdraw-officer-role.ts',
    nestedStack: 'Accounts',
    description: 'A supervisor withdraws an officer role',
    tables: { Identity: 'readWrite', Population: 'read' },
    leadingKeys: { Identity: ['ACCOUNT#', 'OTP#', 'RATE#', 'OUTBOX#', 'PWSETUP#'] },
  },
] as const satisfies readonly FunctionSpec[];

/** A service's own function, generated from its catalogue entry (`ServiceNN`). */
export type ServiceFunctionId = `Service${number}`;
export type FunctionId = (typeof CORE_FUNCTIONS)[number]['id'] | ServiceFunctionId;

/**
 * One function per essential service run as a single-agency dossier (catalogue entries with `start.kind` `dossier`):
 * the same handler factory, but each service its own entry, function, role, log group, metrics and concurrency. A
 * service added to the catalogue gets its function and route here, for CDK and the local cloud alike, and needs its
 * entry file (below).
 */
export const serviceFunctionId = (code: number): ServiceFunctionId =>
  `Service${String(code).padStart(2, '0')}` as ServiceFunctionId;

/**
 * A service function's entry: a few lines handing the shared handler that service's procedure, so its bundle holds
 * its own rules and form only (test/unit/infra/service-entries.test.ts checks each exists and imports no other's).
 */
export const serviceFunctionEntry = (code: number): string =>
  `functions/services/by-service/service-${String(code).padStart(2, '0')}.ts`;

export const SERVICE_FUNCTIONS: readonly FunctionSpec[] = SERVICES.flatMap((service) =>
  service.start?.kind === 'dossier'
    ? [
        {
          id: serviceFunctionId(service.code),
          entry: serviceFunctionEntry(service.code),
          description: `Service ${service.code} (${service.name.en}): intake of its dossiers`.slice(0, 256),
          tables: { Dossiers: 'readWrite', Population: 'read', Identity: 'readWrite' },
          leadingKeys: { Identity: ['OUTBOX#'] },
          sendsToIntakeQueues: true,
          usesDossierConfig: true,
          nestedStack: 'CatalogueServices',
        } satisfies FunctionSpec,
      ]
    : [],
);

/** Every function of the platform: its own, then one per dossier service. */
export const FUNCTIONS: readonly FunctionSpec[] = [...CORE_FUNCTIONS, ...SERVICE_FUNCTIONS];

export const SERVICE_ROUTES: readonly RouteSpec[] = SERVICES.flatMap((service) =>
  service.start?.kind === 'dossier'
    ? [
        {
          method: 'POST',
          path: service.start.path,
          functionId: serviceFunctionId(service.code),
          auth: 'token',
        } as const,
      ]
    : [],
);

/** The function API Gateway runs before every route whose `auth` is `token`. */
export const AUTHORIZER_FUNCTION_ID: FunctionId = 'Authorizer';

/**
 * How long API Gateway reuses the authorizer's policy for the same Authorization header (CDK's `resultsCacheTtl`, and
 * the local API's cache). Short: a cached Allow outlives an expired token by at most this long.
 */
export const AUTHORIZER_RESULT_TTL_SECONDS = 60;

// ---------------------------------------------------------------------------------------------- routes

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  readonly path: string;
  readonly functionId: FunctionId;
  /**
   * `public`: no token. `token`: a valid e-ID access token, checked by the API's Lambda authorizer
   * (`AUTHORIZER_FUNCTION_ID`); what the caller may do (citizen level, agency scope, officer role) is then
   * decided by the handler's use case.
   */
  readonly auth: 'public' | 'token';
  /** Query-string parameters API Gateway accepts (`true` = required); anything else is rejected. */
  readonly queryParameters?: Readonly<Record<string, boolean>>;
}

/** The gateway's signed result parameters (IPN and return), all optional at the API: the handler checks them. */
const PAYMENT_RESULT_QUERY: Readonly<Record<string, boolean>> = Object.fromEntries(
  RESULT_PARAMS.map((name) => [name, false]),
);

export const CORE_ROUTES = [
  { method: 'GET', path: '/health', functionId: 'Health', auth: 'public' },
  { method: 'GET', path: '/.well-known/openid-configuration', functionId: 'OidcProvider', auth: 'public' },
  { method: 'ANY', path: '/oidc/{proxy+}', functionId: 'OidcProvider', auth: 'public' },
  {
    method: 'GET',
    path: '/v1/statistics/population',
    functionId: 'GetPopulationStatistics',
    auth: 'public',
    queryParameters: { province: false },
  },
  { method: 'GET', path: '/v1/me', functionId: 'GetMyRecord', auth: 'token', queryParameters: { date: false } },
  { method: 'GET', path: '/v1/me/children', functionId: 'ListMyChildren', auth: 'token' },
  {
    method: 'GET',
    path: '/v1/me/access-log',
    functionId: 'GetMyAccessLog',
    auth: 'token',
    queryParameters: { limit: false, cursor: false, accessor: false, purpose: false },
  },
  { method: 'GET', path: '/v1/me/access-log/{entryId}/proof', functionId: 'GetMyAccessLogProof', auth: 'token' },
  { method: 'GET', path: '/v1/me/consents', functionId: 'ListMyConsents', auth: 'token' },
  { method: 'PUT', path: '/v1/me/consents/{clientId}', functionId: 'GrantConsent', auth: 'token' },
  { method: 'DELETE', path: '/v1/me/consents/{clientId}', functionId: 'RevokeConsent', auth: 'token' },
  { method: 'POST', path: '/v1/agency/check-ins', functionId: 'HospitalCheckIn', auth: 'token' },
  { method: 'POST', path: '/v1/agency/ekyc', functionId: 'EkycIdentity', auth: 'token' },
  { method: 'POST', path: '/v1/services/old-id-confirmations', functionId: 'ConfirmOldIdNumber', auth: 'token' },
  { method: 'POST', path: '/v1/services/residence-confirmations', functionId: 'ConfirmResidence', auth: 'token' },
  {
    method: 'GET',
    path: '/v1/documents/{number}',
    functionId: 'VerifyDocument',
    auth: 'public',
    queryParameters: { code: true },
  },
  { method: 'GET', path: '/v1/openapi.json', functionId: 'GetOpenApi', auth: 'public' },
  { method: 'GET', path: '/v1/services', functionId: 'ListServices', auth: 'public' },
  { method: 'GET', path: '/v1/services/{code}', functionId: 'GetService', auth: 'public' },
  {
    method: 'GET',
    path: '/v1/admin-units/resolve',
    functionId: 'ResolveAdminUnit',
    auth: 'public',
    queryParameters: { legacyCode: true, date: false },
  },
  {
    method: 'GET',
    path: '/v1/oversight/access-log',
    functionId: 'ListAccessesByAccessor',
    auth: 'token',
    queryParameters: { accessor: true, from: false, to: false, limit: false, cursor: false },
  },
  { method: 'POST', path: '/v1/dossiers', functionId: 'SubmitDossier', auth: 'token' },
  { method: 'GET', path: '/v1/dossiers/{dossierId}', functionId: 'GetDossier', auth: 'token' },
  { method: 'GET', path: '/v1/me/dossiers', functionId: 'ListMyDossiers', auth: 'token' },
  { method: 'POST', path: '/v1/me/record-corrections', functionId: 'SubmitRecordCorrection', auth: 'token' },
  {
    method: 'POST',
    path: '/v1/me/household-head-changes',
    functionId: 'SubmitHouseholdHeadChange',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/officer/tasks',
    functionId: 'ListOfficerTasks',
    auth: 'token',
    queryParameters: { agency: false, overdue: false, limit: false },
  },
  { method: 'POST', path: '/v1/officer/tasks/{taskId}/decision', functionId: 'DecideOfficerTask', auth: 'token' },
  {
    method: 'GET',
    path: '/v1/officer/overview',
    functionId: 'GetOfficerOverview',
    auth: 'token',
    queryParameters: { province: false },
  },
  {
    method: 'GET',
    path: '/v1/statistics/dossiers',
    functionId: 'GetDossierStatistics',
    auth: 'token',
    queryParameters: { province: false, group: false, from: false, to: false, format: false },
  },
  {
    method: 'POST',
    path: '/v1/officer/dossiers/{dossierId}/revocation',
    functionId: 'RevokeDeathRegistration',
    auth: 'token',
  },
  { method: 'POST', path: '/v1/dossiers/{dossierId}/payment', functionId: 'RequestPayment', auth: 'token' },
  {
    method: 'GET',
    path: '/v1/payments/vnpay/ipn',
    functionId: 'PaymentIpn',
    auth: 'public',
    queryParameters: PAYMENT_RESULT_QUERY,
  },
  {
    method: 'GET',
    path: '/v1/payments/vnpay/return',
    functionId: 'PaymentReturn',
    auth: 'public',
    queryParameters: PAYMENT_RESULT_QUERY,
  },
  {
    method: 'POST',
    path: '/v1/officer/dossiers/{dossierId}/resumption',
    functionId: 'ResumeDossier',
    auth: 'token',
  },
  // e-ID account lifecycle (docs/e-id-accounts.md).
  { method: 'POST', path: '/v1/registrations', functionId: 'StartRegistration', auth: 'public' },
  {
    method: 'POST',
    path: '/v1/registrations/{registrationId}/confirmation',
    functionId: 'ConfirmRegistration',
    auth: 'public',
  },
  { method: 'POST', path: '/v1/password-resets', functionId: 'StartPasswordReset', auth: 'public' },
  {
    method: 'POST',
    path: '/v1/password-resets/{resetId}/confirmation',
    functionId: 'ConfirmPasswordReset',
    auth: 'public',
  },
  { method: 'POST', path: '/v1/me/password', functionId: 'ChangePassword', auth: 'token' },
  {
    method: 'GET',
    path: '/v1/me/account-events',
    functionId: 'ListMyAccountEvents',
    auth: 'token',
    queryParameters: { limit: false },
  },
  { method: 'GET', path: '/v1/me/sessions', functionId: 'ListMySessions', auth: 'token' },
  { method: 'DELETE', path: '/v1/me/sessions/{sessionId}', functionId: 'RevokeMySession', auth: 'token' },
  { method: 'POST', path: '/v1/officer/accounts/{pin}/level-2', functionId: 'ActivateLevel2', auth: 'token' },
  { method: 'PUT', path: '/v1/officer/accounts/{pin}/phone', functionId: 'ChangePhone', auth: 'token' },
  { method: 'PUT', path: '/v1/officer/accounts/{pin}/roles/{roleId}', functionId: 'GrantOfficerRole', auth: 'token' },
  {
    method: 'DELETE',
    path: '/v1/officer/accounts/{pin}/roles/{roleId}',
    functionId: 'WithdrawOfficerRole',
    auth: 'token',
  },
] as const satisfies readonly RouteSpec[];

/** Every route: the platform's own, then each dossier service's intake. */
export const ROUTES: readonly RouteSpec[] = [...CORE_ROUTES, ...SERVICE_ROUTES];

// ------------------------------------------------------------------------------------- province queues

export interface ProvinceQueueSettings {
  /** Receives before a message moves to the DLQ. Default 5. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  /** Alarm when the oldest message is older than this. */
  readonly maxMessageAgeSeconds: number;
  /** Cap on concurrent consumer invocations for one province (one province's spike cannot starve others). */
  readonly consumerMaxConcurrency: number;
  readonly batchSize: number;
}

export const DEFAULT_PROVINCE_QUEUE_SETTINGS: ProvinceQueueSettings = {
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 60,
  retentionDays: 14,
  maxMessageAgeSeconds: 15 * 60,
  consumerMaxConcurrency: 5,
  batchSize: 10,
};

export interface ProvinceQueueSpec {
  readonly provinceCode: ProvinceCode;
  readonly queueName: string;
  readonly dlqName: string;
  readonly settings: ProvinceQueueSettings;
  /** Function consuming the intake queue: it starts one workflow per dossier. */
  readonly consumerFunctionId?: FunctionId;
}

/** The province intake consumer. */
export const INTAKE_CONSUMER_FUNCTION_ID: FunctionId = 'StartDossierWorkflow';

export { intakeDlqName, intakeQueueName, PROJECT_PREFIX, stateMachineName } from '../shared/platform/resource-names.ts';

export const provinceQueue = (
  provinceCode: ProvinceCode,
  overrides: Partial<ProvinceQueueSettings> = {},
): ProvinceQueueSpec => ({
  provinceCode,
  queueName: intakeQueueName(provinceCode),
  dlqName: intakeDlqName(provinceCode),
  settings: { ...DEFAULT_PROVINCE_QUEUE_SETTINGS, ...overrides },
  consumerFunctionId: INTAKE_CONSUMER_FUNCTION_ID,
});

/**
 * Parses a list of onboarded provinces such as `01,79` (CDK context `provinces`, env `PROVINCES`).
 * `all` means the 34 units; an empty value means the pilot provinces. Unknown codes are an error, so a
 * typo never silently skips a province.
 */
export const parseProvinceList = (value: string | undefined): ProvinceCode[] => {
  const text = (value ?? '').trim();
  if (text === '') return [...PILOT_PROVINCE_CODES];
  if (text === 'all') return [...PROVINCE_CODES];
  const codes = text.split(/[\s,]+/).filter(Boolean);
  const unknown = codes.filter((c) => !PROVINCE_CODES.includes(c as ProvinceCode));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown province code(s): ${unknown.join(', ')}. Use the 2-digit codes of the 34 units in force since 1 July 2025 (${PROVINCE_CODES.join(', ')}), or "all".`,
    );
  }
  return [...new Set(codes)].sort() as ProvinceCode[];
};

// ------------------------------------------------------------------------------------------- workflows

export interface WorkflowSpec {
  /** Logical name; also the state machine's name locally. */
  readonly id: string;
  /** ASL file under statemachines/. */
  readonly definitionFile: string;
  /** `${Placeholder}` in the ASL → the function whose ARN fills it. */
  readonly taskFunctions: Readonly<Record<string, FunctionId>>;
}

/** The interconnected procedure groups (shared/dossiers/catalogue.ts names the same workflow IDs). */
export const WORKFLOWS: readonly WorkflowSpec[] = [
  {
    id: 'BirthGroup',
    definitionFile: 'birth-group.asl.json',
    taskFunctions: {
      OpenDossierStepFunction: 'OpenDossierStep',
      NotifyCitizenFunction: 'NotifyCitizen',
    },
  },
  {
    id: 'DeathGroup',
    definitionFile: 'death-group.asl.json',
    taskFunctions: { OpenDossierStepFunction: 'OpenDossierStep', NotifyCitizenFunction: 'NotifyCitizen' },
  },
];

// ------------------------------------------------------------------------------------------- schedules

export interface ScheduleSpec {
  readonly functionId: FunctionId;
  /** Runs every this many minutes (an EventBridge rate rule in AWS, a timer in the local cloud). */
  readonly everyMinutes: number;
}

/** The rate expression an EventBridge rule gets, as CDK renders it (the largest whole unit: days, hours, minutes). */
export const rateExpression = (everyMinutes: number): string => {
  const [value, unit] =
    everyMinutes % 1440 === 0
      ? [everyMinutes / 1440, 'day']
      : everyMinutes % 60 === 0
        ? [everyMinutes / 60, 'hour']
        : [everyMinutes, 'minute'];
  return `rate(${value} ${unit}${value === 1 ? '' : 's'})`;
};

export const SCHEDULES: readonly ScheduleSpec[] = [
  { functionId: 'RequeueStalledDossiers', everyMinutes: 1 },
  { functionId: 'FlagOverdueSteps', everyMinutes: 15 },
  { functionId: 'SettlePayments', everyMinutes: 1 },
  { functionId: 'AnchorAccessLog', everyMinutes: 24 * 60 },
];

// ----------------------------------------------------------------------------------------- the whole

export interface Topology {
  readonly tables: readonly TableSpec[];
  readonly functions: readonly FunctionSpec[];
  readonly routes: readonly RouteSpec[];
  readonly provinceQueues: readonly ProvinceQueueSpec[];
  readonly workflows: readonly WorkflowSpec[];
  readonly schedules: readonly ScheduleSpec[];
  /** The life-event feed: stream, bus, archive, subscriber rules and queues. */
  readonly feed: FeedSpec;
}

/** The topology for a set of onboarded provinces. */
export const topology = (provinces: readonly ProvinceCode[]): Topology => ({
  tables: TABLES,
  functions: FUNCTIONS,
  routes: ROUTES,
  provinceQueues: provinces.map((code) => provinceQueue(code)),
  workflows: WORKFLOWS,
  schedules: SCHEDULES,
  feed: FEED,
});

export const findFunction = (id: string): FunctionSpec => {
  const fn = FUNCTIONS.find((f) => f.id === id);
  if (!fn) throw new Error(`No function ${id} in the topology`);
  return fn;
};
