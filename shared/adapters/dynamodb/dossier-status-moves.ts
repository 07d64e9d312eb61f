/**
 * The moves of a dossier's status in the Dossiers table (see dossier-items.ts for the items): its start, and its end
 * (completed, rejected, failed), revocation or expiry, each with the event, the indicators, the cancellations, the
 * release of the subject and the citizen's notifications that go with it, in one transaction conditioned on the
 * status it moves from. Methods of DossierStore.
 */
import { isDeepStrictEqual } from 'node:util';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { Dossier, DossierStatus, TimelineEvent } from '../../dossiers/dossier.ts';
import type { MoveExtra } from '../../dossiers/dossier-records.ts';
import { countAlike, type KpiChange, kpiOnTransition, transitionCounts } from '../../statistics/dossier-kpis.ts';
import {
  completedEvent,
  type DossierTable,
  dossierKey,
  isCancelled,
  isConditionFailure,
  stepKey,
  subjectKey,
} from './dossier-items.ts';
import { kpiUpdate } from './dossier-kpi-store.ts';
import { get } from './dossier-lifecycle.ts';

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

export type { MoveExtra };

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

/**
 * The outcome as the dossier item keeps it: a completion whose text follows from the dossier and its steps
 * (`outcomeFromSteps`) keeps its time alone, which dossierOf derives the text from again. The text in both languages
 * is most of a completed dossier item (about 1.1 KB of a birth group's 1.9 KB): without it the item stays under 1 KB,
 * 2 WRU in the completing transaction instead of 4.
 */
const storedOutcome = (to: DossierStatus, extra: MoveExtra) =>
  to === 'completed' && extra.outcomeFromSteps && extra.outcome ? { at: extra.outcome.at } : extra.outcome;

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
                ...(extra.outcome ? { ':outcome': storedOutcome(to, extra) } : {}),
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
