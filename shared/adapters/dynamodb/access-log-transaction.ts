/**
 * One append transaction of the AccessLog table, both ways: the items it writes (per citizen, a claim and an
 * entry per entry, in order, then the head) and what DynamoDB's cancellation reasons say went wrong for each
 * citizen ("replayed", "moved", "position-taken", "conflict"). They sit together because reading the reasons
 * depends on that item order. Pure functions; the store (access-log-store.ts) sends the transaction and acts
 * on the failures.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredAccessEntry } from '../../access-log/access-entry.ts';
import { accessorIdOf } from '../../access-log/access-entry.ts';
import type { ChainHead } from '../../access-log/hash-chain.ts';
import { entryKey, headKey, toHead } from './access-log-items.ts';

/** Items in one transaction (DynamoDB's limit): a claim and an entry per entry, and one head per citizen. */
export const MAX_ITEMS_PER_TRANSACTION = 100;

/** An entry linked into its citizen's chain, with the key of the request claim written beside it. */
export interface ChainedEntry {
  readonly stored: StoredAccessEntry;
  readonly claim: { readonly pk: string; readonly sk: string };
}

/** One citizen's entries in a transaction and the head they were linked after. */
export interface ChainedGroup {
  readonly head: ChainHead | undefined;
  readonly entries: readonly ChainedEntry[];
}

interface CancellationReason {
  readonly Code?: string;
  readonly Item?: Record<string, AttributeValue>;
}

/** Why one citizen's entries in a cancelled transaction were not written. */
export type AppendFailure =
  /** Entries (by position in the citizen's group) a retried request already wrote: their claims exist. */
  | { readonly kind: 'replayed'; readonly seqs: ReadonlyMap<number, number>; readonly head?: ChainHead | undefined }
  | { readonly kind: 'moved'; readonly head: ChainHead | undefined }
  | { readonly kind: 'position-taken' }
  | { readonly kind: 'conflict' }
  /** Nothing wrong with this entry's items; another entry cancelled the transaction. */
  | { readonly kind: 'innocent' };

/** A claim and the entry for each of one citizen's chained entries, then the head moved to the last one. */
export const appendItems = (tableName: string, { entries, head }: ChainedGroup): object[] => {
  const last = entries.at(-1)?.stored as StoredAccessEntry;
  const items: object[] = entries.flatMap(({ stored, claim }) => {
    // JSON round trip: no undefined values reach the marshaller, whatever the client's options.
    const content = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
    return [
      {
        Put: {
          TableName: tableName,
          Item: { ...claim, seq: stored.seq, at: stored.at },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...entryKey(stored.subjectPin, stored.seq), accessorId: accessorIdOf(stored.accessor), ...content },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  });
  items.push({
    Put: {
      TableName: tableName,
      Item: { ...headKey(last.subjectPin), seq: last.seq, hash: last.hash, updatedAt: last.at },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      ...(head
        ? {
            ConditionExpression: '#seq = :seq AND #hash = :hash',
            ExpressionAttributeNames: { '#seq': 'seq', '#hash': 'hash' },
            ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  });
  return items;
};

/** Whether a failed transaction was cancelled (a condition or a concurrent transaction), so it can be repaired. */
export const isContention = (error: unknown) =>
  ['TransactionCanceledException', 'TransactionConflictException'].includes((error as Error).name);

const failed = (reason: CancellationReason | undefined) => reason?.Code === 'ConditionalCheckFailed';

/**
 * What the cancellation reasons of one citizen's items say: a claim and an entry per entry (in order), then the
 * head.
 */
const failureOf = (reasons: ReadonlyArray<CancellationReason | undefined>): AppendFailure => {
  const head = reasons.at(-1);
  const movedTo = failed(head) ? toHead(head?.Item ? unmarshall(head.Item) : undefined) : undefined;
  const seqs = new Map<number, number>();
  for (let k = 0; 2 * k < reasons.length - 1; k++) {
    const claim = reasons[2 * k];
    if (failed(claim)) seqs.set(k, Number(unmarshall(claim?.Item ?? {}).seq));
  }
  if (seqs.size > 0) return { kind: 'replayed', seqs, ...(failed(head) ? { head: movedTo } : {}) };
  if (failed(head)) return { kind: 'moved', head: movedTo };
  if (reasons.some(failed)) return { kind: 'position-taken' };
  return reasons.every((r) => (r?.Code ?? 'None') === 'None') ? { kind: 'innocent' } : { kind: 'conflict' };
};

/** What went wrong for each citizen's group of a cancelled transaction (`error` is a contention error). */
export const failuresOf = (groups: readonly ChainedGroup[], error: unknown): AppendFailure[] => {
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  let offset = 0;
  return groups.map(({ entries }) => {
    const count = 2 * entries.length + 1;
    const failure = failureOf(Array.from({ length: count }, (_, k) => reasons[offset + k]));
    offset += count;
    return failure;
  });
};
