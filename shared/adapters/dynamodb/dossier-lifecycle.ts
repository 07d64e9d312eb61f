/**
 * A dossier's life as a whole in the Dossiers table (see dossier-items.ts for the items): its creation at intake
 * with the idempotency record and the subject claim, its reads, and the moves of its status (started, ended,
 * revoked) with the cancellations and the release of the subject that go with them. Methods of DossierStore.
 */
import { isDeepStrictEqual } from 'node:util';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { StepId } from '../../dossiers/catalogue.ts';
import type { Dossier, DossierStatus, StepStatus, TimelineEvent } from '../../dossiers/dossier.ts';
import {
  countAlike,
  type KpiChange,
  kpiOnSubmission,
  kpiOnTransition,
  transitionCounts,
} from '../../statistics/dossier-kpis.ts';
import {
  completedEvent,
  type DossierTable,
  type DossierView,
  dossierKey,
  dossierOf,
  dossierPk,
  idempotencyKey,
  isCancelled,
  isConditionFailure,
  type NotificationWrite,
  type StoredDossier,
  stepKey,
  storedStep,
  strip,
  subjectKey,
  timelineOf,
} from './dossier-items.ts';
import { kpiUpdate } from './dossier-kpi-store.ts';

/**
 * The statuses the byProvinceStatus index lists, for the sweeps that read it: stalled intake (`submitted`) and unpaid
 * dossiers (`awaiting-payment`). A dossier leaves the index when its workflow starts, since nothing reads the dossiers
 * in progress by province (the officers' inboxes list steps, the indicators count): moving it to a `processing`
 * partition, then deleting it at the end, cost 3 index writes per dossier for no reader.
 */
export const LISTED_STATUSES: ReadonlySet<DossierStatus> = new Set(['awaiting-payment', 'submitted']);

/**
 * The update of a status move: the status, its index key while listed, the outcome, and whether the dossier is counted
 * as completed on time (kept on it so that leaving `completed` takes back just that).
 */
const moveExpression = (to: DossierStatus, extra: MoveExtra, kpi: KpiChange | undefined): string => {
  const set = [
    '#status = :to',
    ...(extra.outcome ? ['outcome = :outcome'] : []),
    ...(extra.documents ? ['documents = :documents'] : []),
  ];
  const remove: string[] = [];
  if (LISTED_STATUSES.has(to)) set.push('provinceStatus = :ps');
  else remove.push('provinceStatus');
  if (kpi?.delta.completedOnTime === 1) set.push('countedOnTime = :true');
  if (kpi?.delta.completedOnTime === -1) remove.push('countedOnTime');
  return `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;
};

export interface MoveExtra {
  readonly outcome?: Dossier['outcome'];
  readonly provinceCode?: string;
  readonly notifications?: readonly NotificationWrite[];
  readonly stepUpdates?: readonly { stepId: StepId; status: StepStatus; reason?: string }[];
  /** Frees the dossier's subject, so a new dossier for the same birth or death can be submitted. */
  readonly releaseSubject?: boolean;
  /** Every document the dossier issued, copied onto its item as it ends (see dossierOf). */
  readonly documents?: Dossier['documents'];
  /**
   * The dossier as the caller has just read it (strongly consistent), which spares reading it again: the write is
   * conditioned on its status, and a dossier that moved since is read afresh.
   */
  readonly read?: Dossier;
}

/**
 * Writes a new dossier with its idempotency record (its first timeline event follows from the dossier item:
 * receivedEvent, see timelineOf), its subject claim, its indicators and the applicant's message. If the applicant already used
 * the key, nothing is written and the dossier it created is returned (`created: false`); if that earlier
 * request was a different one, `fingerprint` differs and the caller refuses.
 */
export async function create(
  t: DossierTable,
  dossier: Dossier,
  idempotency: { readonly key: string; readonly fingerprint: string },
  notifications: readonly NotificationWrite[] = [],
  subject?: string,
): Promise<
  | { created: true }
  | { created: false; reason: 'idempotency'; dossierId: string; fingerprint: string }
  | { created: false; reason: 'subject'; dossierId: string }
> {
  try {
    await t.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: t.tableName,
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
              TableName: t.tableName,
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
                    TableName: t.tableName,
                    Item: { ...subjectKey(subject), type: 'subject-claim', dossierId: dossier.id },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : []),
          kpiUpdate(t.tableName, kpiOnSubmission(dossier)),
          ...t.notificationPuts(notifications, new Date(dossier.submittedAt)),
        ],
      }),
    );
    return { created: true };
  } catch (error) {
    if (!isCancelled(error)) throw error;
    const existing = await findByIdempotencyKey(t, dossier.applicantPin, idempotency.key);
    if (existing) return { created: false, reason: 'idempotency', ...existing };
    if (subject) {
      const { Item } = await t.client.send(
        new GetCommand({ TableName: t.tableName, Key: subjectKey(subject), ConsistentRead: true }),
      );
      if (Item) return { created: false, reason: 'subject', dossierId: String(Item.dossierId) };
    }
    throw error;
  }
}

export async function findByIdempotencyKey(
  t: DossierTable,
  pin: string,
  key: string,
): Promise<{ dossierId: string; fingerprint: string } | undefined> {
  const { Item } = await t.client.send(
    new GetCommand({ TableName: t.tableName, Key: idempotencyKey(pin, key), ConsistentRead: true }),
  );
  return Item ? { dossierId: String(Item.dossierId), fingerprint: String(Item.fingerprint) } : undefined;
}

/** The items of a dossier's partition (dossier, steps, events), strongly consistent. */
async function partition(t: DossierTable, id: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await t.client.send(
      new QueryCommand({
        TableName: t.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': dossierPk(id) },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * The dossier, its steps as stored (with the workflow's token) and its timeline (oldest first), in one strongly
 * consistent query of its partition: a step's task reads its dossier and its step in one request.
 */
export async function load(t: DossierTable, id: string): Promise<StoredDossier | undefined> {
  const items = await partition(t, id);
  const dossier = dossierOf(items);
  if (!dossier) return undefined;
  return {
    dossier,
    steps: items.filter((i) => String(i.sk).startsWith('STEP#')).map(storedStep),
    timeline: timelineOf(items),
  };
}

/** The dossier with every document it has issued (see dossierOf), strongly consistent. */
export async function get(t: DossierTable, id: string): Promise<Dossier | undefined> {
  return dossierOf(await partition(t, id));
}

/** The dossier, its steps and its timeline (oldest first), in one strongly consistent query. */
export async function view(t: DossierTable, id: string): Promise<DossierView | undefined> {
  const loaded = await load(t, id);
  if (!loaded) return undefined;
  return {
    dossier: loaded.dossier,
    steps: loaded.steps.map(({ taskToken: _token, ...step }) => step),
    timeline: loaded.timeline,
  };
}

/**
 * The applicant's dossiers, newest first. The byApplicant index holds only keys (infra/topology.ts: a step's write
 * then never copies the dossier into it again), so the dossiers themselves are read by key, at most 100 a request.
 */
export async function listByApplicant(t: DossierTable, pin: string, limit = 50): Promise<Dossier[]> {
  const { Items: keys = [] } = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
      IndexName: 'byApplicant',
      KeyConditionExpression: 'applicantPin = :pin',
      ExpressionAttributeValues: { ':pin': pin },
      ScanIndexForward: false,
      Limit: Math.min(limit, 100),
    }),
  );
  const byPk = new Map<string, Record<string, unknown>>();
  let wanted: Record<string, unknown>[] = keys.map((k) => ({ pk: k.pk, sk: k.sk }));
  for (let attempt = 0; wanted.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
    const { Responses, UnprocessedKeys } = await t.client.send(
      new BatchGetCommand({ RequestItems: { [t.tableName]: { Keys: wanted } } }),
    );
    for (const item of Responses?.[t.tableName] ?? []) byPk.set(String(item.pk), item);
    wanted = UnprocessedKeys?.[t.tableName]?.Keys ?? [];
    if (wanted.length > 0 && attempt >= 8) throw new Error(`Could not read the dossiers of ${pin}; retry.`);
  }
  const dossiers = keys.flatMap((k) => {
    const item = byPk.get(String(k.pk));
    return item ? [strip<Dossier>(item)] : [];
  });
  // A dossier that has not ended holds the documents its steps issued on their items (dossierOf): read those few whole.
  return Promise.all(dossiers.map(async (d) => (ENDED_STATUSES.has(d.status) ? d : ((await get(t, d.id)) ?? d))));
}

/** The statuses in which a dossier holds all its documents itself (finishDossier copies them; see dossierOf). */
const ENDED_STATUSES: ReadonlySet<DossierStatus> = new Set(['completed', 'rejected', 'failed', 'revoked', 'expired']);

/**
 * Moves the dossier from `submitted` to `processing` once its workflow runs. Returns false (and writes
 * nothing) if it had already moved.
 */
export async function markStarted(t: DossierTable, id: string, event: TimelineEvent): Promise<boolean> {
  // One conditional update, not a transaction: the move counts nothing (open to open) and leaves the byProvinceStatus
  // index; its timeline event is the dossier's `startedAt` (timelineOf), a few bytes rather than an item of its own
  // or a copy of its text, which would take most dossier items past 1 KB and double every later write of them.
  try {
    await t.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: dossierKey(id),
        ConditionExpression: '#status = :from',
        UpdateExpression: 'SET #status = :to, startedAt = :at REMOVE provinceStatus',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': 'submitted', ':to': 'processing', ':at': event.at },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Moves the dossier's status from one of `from` to `to`, with a timeline event, documents and notifications
 * in the same transaction; false (nothing written) if the dossier was not in one of `from`. `stepUpdates`
 * (cancellations) apply only to steps never opened or still undecided and not claimed by an approval. If anything
 * else stops the transaction (a step decided or claimed meanwhile, the subject claim not this dossier's, a
 * concurrent transaction), nothing is written and a ConflictError says to retry: the caller's retry reads the
 * dossier and its steps afresh.
 */
export async function moveStatus(
  t: DossierTable,
  id: string,
  from: readonly DossierStatus[],
  to: DossierStatus,
  event: TimelineEvent,
  extra: MoveExtra = {},
): Promise<boolean> {
  const counts = transitionCounts(from, to);
  // Leaving `completed` replaces the outcome its completion event is derived from (completedEvent): that move needs
  // the dossier, to write the event as an item first.
  const leavesCompleted = to !== 'completed' && from.includes('completed');
  for (let attempt = 0; ; attempt++) {
    // Read only for what needs it: the province of an index key, the subject to release, the counters.
    const needsDossier =
      extra.releaseSubject || counts || leavesCompleted || (LISTED_STATUSES.has(to) && !extra.provinceCode);
    const dossier = needsDossier ? (attempt === 0 && extra.read ? extra.read : await get(t, id)) : undefined;
    let condition = from;
    if (leavesCompleted && dossier) {
      // Conditioned on having read `completed` or not, so the event kept matches the status actually left.
      condition = dossier.status === 'completed' ? ['completed'] : from.filter((s) => s !== 'completed');
    }
    let kpi: KpiChange | undefined;
    if (counts) {
      if (!dossier || !from.includes(dossier.status)) return false;
      // The indicators move out of the bucket of the status moved from: if the statuses of `from` count differently,
      // the write is conditioned on the very status read, so the counters always match the change made.
      if (!countAlike(dossier, condition)) condition = [dossier.status];
      kpi = kpiOnTransition(dossier, condition, to, event.at);
    }
    const moved = await moveStatusOnce(t, id, condition, to, event, extra, dossier, kpi);
    // Narrowed and the status changed since it was read: read it again (it may still be one to move from).
    if (moved || condition === from || attempt >= 2) return moved;
  }
}

/**
 * The event items of a move: its event, unless it is the completion its outcome already holds (completedEvent), and
 * the completion of a dossier leaving `completed`, whose outcome the move replaces.
 */
function eventsToWrite(
  to: DossierStatus,
  event: TimelineEvent,
  extra: MoveExtra,
  dossier: Dossier | undefined,
): TimelineEvent[] {
  const derived = completedEvent({ status: to, outcome: extra.outcome });
  const events = derived && isDeepStrictEqual(derived, event) ? [] : [event];
  const left = to !== 'completed' && dossier ? completedEvent(dossier) : undefined;
  return left ? [left, ...events] : events;
}

async function moveStatusOnce(
  t: DossierTable,
  id: string,
  from: readonly DossierStatus[],
  to: DossierStatus,
  event: TimelineEvent,
  extra: MoveExtra,
  dossier: Dossier | undefined,
  kpi: KpiChange | undefined,
): Promise<boolean> {
  const provinceCode = extra.provinceCode ?? dossier?.provinceCode;
  // No province for an index key: the dossier does not exist (a missing one also fails the status condition).
  if (LISTED_STATUSES.has(to) && !provinceCode) return false;
  const subject = extra.releaseSubject ? dossier?.subject : undefined;
  const fromValues = Object.fromEntries(from.map((s, i) => [`:from${i}`, s]));
  try {
    await t.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: t.tableName,
              Key: dossierKey(id),
              ConditionExpression: `#status IN (${Object.keys(fromValues).join(', ')})`,
              UpdateExpression: moveExpression(to, extra, kpi),
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ...fromValues,
                ':to': to,
                ...(LISTED_STATUSES.has(to) ? { ':ps': `${provinceCode}#${to}` } : {}),
                ...(extra.outcome ? { ':outcome': extra.outcome } : {}),
                ...(extra.documents ? { ':documents': extra.documents } : {}),
                ...(kpi?.delta.completedOnTime === 1 ? { ':true': true } : {}),
              },
            },
          },
          ...(extra.stepUpdates ?? []).map((u) => ({
            Update: {
              TableName: t.tableName,
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
                    TableName: t.tableName,
                    Key: subjectKey(subject),
                    ConditionExpression: 'dossierId = :id',
                    ExpressionAttributeValues: { ':id': id },
                  },
                },
              ]
            : []),
          ...eventsToWrite(to, event, extra, dossier).map((e) => ({
            Put: { TableName: t.tableName, Item: t.eventItem(id, e) },
          })),
          ...(kpi ? [kpiUpdate(t.tableName, kpi)] : []),
          ...t.notificationPuts(extra.notifications, new Date(event.at)),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!isCancelled(error)) throw error;
    // The first item is the dossier's own update: only its condition failing means "not in a from-state".
    const reasons = (error as { CancellationReasons?: readonly ({ Code?: string } | undefined)[] }).CancellationReasons;
    if (reasons && reasons.length > 0) {
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
    } else {
      const current = await get(t, id);
      if (!current || !from.includes(current.status)) return false;
    }
    throw new ConflictError(
      `Dossier ${id} or one of its steps changed meanwhile (a step was decided, or another change was being written); retry.`,
    );
  }
}
