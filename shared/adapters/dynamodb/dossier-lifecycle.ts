/**
 * A dossier as a whole in the Dossiers table (see dossier-items.ts for the items): its creation at intake with the
 * idempotency record and the subject claim, and its reads; the moves of its status are in dossier-status-moves.ts.
 * Methods of DossierStore.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier, DossierStatus } from '../../dossiers/dossier.ts';
import { kpiOnSubmission } from '../../statistics/dossier-kpis.ts';
import { batchGetAll } from './batch-get.ts';
import {
  type DossierTable,
  type DossierView,
  dossierKey,
  dossierOf,
  dossierPk,
  idempotencyKey,
  isCancelled,
  type NotificationWrite,
  type StoredDossier,
  storedStep,
  strip,
  subjectKey,
  timelineOf,
} from './dossier-items.ts';
import { kpiUpdate } from './dossier-kpi-store.ts';

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
    timeline: timelineOf(items, dossier),
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
  const found = await batchGetAll(
    t.client,
    t.tableName,
    keys.map((k) => ({ pk: k.pk, sk: k.sk })),
  );
  for (const item of found) byPk.set(String(item.pk), item);
  const dossiers = keys.flatMap((k) => {
    const item = byPk.get(String(k.pk));
    if (!item) return [];
    // A completed group's outcome text is derived from its steps (dossierOf), which a list does not read: a list
    // entry carries no outcome rather than one without its text.
    const { outcome, ...dossier } = strip<Dossier>(item);
    return [outcome?.vi === undefined ? dossier : { ...dossier, outcome }];
  });
  // A dossier that has not ended holds the documents its steps issued on their items (dossierOf): read those few whole.
  return Promise.all(dossiers.map(async (d) => (ENDED_STATUSES.has(d.status) ? d : ((await get(t, d.id)) ?? d))));
}

/** The statuses in which a dossier holds all its documents itself (finishDossier copies them; see dossierOf). */
const ENDED_STATUSES: ReadonlySet<DossierStatus> = new Set(['completed', 'rejected', 'failed', 'revoked', 'expired']);
