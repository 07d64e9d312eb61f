/**
 * Dossiers of the interconnected procedure groups in the Dossiers table. Items (pk / sk):
 * - dossier:      `DOSSIER#<id>` / `DOSSIER`   (GSI byProvinceStatus: `<province>#<status>` / submittedAt;
 *                                              GSI byApplicant: applicantPin / submittedAt)
 * - step:         `DOSSIER#<id>` / `STEP#<step>` (from its opening until its decision reached the workflow, or it
 *                                              was cancelled: GSI byInbox `<agency>#<province>` /
 *                                              `<commune>#<dueAt>#<id>` and GSI byInboxDue `<agency>#<province>` /
 *                                              `<dueAt>#<id>#<step>`; while undecided and not yet flagged
 *                                              overdue: GSI byDue `<province>` / `<dueAt>#<id>#<step>`)
 * - timeline:     `DOSSIER#<id>` / `EVENT#<at>#<kind>#<step>`
 * - idempotency:  `IDEMPOTENCY#<applicant pin>#<key>` / `IDEMPOTENCY` → the dossier a submission created
 * - subject:      `SUBJECT#<birth or death key>` / `SUBJECT` → the one live dossier for the same birth or death
 *                 (released when that dossier is rejected, fails or is revoked)
 * Every change is one transaction conditioned on the state it moves from, so a retried Lambda, a redelivered
 * message or an officer clicking twice changes nothing the second time; the citizen's notification (an
 * outbox item in the Identity table) is written in the same transaction, so it is sent exactly once.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { StepId } from '../../dossiers/catalogue.ts';
import type {
  Dossier,
  DossierDocuments,
  DossierStatus,
  Finding,
  OfficerTask,
  StepState,
  StepStatus,
  TimelineEvent,
} from '../../dossiers/dossier.ts';
import { taskIdOf } from '../../dossiers/dossier.ts';
import type { Agency } from '../../identity/account.ts';
import type { Notification } from '../../identity/notifications.ts';
import { outboxItem } from './identity-store.ts';

export const dossierPk = (id: string) => `DOSSIER#${id}`;
export const dossierKey = (id: string) => ({ pk: dossierPk(id), sk: 'DOSSIER' });
const stepKey = (id: string, stepId: string) => ({ pk: dossierPk(id), sk: `STEP#${stepId}` });
const subjectKey = (subject: string) => ({ pk: `SUBJECT#${subject}`, sk: 'SUBJECT' });
const idempotencyKey = (pin: string, key: string) => ({ pk: `IDEMPOTENCY#${pin}#${key}`, sk: 'IDEMPOTENCY' });

const isCancelled = (error: unknown) => (error as Error).name === 'TransactionCanceledException';
const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** Sends a conditional write: true if it was applied, false if its condition (or its transaction's) failed. */
const appliedUnlessConditionFails = async (sending: Promise<unknown>): Promise<boolean> => {
  try {
    await sending;
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isCancelled(error)) return false;
    throw error;
  }
};

/** Whether a step, before it was claimed, held a live (not stale) claim for the same decision. */
export const sharedClaim = (
  before: Record<string, unknown> | undefined,
  claim: { readonly decision: string; readonly staleBefore: string },
): boolean => before?.claimedDecision === claim.decision && String(before.claimedAt ?? '') >= claim.staleBefore;

const strip = <T>(item: Record<string, unknown>): T => {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    provinceStatus: _ps,
    inboxPk: _ip,
    inboxSk: _is,
    inboxDueSk: _ids,
    duePk: _dp,
    dueSk: _ds,
    taskToken: _tt,
    ...rest
  } = item;
  return rest as T;
};

export interface StoredStep extends StepState {
  readonly taskToken?: string;
  /**
   * Whether the step is listed in an officers' inbox: from its opening until its decision was handed to the workflow
   * (see `markDelivered`), or it was cancelled. A decided step still listed is one whose workflow was not yet told.
   */
  readonly inInbox?: boolean;
  /** The decision an actor is applying right now (see `claimDecision`). */
  readonly claimedDecision?: 'approve' | 'reject';
  readonly claimedBy?: string;
  readonly claimedAt?: string;
}

export interface DossierView {
  readonly dossier: Dossier;
  /** With `inInbox` on the steps still listed in an officers' inbox (see StoredStep). */
  readonly steps: readonly (StepState & { readonly inInbox?: boolean })[];
  readonly timeline: readonly TimelineEvent[];
}

/** A notification to the citizen, written with the change it reports. */
export interface NotificationWrite {
  readonly notification: Notification;
  /** Unique per change (e.g. `<dossier>#<step>#approved`), so a notification is never written twice. */
  readonly id: string;
}

export interface StepDecision {
  readonly dossierId: string;
  readonly stepId: StepId;
  readonly status: Extract<StepStatus, 'approved' | 'rejected' | 'cancelled'>;
  /** The agency that decides the step for this dossier (stored for steps never opened in an inbox). */
  readonly agency?: Agency;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reason?: string;
  readonly automatic?: boolean;
  readonly findings?: readonly Finding[];
  readonly result?: Readonly<Record<string, unknown>>;
  /** Documents to add to the dossier with the decision. */
  readonly documents?: DossierDocuments;
  readonly event: TimelineEvent;
  readonly notifications?: readonly NotificationWrite[];
}

export type DecideOutcome =
  | { readonly applied: true; readonly step: StoredStep }
  | { readonly applied: false; readonly step: StoredStep };

export class DossierStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The Identity table, for the citizen's notifications; functions that never notify run without it. */
    private readonly identityTableName?: string,
  ) {}

  private eventItem(dossierId: string, event: TimelineEvent) {
    return {
      pk: dossierPk(dossierId),
      sk: `EVENT#${event.at}#${event.kind}#${event.stepId ?? '-'}`,
      type: 'dossier-event',
      ...event,
    };
  }

  private notificationPuts(writes: readonly NotificationWrite[] = [], at: Date) {
    if (writes.length > 0 && !this.identityTableName) {
      throw new Error('This function writes notifications but has no IDENTITY_TABLE; grant it the Identity table.');
    }
    return writes.map((w) => ({
      Put: { TableName: this.identityTableName, Item: outboxItem(w.notification, at, w.id) },
    }));
  }

  /**
   * Writes a new dossier with its idempotency record and first timeline event. If the applicant already used
   * the key, nothing is written and the dossier it created is returned (`created: false`); if that earlier
   * request was a different one, `fingerprint` differs and the caller refuses.
   */
  async create(
    dossier: Dossier,
    idempotency: { readonly key: string; readonly fingerprint: string },
    event: TimelineEvent,
    notifications: readonly NotificationWrite[] = [],
    subject?: string,
  ): Promise<
    | { created: true }
    | { created: false; reason: 'idempotency'; dossierId: string; fingerprint: string }
    | { created: false; reason: 'subject'; dossierId: string }
  > {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...idempotencyKey(dossier.applicantPin, idempotency.key),
                  type: 'idempotency',
                  dossierId: dossier.id,
                  fingerprint: idempotency.fingerprint,
                  at: dossier.submittedAt,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...dossierKey(dossier.id),
                  type: 'dossier',
                  provinceStatus: `${dossier.provinceCode}#${dossier.status}`,
                  ...dossier,
                  ...(subject ? { subject } : {}),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(subject
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: { ...subjectKey(subject), type: 'subject-claim', dossierId: dossier.id },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
            { Put: { TableName: this.tableName, Item: this.eventItem(dossier.id, event) } },
            ...this.notificationPuts(notifications, new Date(event.at)),
          ],
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isCancelled(error)) throw error;
      const existing = await this.findByIdempotencyKey(dossier.applicantPin, idempotency.key);
      if (existing) return { created: false, reason: 'idempotency', ...existing };
      if (subject) {
        const { Item } = await this.client.send(
          new GetCommand({ TableName: this.tableName, Key: subjectKey(subject), ConsistentRead: true }),
        );
        if (Item) return { created: false, reason: 'subject', dossierId: String(Item.dossierId) };
      }
      throw error;
    }
  }

  async findByIdempotencyKey(
    pin: string,
    key: string,
  ): Promise<{ dossierId: string; fingerprint: string } | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: idempotencyKey(pin, key), ConsistentRead: true }),
    );
    return Item ? { dossierId: String(Item.dossierId), fingerprint: String(Item.fingerprint) } : undefined;
  }

  async get(id: string): Promise<Dossier | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: dossierKey(id), ConsistentRead: true }),
    );
    return Item ? strip<Dossier>(Item) : undefined;
  }

  /** The dossier, its steps and its timeline (oldest first), in one strongly consistent query. */
  async view(id: string): Promise<DossierView | undefined> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': dossierPk(id) },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const dossier = items.find((i) => i.sk === 'DOSSIER');
    if (!dossier) return undefined;
    return {
      dossier: strip<Dossier>(dossier),
      steps: items
        .filter((i) => String(i.sk).startsWith('STEP#'))
        .map((i) => ({ ...strip<StepState>(i), ...(i.inboxPk ? { inInbox: true } : {}) })),
      timeline: items.filter((i) => String(i.sk).startsWith('EVENT#')).map((i) => strip<TimelineEvent>(i)),
    };
  }

  /** The applicant's dossiers, newest first. */
  async listByApplicant(pin: string, limit = 50): Promise<Dossier[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byApplicant',
        KeyConditionExpression: 'applicantPin = :pin',
        ExpressionAttributeValues: { ':pin': pin },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((i) => strip<Dossier>(i));
  }

  /**
   * Moves the dossier from `submitted` to `processing` once its workflow runs. Returns false (and writes
   * nothing) if it had already moved.
   */
  async markStarted(id: string, event: TimelineEvent): Promise<boolean> {
    return this.moveStatus(id, ['submitted'], 'processing', event);
  }

  /**
   * Moves the dossier's status from one of `from` to `to`, with a timeline event, documents and notifications
   * in the same transaction; false (nothing written) if the dossier was not in one of `from`. `stepUpdates`
   * (cancellations) apply only to steps never opened or still undecided and not claimed by an approval. If anything
   * else stops the transaction (a step decided or claimed meanwhile, the subject claim not this dossier's, a
   * concurrent transaction), nothing is written and a ConflictError says to retry: the caller's retry reads the
   * dossier and its steps afresh.
   */
  async moveStatus(
    id: string,
    from: readonly DossierStatus[],
    to: DossierStatus,
    event: TimelineEvent,
    extra: {
      readonly outcome?: Dossier['outcome'];
      readonly provinceCode?: string;
      readonly notifications?: readonly NotificationWrite[];
      readonly stepUpdates?: readonly { stepId: StepId; status: StepStatus; reason?: string }[];
      /** Frees the dossier's subject, so a new dossier for the same birth or death can be submitted. */
      readonly releaseSubject?: boolean;
    } = {},
  ): Promise<boolean> {
    const dossier = extra.provinceCode && !extra.releaseSubject ? undefined : await this.get(id);
    const provinceCode = extra.provinceCode ?? dossier?.provinceCode;
    if (!provinceCode) return false;
    const subject = extra.releaseSubject ? dossier?.subject : undefined;
    const fromValues = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: dossierKey(id),
                ConditionExpression: `#status IN (${Object.keys(fromValues).join(', ')})`,
                UpdateExpression: `SET #status = :to, provinceStatus = :ps${extra.outcome ? ', outcome = :outcome' : ''}`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ...fromValues,
                  ':to': to,
                  ':ps': `${provinceCode}#${to}`,
                  ...(extra.outcome ? { ':outcome': extra.outcome } : {}),
                },
              },
            },
            ...(extra.stepUpdates ?? []).map((u) => ({
              Update: {
                TableName: this.tableName,
                Key: stepKey(id, u.stepId),
                // Only a step never opened, or open and undecided: never one decided meanwhile, nor one whose approval
                // holds a claim (its effect may already be written; see claimDecision).
                ConditionExpression:
                  'attribute_not_exists(pk) OR (#status IN (:pending, :awaiting) AND (attribute_not_exists(claimedDecision) OR claimedDecision <> :approve))',
                UpdateExpression:
                  'SET #status = :s, stepId = :step, dossierId = :id' +
                  (u.reason ? ', reason = :r' : '') +
                  ' REMOVE inboxPk, inboxSk, inboxDueSk, duePk, dueSk, claimedDecision, claimedBy, claimedAt',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':s': u.status,
                  ':step': u.stepId,
                  ':id': id,
                  ':pending': 'pending',
                  ':awaiting': 'awaiting-officer',
                  ':approve': 'approve',
                  ...(u.reason ? { ':r': u.reason } : {}),
                },
              },
            })),
            ...(subject
              ? [
                  {
                    Delete: {
                      TableName: this.tableName,
                      Key: subjectKey(subject),
                      ConditionExpression: 'dossierId = :id',
                      ExpressionAttributeValues: { ':id': id },
                    },
                  },
                ]
              : []),
            { Put: { TableName: this.tableName, Item: this.eventItem(id, event) } },
            ...this.notificationPuts(extra.notifications, new Date(event.at)),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!isCancelled(error)) throw error;
      // The first item is the dossier's own update: only its condition failing means "not in a from-state".
      const reasons = (error as { CancellationReasons?: readonly ({ Code?: string } | undefined)[] })
        .CancellationReasons;
      if (reasons && reasons.length > 0) {
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
      } else {
        const current = await this.get(id);
        if (!current || !from.includes(current.status)) return false;
      }
      throw new ConflictError(
        `Dossier ${id} or one of its steps changed meanwhile (a step was decided, or another change was being written); retry.`,
      );
    }
  }

  async getStep(id: string, stepId: StepId): Promise<StoredStep | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: stepKey(id, stepId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      ...strip<StepState>(Item),
      ...(Item.taskToken ? { taskToken: String(Item.taskToken) } : {}),
      ...(Item.inboxPk ? { inInbox: true } : {}),
    };
  }

  /**
   * Puts a human step in the officers' inbox with the workflow's task token. Run again for the same step (a
   * retried task gets a new token) it only replaces the token; a step already decided is left alone and
   * returned, so the caller can hand its outcome back to the workflow.
   */
  async openStep(
    step: StepState & { readonly dueAt: string; readonly openedAt: string },
    where: { readonly provinceCode: string; readonly communeCode: string; readonly group: string },
    taskToken: string | undefined,
    event: TimelineEvent,
  ): Promise<{ opened: boolean; step: StoredStep }> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...stepKey(step.dossierId, step.stepId),
                  type: 'dossier-step',
                  ...step,
                  provinceCode: where.provinceCode,
                  communeCode: where.communeCode,
                  group: where.group,
                  ...(taskToken ? { taskToken } : {}),
                  inboxPk: `${step.agency}#${where.provinceCode}`,
                  inboxSk: `${where.communeCode}#${step.dueAt}#${step.dossierId}`,
                  inboxDueSk: `${step.dueAt}#${step.dossierId}#${step.stepId}`,
                  duePk: where.provinceCode,
                  dueSk: `${step.dueAt}#${step.dossierId}#${step.stepId}`,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: this.eventItem(step.dossierId, event) } },
          ],
        }),
      );
      return { opened: true, step: { ...step, ...(taskToken ? { taskToken } : {}), inInbox: true } };
    } catch (error) {
      if (!isCancelled(error)) throw error;
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stepKey(step.dossierId, step.stepId),
          ConditionExpression: '#status = :awaiting',
          UpdateExpression: 'SET taskToken = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':awaiting': 'awaiting-officer', ':token': taskToken },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return {
        opened: false,
        step: { ...strip<StepState>(Attributes ?? {}), taskToken, ...(Attributes?.inboxPk ? { inInbox: true } : {}) },
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.getStep(step.dossierId, step.stepId);
      if (!current) throw error;
      return { opened: false, step: current };
    }
  }

  /**
   * Records a decision on a step that is open (or was never opened: automatic steps), with the dossier's new
   * documents, a timeline event and the citizen's notification, in one transaction. If the step was already
   * decided, nothing is written and the stored step is returned (`applied: false`). The step stays in the inbox,
   * showing its decision, until `markDelivered`: if handing the decision to the workflow fails, an officer still
   * sees it and deciding again delivers it.
   */
  async decideStep(decision: StepDecision): Promise<DecideOutcome> {
    const documents = Object.entries(decision.documents ?? {});
    const fields: Record<string, unknown> = {
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
      stepId: decision.stepId,
      dossierId: decision.dossierId,
      ...(decision.agency !== undefined ? { agency: decision.agency } : {}),
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
      ...(decision.automatic !== undefined ? { automatic: decision.automatic } : {}),
      ...(decision.findings !== undefined ? { findings: decision.findings } : {}),
      ...(decision.result !== undefined ? { result: decision.result } : {}),
    };
    const names = Object.keys(fields);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: stepKey(decision.dossierId, decision.stepId),
                ConditionExpression: 'attribute_not_exists(pk) OR #f0 IN (:pending, :awaiting)',
                UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')} REMOVE duePk, dueSk, claimedDecision, claimedBy, claimedAt`,
                ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
                ExpressionAttributeValues: {
                  ...Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
                  ':pending': 'pending',
                  ':awaiting': 'awaiting-officer',
                },
              },
            },
            ...(documents.length > 0
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: dossierKey(decision.dossierId),
                      UpdateExpression: `SET ${documents.map((_, i) => `documents.#d${i} = :d${i}`).join(', ')}`,
                      ExpressionAttributeNames: Object.fromEntries(documents.map(([k], i) => [`#d${i}`, k])),
                      ExpressionAttributeValues: Object.fromEntries(documents.map(([, v], i) => [`:d${i}`, v])),
                    },
                  },
                ]
              : []),
            { Put: { TableName: this.tableName, Item: this.eventItem(decision.dossierId, decision.event) } },
            ...this.notificationPuts(decision.notifications, new Date(decision.event.at)),
          ],
        }),
      );
      const step = await this.getStep(decision.dossierId, decision.stepId);
      return { applied: true, step: step as StoredStep };
    } catch (error) {
      if (!isCancelled(error)) throw error;
      const step = await this.getStep(decision.dossierId, decision.stepId);
      if (!step) throw error;
      return { applied: false, step };
    }
  }

  /**
   * Takes a decided step out of the officers' inbox once its decision was handed to the workflow (or the workflow
   * no longer waits for it). False if it was not listed (any more).
   */
  async markDelivered(dossierId: string, stepId: StepId): Promise<boolean> {
    return appliedUnlessConditionFails(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stepKey(dossierId, stepId),
          ConditionExpression: 'attribute_exists(inboxPk) AND #status IN (:approved, :rejected)',
          UpdateExpression: 'REMOVE inboxPk, inboxSk, inboxDueSk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':approved': 'approved', ':rejected': 'rejected' },
        }),
      ),
    );
  }

  /**
   * Reserves a step waiting for an officer for one decision before that decision's effect is applied: an approval
   * writes to the registries (a death, a PIN) before the decision is recorded, and a different decision recorded
   * meanwhile would leave the effect without its approval. The same decision may claim again (a second click, a
   * retry: an approval re-applies its idempotent effect). An approval's claim is never taken over by a rejection,
   * however old: its decider may have died after writing the effect, and only an approval can complete it. A
   * rejection writes nothing before its record, so its claim made before `staleBefore` (its decider died) may be
   * taken over by an approval. If the step cannot be claimed (it is decided, or claimed for the other decision),
   * nothing is written and the current step is returned. `shared`: a live claim for the same decision was there
   * (another approval may be under way), so this one must never give the step up (`releaseClaim`).
   */
  async claimDecision(
    dossierId: string,
    stepId: StepId,
    claim: {
      readonly decision: 'approve' | 'reject';
      readonly actor: string;
      readonly at: string;
      readonly staleBefore: string;
      /**
       * The time of an expired approval's claim that this rejection takes over: only after the caller checked that
       * the approval's effect was not written (StepRule.applied), and only that very claim, still expired.
       */
      readonly expiredApprovalAt?: string;
    },
  ): Promise<
    | { readonly claimed: true; readonly shared: boolean }
    | { readonly claimed: false; readonly step: StoredStep | undefined }
  > {
    const takeOver =
      claim.decision === 'reject' && claim.expiredApprovalAt !== undefined
        ? ' OR (claimedDecision = :approve AND claimedAt = :expiredAt AND claimedAt < :stale)'
        : '';
    try {
      const { Attributes: before } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stepKey(dossierId, stepId),
          ConditionExpression: `#status = :awaiting AND (attribute_not_exists(claimedDecision) OR claimedDecision = :decision OR (claimedDecision = :reject AND claimedAt < :stale)${takeOver})`,
          ReturnValues: 'ALL_OLD',
          UpdateExpression: 'SET claimedDecision = :decision, claimedBy = :by, claimedAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':awaiting': 'awaiting-officer',
            ':decision': claim.decision,
            ':reject': 'reject',
            ':by': claim.actor,
            ':at': claim.at,
            ':stale': claim.staleBefore,
            ...(takeOver ? { ':approve': 'approve', ':expiredAt': claim.expiredApprovalAt } : {}),
          },
        }),
      );
      return { claimed: true, shared: sharedClaim(before, claim) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { claimed: false, step: await this.getStep(dossierId, stepId) };
    }
  }

  /**
   * Gives up a claim made by `claimDecision` whose decision will not be recorded (the step refused it before
   * writing anything), so that the step can be decided otherwise at once. Only this very claim is removed (same
   * decision, actor and time, step still awaiting an officer); false if it is no longer there. Never for a claim
   * that was `shared`: the other decider may be writing its effect.
   */
  async releaseClaim(
    dossierId: string,
    stepId: StepId,
    claim: { readonly decision: 'approve' | 'reject'; readonly actor: string; readonly at: string },
  ): Promise<boolean> {
    return appliedUnlessConditionFails(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: stepKey(dossierId, stepId),
          ConditionExpression:
            '#status = :awaiting AND claimedDecision = :decision AND claimedBy = :by AND claimedAt = :at',
          UpdateExpression: 'REMOVE claimedDecision, claimedBy, claimedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':awaiting': 'awaiting-officer',
            ':decision': claim.decision,
            ':by': claim.actor,
            ':at': claim.at,
          },
        }),
      ),
    );
  }

  /** Sets a step's status after the fact (a reversal), with a timeline event. */
  async reverseStep(dossierId: string, stepId: StepId, event: TimelineEvent, reason: string): Promise<boolean> {
    return appliedUnlessConditionFails(
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: stepKey(dossierId, stepId),
                ConditionExpression: '#status = :approved',
                // A reversed step leaves the inbox even if its approval was never handed to the (now stopped) workflow.
                UpdateExpression:
                  'SET #status = :reversed, reversedAt = :at, reversedBy = :by, reversalReason = :r REMOVE inboxPk, inboxSk, inboxDueSk',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':approved': 'approved',
                  ':reversed': 'reversed',
                  ':at': event.at,
                  ':by': event.actor,
                  ':r': reason,
                },
              },
            },
            { Put: { TableName: this.tableName, Item: this.eventItem(dossierId, event) } },
          ],
        }),
      ),
    );
  }

  /**
   * Open tasks of an agency in a province, soonest due first (GSI byInboxDue); `communeCode` narrows to one commune
   * (commune officers; GSI byInbox, due time within the commune). Pages with an opaque cursor. A task's `status` is `awaiting-officer`, or the decision
   * taken on it while the workflow has not yet been told (deciding the same again delivers it).
   */
  async listInbox(
    agency: Agency,
    provinceCode: string,
    options: { communeCode?: string; limit?: number; cursor?: Record<string, unknown> } = {},
  ): Promise<{ tasks: OfficerTask[]; next?: Record<string, unknown> }> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: options.communeCode ? 'byInbox' : 'byInboxDue',
        KeyConditionExpression: options.communeCode
          ? 'inboxPk = :pk AND begins_with(inboxSk, :commune)'
          : 'inboxPk = :pk',
        ExpressionAttributeValues: {
          ':pk': `${agency}#${provinceCode}`,
          ...(options.communeCode ? { ':commune': `${options.communeCode}#` } : {}),
        },
        Limit: options.limit ?? 50,
        ExclusiveStartKey: options.cursor,
      }),
    );
    const now = new Date().toISOString();
    const tasks = Items.map((i) => ({
      taskId: taskIdOf(String(i.dossierId), i.stepId as StepId),
      dossierId: String(i.dossierId),
      stepId: i.stepId as StepId,
      group: i.group as OfficerTask['group'],
      agency: i.agency as Agency,
      provinceCode: String(i.provinceCode),
      communeCode: String(i.communeCode),
      openedAt: String(i.openedAt),
      dueDate: String(i.dueDate),
      dueAt: String(i.dueAt),
      overdue: i.status === 'awaiting-officer' && String(i.dueAt) < now,
      findings: (i.findings ?? []) as Finding[],
      status: i.status as StepStatus,
    }));
    return LastEvaluatedKey ? { tasks, next: LastEvaluatedKey } : { tasks };
  }

  /** Open steps of a province whose deadline passed before `now` and that were not yet flagged. */
  async listOverdue(provinceCode: string, now: string, limit = 100): Promise<StoredStep[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'duePk = :p AND dueSk < :now',
        ExpressionAttributeValues: { ':p': provinceCode, ':now': now },
        Limit: limit,
      }),
    );
    return Items.map((i) => strip<StoredStep>(i));
  }

  /** Marks an open step as flagged to the supervisor (once), with a timeline event and the notification. */
  async flagOverdue(
    dossierId: string,
    stepId: StepId,
    event: TimelineEvent,
    notifications: readonly NotificationWrite[],
  ): Promise<boolean> {
    return appliedUnlessConditionFails(
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: stepKey(dossierId, stepId),
                ConditionExpression: 'attribute_exists(duePk) AND #status = :awaiting',
                UpdateExpression: 'SET overdueFlaggedAt = :at REMOVE duePk, dueSk',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':at': event.at, ':awaiting': 'awaiting-officer' },
              },
            },
            { Put: { TableName: this.tableName, Item: this.eventItem(dossierId, event) } },
            ...this.notificationPuts(notifications, new Date(event.at)),
          ],
        }),
      ),
    );
  }
}
