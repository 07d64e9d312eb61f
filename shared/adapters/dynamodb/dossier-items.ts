/**
 * The Dossiers table's items and what every part of DossierStore shares: keys, the stripping of index attributes,
 * the timeline event and notification writes, and the handling of failed conditions. Items (pk / sk):
 * - dossier:      `DOSSIER#<id>` / `DOSSIER`   (GSI byProvinceStatus: `<province>#<status>` / submittedAt, with
 *                                              id and the requeue counters, only while it awaits payment or
 *                                              intake: LISTED_STATUSES in dossier-status-moves.ts; GSI byApplicant: applicantPin /
 *                                              submittedAt, keys only: a step's write copies nothing into them)
 * - step:         `DOSSIER#<id>` / `STEP#<step>`, with the documents its approval issued (`documents`: the dossier's
 *                                              documents are its own and its steps', see `dossierOf`; a dossier that
 *                                              ended holds them all itself, for the applicant's list)
 *                                              (from its opening until its decision reached the workflow, or it
 *                                              was cancelled: GSI byInbox `<agency>#<province>` /
 *                                              `<commune>#<dueAt>#<id>` and GSI byInboxDue `<agency>#<province>` /
 *                                              `<dueAt>#<id>#<step>`; while undecided and not yet flagged
 *                                              overdue: GSI byDue `<province>` / `<dueAt>#<id>#<step>`)
 * - timeline:     `DOSSIER#<id>` / `EVENT#<at>#<kind>#<step>`, except a step's approval, which its step item carries
 *                 (`approvedEvent`), and the dossier's receipt, start and completion (its own fields:
 *                 `submittedAt`, `startedAt`, `outcome`); `timelineOf` merges them all in this order
 * - idempotency:  `IDEMPOTENCY#<applicant pin>#<key>` / `IDEMPOTENCY` → the dossier a submission created, or the
 *                 confirmation (`documentNumber`) a key issued (document-store.ts; an agency's scope is
 *                 `agency#<client_id>`)
 * - subject:      `SUBJECT#<birth or death key>` / `SUBJECT` → the one live dossier for the same birth or death
 *                 (released when that dossier is rejected, fails or is revoked)
 * Every change is one transaction conditioned on the state it moves from, so a retried Lambda, a redelivered
 * message or an officer clicking twice changes nothing the second time; the citizen's notification (an
 * outbox item in the Identity table) is written in the same transaction, so it is sent exactly once.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierDocuments, StepState, TimelineEvent } from '../../dossiers/dossier.ts';
import type {
  DecideOutcome,
  DossierView,
  NotificationWrite,
  StepDecision,
  StoredDossier,
  StoredStep,
} from '../../dossiers/dossier-records.ts';
import { completionText, receivedEvent, startedText } from '../../dossiers/notification-texts.ts';
import { outboxItem } from './identity-store.ts';

export const dossierPk = (id: string) => `DOSSIER#${id}`;
export const dossierKey = (id: string) => ({ pk: dossierPk(id), sk: 'DOSSIER' });
export const stepKey = (id: string, stepId: string) => ({ pk: dossierPk(id), sk: `STEP#${stepId}` });
export const subjectKey = (subject: string) => ({ pk: `SUBJECT#${subject}`, sk: 'SUBJECT' });
export const idempotencyKey = (pin: string, key: string) => ({ pk: `IDEMPOTENCY#${pin}#${key}`, sk: 'IDEMPOTENCY' });

export const isCancelled = (error: unknown) => (error as Error).name === 'TransactionCanceledException';
export const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** Sends a conditional write: true if it was applied, false if its condition (or its transaction's) failed. */
export const appliedUnlessConditionFails = async (sending: Promise<unknown>): Promise<boolean> => {
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

export const strip = <T>(item: Record<string, unknown>): T => {
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
    approvedEvent: _ae,
    startedAt: _sa,
    ...rest
  } = item;
  return rest as T;
};

/** Where a timeline event sorts among a dossier's events: its `EVENT#` sort key without the prefix. */
const timelineOrder = (event: TimelineEvent) => `${event.at}#${event.kind}#${event.stepId ?? '-'}`;

/**
 * A dossier's timeline from its items: the `EVENT#` items, the approval each approved step carries (`approvedEvent`,
 * see decideStep), the receipt, from the dossier item's own fields (`receivedEvent`), and the start, from its
 * `startedAt` (see markStarted; its text is the fixed `startedText`), in the order of their sort keys. Those events
 * are written on the item whose change they record rather than as items of their own: a birth group's receipt, four
 * approvals, start and completion would otherwise be seven more items, 2 WRU each inside their transactions, for what
 * those items already record (the completion: its `outcome`, see completedEvent). A dossier written before its receipt was derived has it as an item too: it is listed once.
 */
export const timelineOf = (
  items: readonly Record<string, unknown>[],
  /** The dossier as dossierOf made it from these items, if the caller has it: its outcome text is not derived again. */
  dossier?: Dossier,
): TimelineEvent[] => {
  const events = new Map<string, TimelineEvent>();
  for (const item of items) {
    const sk = String(item.sk);
    const found: TimelineEvent[] = [];
    if (sk.startsWith('EVENT#')) found.push(strip<TimelineEvent>(item));
    if (sk.startsWith('STEP#') && item.approvedEvent) found.push(item.approvedEvent as TimelineEvent);
    if (sk === 'DOSSIER') {
      found.push(receivedEvent(strip<Dossier>(item)));
      const ended = completedEvent(dossier ?? withOutcomeText(strip<Dossier>(item), items));
      if (ended) found.push(ended);
      if (typeof item.startedAt === 'string') {
        found.push({
          at: item.startedAt,
          kind: 'started',
          actor: 'system',
          text: startedText({ id: String(item.id) }),
        });
      }
    }
    for (const event of found) {
      // The stored item wins over the derived receipt (its text is the one the citizen was sent).
      if (!events.has(timelineOrder(event)) || sk.startsWith('EVENT#')) events.set(timelineOrder(event), event);
    }
  }
  return [...events.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, event]) => event);
};

/**
 * A completed dossier's last event, from its `outcome` (the text the citizen was sent, and when): the move to
 * `completed` writes no event item of its own (see moveStatus). Leaving `completed` (a revoked death registration)
 * replaces the outcome, so that move writes this event as an item first.
 */
export const completedEvent = (dossier: Pick<Dossier, 'status' | 'outcome'>): TimelineEvent | undefined =>
  dossier.status === 'completed' && dossier.outcome
    ? {
        at: dossier.outcome.at,
        kind: 'completed',
        actor: 'system',
        text: { vi: dossier.outcome.vi, en: dossier.outcome.en },
      }
    : undefined;

/** A step item as the store hands it out: its state, the workflow's token, whether an inbox lists it. */
export const storedStep = (item: Record<string, unknown>): StoredStep => {
  const { documents: _documents, ...rest } = strip<StepState & { documents?: unknown }>(item);
  return {
    ...rest,
    ...(item.taskToken ? { taskToken: String(item.taskToken) } : {}),
    ...(item.inboxPk ? { inInbox: true } : {}),
  };
};

/**
 * The dossier from its partition's items: the dossier item, with the documents its steps' approvals issued. A step's
 * approval writes its documents on its own step item rather than on the dossier's (one conditional write, not a
 * transaction of two items, and a dossier item that stays under 1 KB while the group runs); the end of the dossier
 * copies them onto it (finishDossier), so that a list of dossiers read by key shows them.
 */
export const dossierOf = (items: readonly Record<string, unknown>[]): Dossier | undefined => {
  const item = items.find((i) => i.sk === 'DOSSIER');
  if (!item) return undefined;
  const dossier = strip<Dossier>(item);
  const issued = items.filter((i) => String(i.sk).startsWith('STEP#') && i.documents !== undefined);
  if (issued.length === 0) return withOutcomeText(dossier, items);
  return withOutcomeText(
    {
      ...dossier,
      documents: Object.assign({}, dossier.documents, ...issued.map((i) => i.documents as DossierDocuments)),
    },
    items,
  );
};

/**
 * A completed group keeps only when it completed (see storedOutcome in dossier-status-moves.ts): its text is
 * derived again here from the dossier and its steps, as `finishDossier` derived it for the citizen's message. Its
 * documents are on the dossier item by then, and its steps' approvals, with their texts, on the step items. An outcome
 * stored with its text (a dossier completed before, a refusal, a failure) is kept as stored.
 */
const withOutcomeText = (dossier: Dossier, items: readonly Record<string, unknown>[]): Dossier => {
  const outcome = dossier.outcome as Partial<Dossier['outcome']> | undefined;
  if (!outcome?.at || outcome.vi !== undefined || dossier.status !== 'completed') return dossier;
  const others = items.filter((i) => i.sk !== 'DOSSIER');
  const steps = others.filter((i) => String(i.sk).startsWith('STEP#')).map(storedStep);
  return { ...dossier, outcome: { ...completionText(dossier, steps, timelineOf(others)), at: outcome.at } };
};

export type { DecideOutcome, DossierView, NotificationWrite, StepDecision, StoredDossier, StoredStep };

/** The table a DossierStore writes, and the items every part of it writes alike. */
export class DossierTable {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
    /** The Identity table, for the citizen's notifications; functions that never notify run without it. */
    readonly identityTableName?: string,
  ) {}

  eventItem(dossierId: string, event: TimelineEvent) {
    return {
      pk: dossierPk(dossierId),
      sk: `EVENT#${timelineOrder(event)}`,
      type: 'dossier-event',
      ...event,
    };
  }

  notificationPuts(writes: readonly NotificationWrite[] = [], at: Date) {
    if (writes.length > 0 && !this.identityTableName) {
      throw new Error('This function writes notifications but has no IDENTITY_TABLE; grant it the Identity table.');
    }
    return writes.map((w) => ({
      Put: { TableName: this.identityTableName, Item: outboxItem(w.notification, at, w.id) },
    }));
  }
}

/** A part's function: the table first, then the port method's arguments. */
type Part = (table: DossierTable, ...rest: never[]) => unknown;

/** The port methods `parts` become once bound to a table. */
export type BoundParts<P> = {
  readonly [K in keyof P]: P[K] extends (table: DossierTable, ...rest: infer A) => infer R ? (...a: A) => R : never;
};

/**
 * The named parts of the store bound to `table`, as the methods of the port they implement. A function that calls a
 * few of the store's methods wires these, so its bundle holds those parts alone: the DossierStore class references
 * every part, and esbuild cannot drop a class's unused methods.
 */
export const bindParts = <P extends Record<string, Part>>(table: DossierTable, parts: P): BoundParts<P> =>
  Object.fromEntries(
    Object.entries(parts).map(([name, part]) => [name, (...a: never[]) => part(table, ...a)]),
  ) as BoundParts<P>;
