/**
 * What the procedure-group use cases need from the outside world. DynamoDB, SQS and Step Functions
 * adapters implement these in shared/adapters/; unit tests use in-memory versions.
 */

import type { Citizen } from '../domain/citizen.ts';
import type { ChangeContext, CitizenChange, StoredCitizen } from '../domain/citizen-record.ts';
import type { HouseholdCheck } from '../domain/household-members.ts';
import type { Agency } from '../identity/account.ts';
import type { StepId } from './catalogue.ts';
import type { Dossier, DossierStatus, IntakeMessage, OfficerTask, StepState, TimelineEvent } from './dossier.ts';
import type {
  ClaimOutcome,
  CreateOutcome,
  DecideOutcome,
  DecisionClaim,
  DossierView,
  MoveExtra,
  NotificationWrite,
  ResumptionOutcome,
  ResumptionWrite,
  StepDecision,
  StoredDossier,
  StoredStep,
} from './dossier-records.ts';

/**
 * The dossiers, their steps and timelines (shared/adapters/dynamodb/dossier-store.ts on the Dossiers table). Every
 * change is conditioned on the state it moves from: a write that lost a race answers false or a ConflictError and
 * writes nothing.
 */
export interface DossierRepository {
  /** The dossier, its idempotency record, its subject claim and notifications, in one write. */
  create(
    dossier: Dossier,
    idempotency: { readonly key: string; readonly fingerprint: string },
    notifications?: readonly NotificationWrite[],
    subject?: string,
  ): Promise<CreateOutcome>;
  findByIdempotencyKey(pin: string, key: string): Promise<{ dossierId: string; fingerprint: string } | undefined>;
  /** The dossier with its steps (tokens, claims) and timeline, in one strongly consistent read. */
  load(id: string): Promise<StoredDossier | undefined>;
  get(id: string): Promise<Dossier | undefined>;
  view(id: string): Promise<DossierView | undefined>;
  listByApplicant(pin: string, limit?: number): Promise<Dossier[]>;
  markStarted(id: string, event: TimelineEvent): Promise<boolean>;
  moveStatus(
    id: string,
    from: readonly DossierStatus[],
    to: DossierStatus,
    event: TimelineEvent,
    extra?: MoveExtra,
  ): Promise<boolean>;
  getStep(id: string, stepId: StepId): Promise<StoredStep | undefined>;
  openStep(
    step: StepState & { readonly dueAt: string; readonly openedAt: string },
    where: { readonly provinceCode: string; readonly communeCode: string; readonly group: string },
    taskToken: string | undefined,
    event: TimelineEvent,
  ): Promise<{ opened: boolean; step: StoredStep }>;
  decideStep(decision: StepDecision): Promise<DecideOutcome>;
  markDelivered(dossierId: string, stepId: StepId): Promise<boolean>;
  claimDecision(dossierId: string, stepId: StepId, claim: DecisionClaim): Promise<ClaimOutcome>;
  releaseClaim(
    dossierId: string,
    stepId: StepId,
    claim: { readonly decision: 'approve' | 'reject'; readonly actor: string; readonly at: string },
  ): Promise<boolean>;
  reverseStep(dossierId: string, stepId: StepId, event: TimelineEvent, reason: string): Promise<boolean>;
  listInbox(
    agency: Agency,
    provinceCode: string,
    options?: { communeCode?: string; limit?: number; cursor?: Record<string, unknown> },
  ): Promise<{ tasks: OfficerTask[]; next?: Record<string, unknown> }>;
  listOverdue(provinceCode: string, now: string, limit?: number): Promise<StoredStep[]>;
  flagOverdue(
    dossierId: string,
    stepId: StepId,
    event: TimelineEvent,
    notifications: readonly NotificationWrite[],
  ): Promise<boolean>;
  recordResumption(write: ResumptionWrite): Promise<ResumptionOutcome>;
}

export interface PopulationPort {
  getCitizen(pin: string): Promise<StoredCitizen | undefined>;
  listHouseholdMembers(householdId: string): Promise<StoredCitizen[]>;
  /** PINs of a parent's children. */
  listChildren(parentPin: string): Promise<string[]>;
  /** Creates a citizen; `claim` is a key that must not exist yet, written in the same transaction. */
  createCitizen(citizen: Citizen, change: ChangeContext, claim?: { key: string; value: string }): Promise<void>;
  /**
   * Creates a citizen under a PIN just issued, recording it as issued in the same write: false (nothing written) if
   * the PIN was issued before or a citizen holds it; a ConflictError if the claim exists.
   */
  createWithIssuedPin(citizen: Citizen, change: ChangeContext, claim: { key: string; value: string }): Promise<boolean>;
  /** `household`: as for updateCitizensTogether. */
  updateCitizen(
    before: StoredCitizen,
    after: Citizen,
    change: ChangeContext,
    household?: HouseholdCheck,
  ): Promise<StoredCitizen>;
  /**
   * Several citizens' changes in one write, all or none, each on condition of the version it was read at: a
   * ConflictError (nothing written) when any of the records changed meanwhile. For an effect on several people
   * (service 3 moves a family), so it is never half written. `household`: also a ConflictError unless that household
   * has exactly `living` living members (a change of household head, judged on every member, holds only for them) and
   * still the head recorded as `recordedHead`; `recordHead` records the household's head in the same write.
   */
  updateCitizensTogether(changes: readonly CitizenChange[], household?: HouseholdCheck): Promise<StoredCitizen[]>;
  /**
   * The head the household's last change of head recorded, read strongly consistent: a change approved a moment
   * ago, which the list of members may not show yet, is there.
   */
  recordedHeadOf(householdId: string): Promise<string | undefined>;
  /** The value stored under a claim key, if any (e.g. the PIN issued for a birth dossier). */
  readClaim(key: string): Promise<string | undefined>;
}

/** Number series of the registries: PIN serials per prefix and social-insurance serials per province. */
export interface RegistrySerials {
  /**
   * A position (1, 2, 3...) of a PIN prefix's series never returned before, in any environment; each environment's
   * positions increase (adapters may hand out blocks, so positions of several environments interleave).
   */
  nextPinSerial(prefix: string): Promise<number>;
  /** The serial issued at a position of a prefix's series: a secret keyed permutation of 0–999999. */
  pinSerialAt(prefix: string, position: number): Promise<number>;
  nextSocialInsuranceSerial(provinceCode: string): Promise<number>;
}

/** e-ID accounts: a registered death disables the account; its reversal re-enables it. */
export interface AccountsPort {
  /** Disables the account for the death recorded by `dossierId`; false if there is no account. */
  disableForDeath(pin: string, dossierId: string, at: string): Promise<boolean>;
  /** Re-enables an account that `dossierId` disabled; false if it was not disabled by it. */
  reenableAfterReversal(pin: string, dossierId: string, at: string): Promise<boolean>;
}

/** Issued documents (e-birth certificate, e-death extract), verifiable at GET /v1/documents/{number}. */
export interface IssuedDocument {
  readonly number: string;
  readonly verificationCode: string;
  readonly type: 'birth-certificate' | 'death-extract' | 'service-notice' | 'criminal-record-certificate';
  readonly issuedAt: string;
  readonly issuedTo: { readonly type: 'citizen'; readonly id: string };
  readonly subject: { readonly pin?: string; readonly fullName: string; readonly birthDate: string };
  /** The essential service a notice of result is for. */
  readonly serviceCode?: number;
  readonly dossierId: string;
  readonly statement: { readonly vi: string; readonly en: string };
  /** What the document states field by field, where a statement is not enough (a criminal-record certificate). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
}

export interface DocumentsPort {
  /** Stores the document unless one with its number exists; returns the stored one either way. */
  issueOnce(document: IssuedDocument): Promise<IssuedDocument>;
  /** Whether a document with this number was issued. */
  exists(number: string): Promise<boolean>;
  /** Marks an issued document revoked (a revoked death registration); its verification then says so. */
  revoke(number: string, at: string, reason: string): Promise<void>;
}

export interface StalledDossier {
  readonly id: string;
  /** How many times the sweep queued it again already. */
  readonly requeueCount: number;
}

/** Dossiers still `submitted` after intake, and the back-off of their re-sends. */
export interface RequeueStore {
  /**
   * Dossiers of a province `submitted` before `olderThan` whose next re-send is due at `now` (never re-sent, or
   * `nextRequeueAt` passed), oldest first, at most `limit`.
   */
  listStalled(provinceCode: string, olderThan: string, now: string, limit?: number): Promise<StalledDossier[]>;
  /**
   * Records a re-send before it happens (`requeuedAt`, `nextRequeueAt`, the count + 1), only if the dossier is still
   * `submitted` and no other sweep recorded one since `previousCount`; false otherwise (then send nothing).
   */
  markRequeued(id: string, previousCount: number, at: string, nextAt: string): Promise<boolean>;
}

export interface IntakeQueuePort {
  send(provinceCode: string, message: IntakeMessage): Promise<void>;
}

export type StartResult = 'started' | 'already-started';
export type CallbackResult = 'delivered' | 'gone';

export interface WorkflowPort {
  /** Starts the group's workflow named after the dossier; a second start with the same name changes nothing. */
  start(workflowId: string, name: string, input: Readonly<Record<string, unknown>>): Promise<StartResult>;
  /** Hands a step's outcome back to the waiting workflow; `gone` if the task no longer waits (already done). */
  succeed(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<CallbackResult>;
  fail(taskToken: string, error: string, cause: string): Promise<CallbackResult>;
  /** Stops a running execution (a revoked dossier); nothing if it is not running. */
  stop(workflowId: string, name: string, cause: string): Promise<void>;
}

/**
 * The payments module's narrow entry into the engine (shared/payments/): a paid dossier that ends refused or failed
 * asks for its refund; the payment sweep then refunds it through the gateway. Asking twice changes nothing.
 */
export interface RefundRequests {
  requestRefund(dossierId: string, txnRef: string, reason: string, at: string): Promise<void>;
}

/** One step listed in an officers' inbox, as the supervisors' overview counts it. */
export interface InboxEntry {
  readonly communeCode: string;
  readonly dueAt: string;
  /** `awaiting-officer`, or the decision taken while the workflow has not yet been told. */
  readonly status: string;
}

/** Reads the officers' inbox index of an agency in a province (GSI byInboxDue, or byInbox for one commune). */
export interface InboxIndexReader {
  /** The entries, at most `max` (then `truncated`); narrowed to one commune if given. */
  listInboxEntries(
    agency: Agency,
    provinceCode: string,
    options: { readonly communeCode?: string; readonly max: number },
  ): Promise<{ entries: InboxEntry[]; truncated: boolean }>;
}
