/**
 * In-memory versions of the ports the procedure-group use cases take, with the same conditional semantics as
 * the DynamoDB adapters they stand for (shared/adapters/dynamodb/*.ts): a write conditioned on a state is
 * all-or-nothing, checked and applied without yielding, so concurrent calls interleave only where the real
 * adapters make a round trip (every method first awaits `tick()`).
 */

import { sharedClaim } from '../../../../shared/adapters/dynamodb/dossier-store.ts';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import type { ChangeContext, CitizenChange, StoredCitizen } from '../../../../shared/domain/citizen-record.ts';
import { ConflictError, NotFoundError } from '../../../../shared/domain/errors.ts';
import {
  type HouseholdCheck,
  householdCountChanges,
  withHouseholdCheck,
} from '../../../../shared/domain/household-members.ts';
import type { GroupId, StepId } from '../../../../shared/dossiers/catalogue.ts';
import {
  type Dossier,
  type DossierStatus,
  type IntakeMessage,
  type OfficerTask,
  type StepState,
  type StepStatus,
  type TimelineEvent,
  taskIdOf,
} from '../../../../shared/dossiers/dossier.ts';
import type {
  ClaimOutcome,
  CreateOutcome,
  DecideOutcome,
  DecisionClaim,
  MoveExtra,
  NotificationWrite,
  ResumptionOutcome,
  ResumptionWrite,
  StepDecision,
  StoredStep,
} from '../../../../shared/dossiers/dossier-records.ts';
import { receivedEvent } from '../../../../shared/dossiers/notification-texts.ts';
import type {
  AccountsPort,
  CallbackResult,
  DocumentsPort,
  DossierRepository,
  IntakeQueuePort,
  IssuedDocument,
  PopulationPort,
  RegistrySerials,
  StalledDossier,
  StartResult,
  WorkflowPort,
} from '../../../../shared/dossiers/ports.ts';
import type { Agency } from '../../../../shared/identity/account.ts';

/** One round trip: lets other pending calls run, as a network call to DynamoDB would. */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const clone = <T>(value: T): T => structuredClone(value);

// ------------------------------------------------------------------------------------------ population

export class MemoryPopulation implements PopulationPort {
  readonly citizens = new Map<string, StoredCitizen>();
  readonly claims = new Map<string, string>();
  /** How many times several changes were written together (updateCitizensTogether). */
  togetherWrites = 0;
  /** The head each household's last change of head recorded on its count (`headPin`). */
  readonly recordedHeads = new Map<string, string>();
  /** Every successful write, in order: the change history the real store keeps per citizen. */
  readonly history: { pin: string; version: number; change: ChangeContext }[] = [];

  constructor(citizens: readonly Citizen[] = []) {
    for (const citizen of citizens) this.citizens.set(citizen.pin, { ...clone(citizen), version: 1 });
  }

  async getCitizen(pin: string): Promise<StoredCitizen | undefined> {
    await tick();
    const found = this.citizens.get(pin);
    return found ? clone(found) : undefined;
  }

  async listChildren(parentPin: string): Promise<string[]> {
    await tick();
    return [...this.citizens.values()]
      .filter((c) => c.motherPin === parentPin || c.fatherPin === parentPin)
      .map((c) => c.pin);
  }

  async listHouseholdMembers(householdId: string): Promise<StoredCitizen[]> {
    await tick();
    return [...this.citizens.values()].filter((c) => c.householdId === householdId).map(clone);
  }

  /** As PopulationStore.createCitizen: the PIN and the claim must both be new, or nothing is written. */
  async createCitizen(citizen: Citizen, change: ChangeContext, claim?: { key: string; value: string }): Promise<void> {
    await tick();
    if (this.citizens.has(citizen.pin) || (claim && this.claims.has(claim.key))) {
      throw new ConflictError(`A citizen with PIN ${citizen.pin} already exists, or ${claim?.key} was recorded.`);
    }
    this.citizens.set(citizen.pin, { ...clone(citizen), version: 1 });
    if (claim) this.claims.set(claim.key, claim.value);
    this.history.push({ pin: citizen.pin, version: 1, change });
  }

  /**
   * As PopulationStore.createWithIssuedPin: false if a citizen holds the PIN (records are never deleted, so that is
   * every PIN ever issued); a conflict if the claim exists.
   */
  async createWithIssuedPin(
    citizen: Citizen,
    change: ChangeContext,
    claim: { key: string; value: string },
  ): Promise<boolean> {
    await tick();
    if (this.claims.has(claim.key)) throw new ConflictError(`${claim.key} was already recorded.`);
    if (this.citizens.has(citizen.pin)) return false;
    await this.createCitizen(citizen, change, claim);
    return true;
  }

  /** As PopulationStore.updateCitizen: optimistic version check. */
  async updateCitizen(
    before: StoredCitizen,
    after: Citizen,
    change: ChangeContext,
    household?: HouseholdCheck,
  ): Promise<StoredCitizen> {
    if (!this.citizens.has(before.pin)) throw new NotFoundError(`No citizen with PIN ${before.pin}.`);
    const [updated] = await this.write([{ before, after, change }], household);
    return updated as StoredCitizen;
  }

  /** As PopulationStore.updateCitizensTogether: every version checked before anything is written. */
  async updateCitizensTogether(
    changes: readonly CitizenChange[],
    household?: HouseholdCheck,
  ): Promise<StoredCitizen[]> {
    this.togetherWrites += 1;
    return this.write(changes, household);
  }

  async recordedHeadOf(householdId: string): Promise<string | undefined> {
    await tick();
    return this.recordedHeads.get(householdId);
  }

  private async write(changes: readonly CitizenChange[], household?: HouseholdCheck): Promise<StoredCitizen[]> {
    await tick();
    if (new Set(changes.map((c) => c.before.pin)).size !== changes.length) {
      throw new Error('updateCitizensTogether takes at most one change per citizen');
    }
    for (const { before, after } of changes) {
      if (after.pin !== before.pin) throw new Error('A PIN never changes');
      const current = this.citizens.get(before.pin);
      if (current?.version !== before.version) {
        throw new ConflictError(`The record of ${before.pin} changed meanwhile (or is gone).`);
      }
    }
    // As the store's household counts (population-counters.ts): counted here from the records, which this fake
    // changes all at once.
    const households = withHouseholdCheck(householdCountChanges(changes), household);
    for (const h of households) {
      const living = [...this.citizens.values()].filter(
        (c) => c.status === 'alive' && c.householdId === h.householdId,
      ).length;
      if (h.guard === 'exactly' && living !== h.living) {
        throw new ConflictError(`Household ${h.householdId} no longer has ${h.living} living members.`);
      }
      if (h.recordedHead !== undefined && (this.recordedHeads.get(h.householdId) ?? null) !== h.recordedHead) {
        throw new ConflictError(`Household ${h.householdId} registered a change of head since this was read.`);
      }
      if (h.guard === 'emptied' && living !== -h.by) {
        throw new ConflictError(`Household ${h.householdId} has living members who do not move with its head.`);
      }
      if (h.guard === 'joinable' && living === 0) {
        throw new ConflictError(`Household ${h.householdId} has nobody living in it any more.`);
      }
    }
    for (const h of households) if (h.recordHead !== undefined) this.recordedHeads.set(h.householdId, h.recordHead);
    return changes.map(({ before, after, change }) => {
      const stored = { ...clone(after), version: before.version + 1 };
      this.citizens.set(after.pin, stored);
      this.history.push({ pin: after.pin, version: stored.version, change });
      return clone(stored);
    });
  }

  async readClaim(key: string): Promise<string | undefined> {
    await tick();
    return this.claims.get(key);
  }

  /** Test helper: the stored record, without a round trip. */
  peek(pin: string): StoredCitizen | undefined {
    return this.citizens.get(pin);
  }
}

// ------------------------------------------------------------------------------------------- serials

export class MemorySerials implements RegistrySerials {
  readonly counters = new Map<string, number>();

  constructor(
    /** The serial at a position; the identity by default, so tests can name the PINs they expect. */
    private readonly permutation: (prefix: string, position: number) => number = (_prefix, position) => position,
  ) {}

  async pinSerialAt(prefix: string, position: number): Promise<number> {
    return this.permutation(prefix, position);
  }

  private async next(key: string): Promise<number> {
    await tick();
    const value = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, value);
    return value;
  }

  nextPinSerial(prefix: string): Promise<number> {
    return this.next(`PIN#${prefix}`);
  }

  nextSocialInsuranceSerial(provinceCode: string): Promise<number> {
    return this.next(`SI#${provinceCode}`);
  }
}

// ------------------------------------------------------------------------------------------- accounts

export interface MemoryAccount {
  status: 'active' | 'disabled';
  disabledBy?: string;
  disabledReason?: string;
}

export class MemoryAccounts implements AccountsPort {
  readonly accounts = new Map<string, MemoryAccount>();

  constructor(pins: readonly string[] = []) {
    for (const pin of pins) this.accounts.set(pin, { status: 'active' });
  }

  /** As DynamoDeathAccounts: only an active account, or one this dossier disabled already. */
  async disableForDeath(pin: string, dossierId: string): Promise<boolean> {
    await tick();
    const account = this.accounts.get(pin);
    if (!account || !(account.status === 'active' || account.disabledBy === dossierId)) return false;
    this.accounts.set(pin, { status: 'disabled', disabledBy: dossierId, disabledReason: 'deceased' });
    return true;
  }

  async reenableAfterReversal(pin: string, dossierId: string): Promise<boolean> {
    await tick();
    const account = this.accounts.get(pin);
    if (account?.disabledBy !== dossierId) return false;
    this.accounts.set(pin, { status: 'active' });
    return true;
  }
}

// ------------------------------------------------------------------------------------------ documents

export class MemoryDocuments implements DocumentsPort {
  readonly documents = new Map<string, IssuedDocument>();
  /** How many times issueOnce was asked to store a document (stored or not). */
  calls = 0;

  async issueOnce(document: IssuedDocument): Promise<IssuedDocument> {
    this.calls++;
    await tick();
    const existing = this.documents.get(document.number);
    if (existing) return clone(existing);
    this.documents.set(document.number, clone(document));
    return clone(document);
  }

  async exists(number: string): Promise<boolean> {
    await tick();
    return this.documents.has(number);
  }

  async revoke(number: string, at: string, reason: string): Promise<void> {
    await tick();
    const existing = this.documents.get(number);
    if (existing && !existing.revokedAt) {
      this.documents.set(number, { ...existing, revokedAt: at, revocationReason: reason });
    }
  }
}

// ------------------------------------------------------------------------------------ workflow, queue

export class RecordingWorkflow implements WorkflowPort {
  readonly starts: { workflowId: string; name: string; input: Readonly<Record<string, unknown>> }[] = [];
  readonly successes: { taskToken: string; output: Readonly<Record<string, unknown>> }[] = [];
  readonly failures: { taskToken: string; error: string; cause: string }[] = [];
  readonly stops: { workflowId: string; name: string; cause: string }[] = [];
  private readonly executions = new Set<string>();
  /** What callbacks answer; 'gone' as when the task no longer waits. */
  callbackResult: CallbackResult = 'delivered';
  /** What callbacks throw instead (Step Functions unreachable or throttling); nothing is delivered then. */
  callbackError: Error | undefined;
  startError: Error | undefined;

  async start(workflowId: string, name: string, input: Readonly<Record<string, unknown>>): Promise<StartResult> {
    await tick();
    if (this.startError) throw this.startError;
    this.starts.push({ workflowId, name, input: clone(input) });
    const key = `${workflowId}:${name}`;
    if (this.executions.has(key)) return 'already-started';
    this.executions.add(key);
    return 'started';
  }

  async succeed(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<CallbackResult> {
    await tick();
    if (this.callbackError) throw this.callbackError;
    this.successes.push({ taskToken, output: clone(output) });
    return this.callbackResult;
  }

  async fail(taskToken: string, error: string, cause: string): Promise<CallbackResult> {
    await tick();
    if (this.callbackError) throw this.callbackError;
    this.failures.push({ taskToken, error, cause });
    return this.callbackResult;
  }

  async stop(workflowId: string, name: string, cause: string): Promise<void> {
    await tick();
    this.stops.push({ workflowId, name, cause });
  }

  /** Test helper: marks an execution as existing already (a message delivered twice). */
  markRunning(workflowId: string, name: string) {
    this.executions.add(`${workflowId}:${name}`);
  }
}

export class RecordingQueue implements IntakeQueuePort {
  readonly sent: { provinceCode: string; message: IntakeMessage }[] = [];
  failWith: Error | undefined;

  async send(provinceCode: string, message: IntakeMessage): Promise<void> {
    await tick();
    if (this.failWith) throw this.failWith;
    this.sent.push({ provinceCode, message: clone(message) });
  }
}

// ------------------------------------------------------------------------------------- dossier store

interface StepRecord extends StoredStep {
  provinceCode?: string;
  communeCode?: string;
  group?: GroupId;
  /** Whether the step is on the byInbox index (inboxPk/inboxSk set). */
  inInbox?: boolean;
  /** Whether the step is on the byDue index (duePk/dueSk set). */
  onDueIndex?: boolean;
  reversedAt?: string;
  reversedBy?: string;
  reversalReason?: string;
}

type StoredDossier = Dossier & { subject?: string };

const stepKey = (dossierId: string, stepId: string) => `${dossierId}#${stepId}`;

/** The step as DossierStore.getStep returns it: the index keys stripped (`inInbox` if listed), the task token kept. */
const asStoredStep = (record: StepRecord): StoredStep => {
  const { provinceCode: _p, communeCode: _c, group: _g, inInbox, onDueIndex: _d, ...rest } = record;
  return { ...clone(rest), ...(inInbox ? { inInbox: true } : {}) } as StoredStep;
};

/** The step as DossierStore.view returns it (also without the task token). */
const asStepState = (record: StepRecord): StepState & { inInbox?: boolean } => {
  const { taskToken: _t, ...rest } = asStoredStep(record);
  return rest;
};

/**
 * The Dossiers table in memory, with DossierStore's conditions: create refuses a used idempotency key or a held
 * subject; moveStatus moves only from the given statuses; openStep creates a step once and then only replaces the
 * task token while it awaits an officer; decideStep applies only from pending/awaiting-officer or absent and
 * otherwise returns `{ applied: false, step }`, leaving the step in the inbox until markDelivered; flagOverdue
 * flags once. moveStatus answers false only when the dossier is not in a from-state; a step update whose step was
 * decided or claimed by an approval meanwhile, or a subject claim that is not (any more) this dossier's (DynamoDB:
 * a Delete conditioned on `dossierId = :id`), cancels the whole transaction with a ConflictError.
 */
export class MemoryDossierStore implements DossierRepository {
  readonly dossiers = new Map<string, StoredDossier>();
  readonly steps = new Map<string, StepRecord>();
  readonly events = new Map<string, Map<string, TimelineEvent>>();
  readonly idempotency = new Map<string, { dossierId: string; fingerprint: string }>();
  readonly subjects = new Map<string, string>();
  /** The citizens' outbox, by notification id (the real outbox item is keyed by time and id). */
  readonly outbox: NotificationWrite[] = [];
  /** Runs before decideStep's conditional write: lets a test commit a competing decision first. */
  beforeDecideStep: ((decision: StepDecision) => Promise<void> | void) | undefined;
  /** Runs before moveStatus's transaction: lets a test change the dossier or its steps first. */
  beforeMoveStatus: ((id: string, to: DossierStatus) => Promise<void> | void) | undefined;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** The fake as the use cases take it: the port the DynamoDB store implements too. */
  asStore(): DossierRepository {
    return this;
  }

  /** Test helper: seeds a dossier as if intake had written it. */
  seed(dossier: Dossier, subject?: string): void {
    this.dossiers.set(dossier.id, { ...clone(dossier), ...(subject ? { subject } : {}) });
    if (subject) this.subjects.set(subject, dossier.id);
  }

  /** Test helper: the stored step record, without a round trip. */
  peekStep(dossierId: string, stepId: StepId): StepRecord | undefined {
    return this.steps.get(stepKey(dossierId, stepId));
  }

  timeline(dossierId: string): TimelineEvent[] {
    return [...(this.events.get(dossierId)?.entries() ?? [])]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, event]) => clone(event));
  }

  private putEvent(dossierId: string, event: TimelineEvent) {
    const events = this.events.get(dossierId) ?? new Map<string, TimelineEvent>();
    events.set(`EVENT#${event.at}#${event.kind}#${event.stepId ?? '-'}`, clone(event));
    this.events.set(dossierId, events);
  }

  private notify(writes: readonly NotificationWrite[] = []) {
    this.outbox.push(...writes.map(clone));
  }

  async create(
    dossier: Dossier,
    idempotency: { readonly key: string; readonly fingerprint: string },
    notifications: readonly NotificationWrite[] = [],
    subject?: string,
  ): Promise<CreateOutcome> {
    await tick();
    const key = `${dossier.applicantPin}#${idempotency.key}`;
    const earlier = this.idempotency.get(key);
    if (earlier) return { created: false, reason: 'idempotency', ...earlier };
    const holder = subject ? this.subjects.get(subject) : undefined;
    if (holder) return { created: false, reason: 'subject', dossierId: holder };
    if (this.dossiers.has(dossier.id)) throw new Error('TransactionCanceledException: dossier ID reused');
    this.idempotency.set(key, { dossierId: dossier.id, fingerprint: idempotency.fingerprint });
    this.seed(dossier, subject);
    this.putEvent(dossier.id, receivedEvent(dossier));
    this.notify(notifications);
    return { created: true };
  }

  async findByIdempotencyKey(pin: string, key: string) {
    await tick();
    const found = this.idempotency.get(`${pin}#${key}`);
    return found ? { ...found } : undefined;
  }

  async get(id: string): Promise<Dossier | undefined> {
    await tick();
    const found = this.dossiers.get(id);
    return found ? clone(found) : undefined;
  }

  /** Like DossierStore.view: load's dossier and timeline, its steps as the citizen's view shows them. */
  async view(id: string) {
    const loaded = await this.load(id);
    return loaded ? { ...loaded, steps: loaded.steps.map(asStepState) } : undefined;
  }

  /** Like DossierStore.load: the dossier, its steps as stored and its timeline. */
  async load(id: string) {
    await tick();
    const dossier = this.dossiers.get(id);
    if (!dossier) return undefined;
    const steps = [...this.steps.values()]
      .filter((s) => s.dossierId === id)
      .sort((a, b) => a.stepId.localeCompare(b.stepId))
      .map(asStoredStep);
    return { dossier: clone(dossier), steps, timeline: this.timeline(id) };
  }

  async listByApplicant(pin: string, limit = 50): Promise<Dossier[]> {
    await tick();
    return [...this.dossiers.values()]
      .filter((d) => d.applicantPin === pin)
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
      .slice(0, limit)
      .map(clone);
  }

  markStarted(id: string, event: TimelineEvent): Promise<boolean> {
    return this.moveStatus(id, ['submitted'], 'processing', event);
  }

  async moveStatus(
    id: string,
    from: readonly DossierStatus[],
    to: DossierStatus,
    event: TimelineEvent,
    extra: MoveExtra = {},
  ): Promise<boolean> {
    await this.beforeMoveStatus?.(id, to);
    await tick();
    const dossier = this.dossiers.get(id);
    if (!dossier || !from.includes(dossier.status)) return false;
    const subject = extra.releaseSubject ? dossier.subject : undefined;
    // DynamoDB cancels the whole transaction when a step update's condition fails, or the subject claim's Delete
    // (conditioned on `dossierId = :id`) finds a missing or foreign claim; as only the dossier's own condition
    // means "not in a from-state", moveStatus throws a ConflictError then.
    // Each step update: only a step never opened, or undecided and not claimed by an approval.
    const updatable = (extra.stepUpdates ?? []).every((update) => {
      const current = this.steps.get(stepKey(id, update.stepId));
      return (
        !current ||
        ((current.status === 'pending' || current.status === 'awaiting-officer') &&
          current.claimedDecision !== 'approve')
      );
    });
    if (!updatable || (subject !== undefined && this.subjects.get(subject) !== id)) {
      throw new ConflictError(
        `Dossier ${id} or one of its steps changed meanwhile (a step was decided, or another change was being written); retry.`,
      );
    }
    this.dossiers.set(id, {
      ...dossier,
      status: to,
      ...(extra.outcome ? { outcome: clone(extra.outcome) } : {}),
      ...(extra.documents ? { documents: clone(extra.documents) } : {}),
    });
    for (const update of extra.stepUpdates ?? []) {
      const key = stepKey(id, update.stepId);
      const {
        claimedDecision: _cd,
        claimedBy: _cb,
        claimedAt: _ca,
        ...current
      } = this.steps.get(key) ?? ({} as StepRecord);
      this.steps.set(key, {
        ...current,
        dossierId: id,
        stepId: update.stepId,
        status: update.status,
        ...(update.reason ? { reason: update.reason } : {}),
        inInbox: false,
        onDueIndex: false,
      } as StepRecord);
    }
    if (subject !== undefined) this.subjects.delete(subject);
    this.putEvent(id, event);
    this.notify(extra.notifications);
    return true;
  }

  /** Re-send bookkeeping per dossier (DynamoRequeueStore keeps it on the dossier item). */
  readonly requeues = new Map<string, { count: number; at: string; nextAt: string }>();

  /** Like DynamoRequeueStore.listStalled. */
  async listStalled(provinceCode: string, olderThan: string, now: string, limit = 100): Promise<StalledDossier[]> {
    await tick();
    return [...this.dossiers.values()]
      .filter((d) => d.provinceCode === provinceCode && d.status === 'submitted' && d.submittedAt < olderThan)
      .filter((d) => (this.requeues.get(d.id)?.nextAt ?? '') <= now)
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
      .slice(0, limit)
      .map((d) => ({ id: d.id, requeueCount: this.requeues.get(d.id)?.count ?? 0 }));
  }

  /** Like DynamoRequeueStore.markRequeued. */
  async markRequeued(id: string, previousCount: number, at: string, nextAt: string): Promise<boolean> {
    await tick();
    if (this.dossiers.get(id)?.status !== 'submitted' || (this.requeues.get(id)?.count ?? 0) !== previousCount) {
      return false;
    }
    this.requeues.set(id, { count: previousCount + 1, at, nextAt });
    return true;
  }

  async getStep(id: string, stepId: StepId): Promise<StoredStep | undefined> {
    await tick();
    const found = this.steps.get(stepKey(id, stepId));
    return found ? asStoredStep(found) : undefined;
  }

  /**
   * Like DossierStore.claimDecision: only a step awaiting an officer, for one decision at a time; an approval's claim
   * is never taken over by a rejection, a stale rejection's claim may be taken over by an approval.
   */
  async claimDecision(dossierId: string, stepId: StepId, claim: DecisionClaim): Promise<ClaimOutcome> {
    await tick();
    const existing = this.steps.get(stepKey(dossierId, stepId));
    const free =
      existing?.status === 'awaiting-officer' &&
      (existing.claimedDecision === undefined ||
        existing.claimedDecision === claim.decision ||
        (existing.claimedDecision === 'reject' && (existing.claimedAt ?? '') < claim.staleBefore) ||
        (claim.decision === 'reject' &&
          claim.expiredApprovalAt !== undefined &&
          existing.claimedDecision === 'approve' &&
          existing.claimedAt === claim.expiredApprovalAt &&
          (existing.claimedAt ?? '') < claim.staleBefore));
    if (!existing || !free) return { claimed: false, step: existing ? asStoredStep(existing) : undefined };
    const shared = sharedClaim({ ...existing }, claim);
    Object.assign(existing, { claimedDecision: claim.decision, claimedBy: claim.actor, claimedAt: claim.at });
    return { claimed: true, shared };
  }

  /** Like DossierStore.releaseClaim: removes only this very claim, on a step still awaiting an officer. */
  async releaseClaim(
    dossierId: string,
    stepId: StepId,
    claim: { readonly decision: 'approve' | 'reject'; readonly actor: string; readonly at: string },
  ): Promise<boolean> {
    await tick();
    const key = stepKey(dossierId, stepId);
    const existing = this.steps.get(key);
    if (
      existing?.status !== 'awaiting-officer' ||
      existing.claimedDecision !== claim.decision ||
      existing.claimedBy !== claim.actor ||
      existing.claimedAt !== claim.at
    ) {
      return false;
    }
    const { claimedDecision: _cd, claimedBy: _cb, claimedAt: _ca, ...unclaimed } = existing;
    this.steps.set(key, unclaimed);
    return true;
  }

  async openStep(
    step: StepState & { readonly dueAt: string; readonly openedAt: string },
    where: { readonly provinceCode: string; readonly communeCode: string; readonly group: string },
    taskToken: string | undefined,
    event: TimelineEvent,
  ): Promise<{ opened: boolean; step: StoredStep }> {
    await tick();
    const key = stepKey(step.dossierId, step.stepId);
    const existing = this.steps.get(key);
    if (!existing) {
      this.steps.set(key, {
        ...clone(step),
        provinceCode: where.provinceCode,
        communeCode: where.communeCode,
        group: where.group as GroupId,
        ...(taskToken ? { taskToken } : {}),
        inInbox: true,
        onDueIndex: true,
      });
      this.putEvent(step.dossierId, event);
      return { opened: true, step: { ...clone(step), ...(taskToken ? { taskToken } : {}), inInbox: true } };
    }
    if (existing.status === 'awaiting-officer') {
      const updated = { ...existing, taskToken };
      this.steps.set(key, updated);
      return { opened: false, step: asStoredStep(updated) };
    }
    return { opened: false, step: asStoredStep(existing) };
  }

  async decideStep(decision: StepDecision): Promise<DecideOutcome> {
    await this.beforeDecideStep?.(decision);
    await tick();
    const key = stepKey(decision.dossierId, decision.stepId);
    const existing = this.steps.get(key);
    if (existing && existing.status !== 'pending' && existing.status !== 'awaiting-officer') {
      return { applied: false, step: asStoredStep(existing) };
    }
    const fields = {
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
      stepId: decision.stepId,
      dossierId: decision.dossierId,
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision.automatic !== undefined ? { automatic: decision.automatic } : {}),
      ...(decision.findings !== undefined ? { findings: clone(decision.findings) } : {}),
      ...(decision.result !== undefined ? { result: clone(decision.result) } : {}),
    };
    const { claimedDecision: _cd, claimedBy: _cb, claimedAt: _ca, ...unclaimed } = existing ?? ({} as StepRecord);
    // Like DossierStore.decideStep: the step stays listed in the inbox until markDelivered.
    this.steps.set(key, {
      ...unclaimed,
      ...fields,
      inInbox: existing?.inInbox ?? false,
      onDueIndex: false,
    } as StepRecord);
    const dossier = this.dossiers.get(decision.dossierId);
    if (dossier && decision.documents) {
      this.dossiers.set(dossier.id, { ...dossier, documents: { ...dossier.documents, ...clone(decision.documents) } });
    }
    this.putEvent(decision.dossierId, decision.event);
    this.notify(decision.notifications);
    const step = this.steps.get(key);
    return { applied: true, step: asStoredStep(step as StepRecord) };
  }

  async markDelivered(dossierId: string, stepId: StepId): Promise<boolean> {
    await tick();
    const existing = this.steps.get(stepKey(dossierId, stepId));
    if (!existing?.inInbox || (existing.status !== 'approved' && existing.status !== 'rejected')) return false;
    existing.inInbox = false;
    return true;
  }

  async reverseStep(dossierId: string, stepId: StepId, event: TimelineEvent, reason: string): Promise<boolean> {
    await tick();
    const existing = this.steps.get(stepKey(dossierId, stepId));
    if (existing?.status !== 'approved') return false;
    Object.assign(existing, {
      status: 'reversed' as StepStatus,
      reversedAt: event.at,
      reversedBy: event.actor,
      reversalReason: reason,
      inInbox: false,
    });
    this.putEvent(dossierId, event);
    return true;
  }

  async listInbox(
    agency: Agency,
    provinceCode: string,
    options: { communeCode?: string; limit?: number; cursor?: Record<string, unknown> } = {},
  ): Promise<{ tasks: OfficerTask[]; next?: Record<string, unknown> }> {
    await tick();
    const now = this.clock().toISOString();
    const tasks = [...this.steps.values()]
      .filter(
        (s) =>
          s.inInbox &&
          s.agency === agency &&
          s.provinceCode === provinceCode &&
          (options.communeCode === undefined || s.communeCode === options.communeCode),
      )
      // byInbox (commune, then due time) for a commune; byInboxDue (due time) across the province.
      .sort((a, b) =>
        options.communeCode
          ? `${a.communeCode}#${a.dueAt}#${a.dossierId}`.localeCompare(`${b.communeCode}#${b.dueAt}#${b.dossierId}`)
          : `${a.dueAt}#${a.dossierId}#${a.stepId}`.localeCompare(`${b.dueAt}#${b.dossierId}#${b.stepId}`),
      );
    const offset = Number(options.cursor?.offset ?? 0);
    const limit = options.limit ?? 50;
    this.inboxItemsRead += Math.min(limit, Math.max(tasks.length - offset, 0));
    const page = tasks.slice(offset, offset + limit).map(
      (s): OfficerTask => ({
        taskId: taskIdOf(s.dossierId, s.stepId),
        dossierId: s.dossierId,
        stepId: s.stepId,
        group: s.group as GroupId,
        agency: s.agency,
        provinceCode: String(s.provinceCode),
        communeCode: String(s.communeCode),
        openedAt: String(s.openedAt),
        dueDate: String(s.dueDate),
        dueAt: String(s.dueAt),
        overdue: s.status === 'awaiting-officer' && String(s.dueAt) < now,
        findings: clone(s.findings ?? []),
        status: s.status,
      }),
    );
    return offset + limit < tasks.length ? { tasks: page, next: { offset: offset + limit } } : { tasks: page };
  }

  /** Index items listInbox has read so far (what DynamoDB would bill). */
  inboxItemsRead = 0;

  async listOverdue(provinceCode: string, now: string, limit = 100): Promise<StoredStep[]> {
    await tick();
    return [...this.steps.values()]
      .filter((s) => s.onDueIndex && s.provinceCode === provinceCode && `${s.dueAt}#${s.dossierId}#${s.stepId}` < now)
      .slice(0, limit)
      .map(asStoredStep);
  }

  async flagOverdue(
    dossierId: string,
    stepId: StepId,
    event: TimelineEvent,
    notifications: readonly NotificationWrite[],
  ): Promise<boolean> {
    await tick();
    const existing = this.steps.get(stepKey(dossierId, stepId));
    if (!existing?.onDueIndex || existing.status !== 'awaiting-officer') return false;
    Object.assign(existing, { overdueFlaggedAt: event.at, onDueIndex: false });
    this.putEvent(dossierId, event);
    this.notify(notifications);
    return true;
  }

  /** Like DossierStore.recordResumption: all-or-nothing, the dossier's condition first, then the steps, the subject. */
  async recordResumption(write: ResumptionWrite): Promise<ResumptionOutcome> {
    await tick();
    const dossier = this.dossiers.get(write.dossierId);
    const { resumption } = write;
    if (dossier?.status !== resumption.after || (dossier.resumption?.count ?? 0) !== resumption.count - 1) {
      return { resumed: false, reason: 'dossier-changed' };
    }
    const stepsClear = write.resetSteps.every((stepId) => {
      const step = this.steps.get(stepKey(write.dossierId, stepId));
      return !step || ((step.status === 'cancelled' || step.status === 'rejected') && !step.claimedDecision);
    });
    const holder = write.subject === undefined ? undefined : this.subjects.get(write.subject);
    if (holder !== undefined && holder !== write.dossierId) {
      return { resumed: false, reason: 'subject-taken', heldBy: holder };
    }
    if (!stepsClear) return { resumed: false, reason: 'step-changed' };
    const { outcome: _outcome, ...rest } = dossier;
    this.dossiers.set(write.dossierId, { ...rest, status: 'processing', resumption: clone(resumption) });
    for (const stepId of write.resetSteps) this.steps.delete(stepKey(write.dossierId, stepId));
    if (write.subject !== undefined) this.subjects.set(write.subject, write.dossierId);
    this.putEvent(write.dossierId, write.event);
    this.notify(write.notifications);
    return { resumed: true };
  }
}
