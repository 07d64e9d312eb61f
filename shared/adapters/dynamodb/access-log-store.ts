/**
 * The AccessLog table adapter (key design: docs/data-model.md). Each citizen's entries form a hash chain
 * under `CITIZEN#<pin>`: entries at `ENTRY#<seq, 12 digits>` and a head item at `HEAD` holding the newest
 * `seq` and `hash`. An append is one transaction that puts the entry only if its position is free and
 * moves the head only if it still points where the writer read it, so two concurrent appends can never
 * fork a chain: one wins, the other re-reads the head and links after it. The head also lets verification
 * notice a deleted newest entry. Entries carry `accessorId` (`<type>#<id>`) and `at` for the `byAccessor`
 * index that oversight queries use; the head carries neither, so it stays out of that index. The keys and item
 * shapes are in access-log-items.ts; the append transaction's items and its cancellation reasons are read in
 * access-log-transaction.ts.
 */
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessEntry, StoredAccessEntry } from '../../access-log/access-entry.ts';
import { AccessEntrySchema, AccessorIdSchema } from '../../access-log/access-entry.ts';
import { decodeCursor, encodeCursor, pageSize } from '../../access-log/cursor.ts';
import type { ChainHead } from '../../access-log/hash-chain.ts';
import { linkEntry } from '../../access-log/hash-chain.ts';
import type {
  AccessLogPage,
  AccessLogPageOptions,
  CitizenAccessLogReader,
} from '../../access-log/list-my-access-log.ts';
import type { AccessLogAppender } from '../../access-log/record-access.ts';
import type { AccessChain, AccessChainReader } from '../../access-log/verify-all-chains.ts';
import { DomainError, ValidationError } from '../../domain/errors.ts';
import * as z from '../../validation/zod.ts';
import {
  AccessorCursorSchema,
  accessLogPk,
  CITIZEN_PREFIX,
  CitizenCursorSchema,
  claimKey,
  ENTRY_PREFIX,
  entryKey,
  HEAD_SK,
  headKey,
  sameHead,
  toHead,
  toStoredEntry,
} from './access-log-items.ts';
import type { AppendFailure, ChainedGroup } from './access-log-transaction.ts';
import { appendItems, failuresOf, isContention, MAX_ITEMS_PER_TRANSACTION } from './access-log-transaction.ts';

// Tests and tools import the keys from here.
export { accessLogPk, claimKey, entryKey, headKey } from './access-log-items.ts';

/** Thrown when appends for one citizen kept colliding; the read must not go ahead unlogged. */
export class AccessLogBusyError extends DomainError {
  constructor(pin: string, attempts: number) {
    super(
      `The access log of citizen ${pin} is busy (${attempts} attempts collided with other reads of the same ` +
        'citizen); nothing was disclosed. Try again in a moment.',
      429,
    );
  }
}

export interface AccessLogStoreOptions {
  /** Attempts per append before giving up with AccessLogBusyError. Default 10. */
  readonly maxAttempts?: number;
  /** Backoff before attempt n+1 is random in [0, min(maxDelayMs, baseDelayMs · 2^(n-1))). Defaults 100 / 2000. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Citizens whose newest head this environment remembers, to append without reading it. Default 10,000. */
  readonly headCacheSize?: number;
}

/** Options of the oversight query: an inclusive time window and paging. */
export interface AccessorQueryOptions extends AccessLogPageOptions {
  /** ISO instants (any offset); inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

const instant = (field: 'from' | 'to', value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!z.iso.datetime({ offset: true }).safeParse(value).success) {
    const message = `Use an ISO 8601 instant such as 2026-03-01T00:00:00Z; "${value}" is not one.`;
    throw new ValidationError(`"${field}" is not a date and time.`, [{ field, message }]);
  }
  return new Date(value).toISOString();
};

export class AccessLogStore implements AccessLogAppender, CitizenAccessLogReader, AccessChainReader {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly headCacheSize: number;
  /** The newest head this environment saw per citizen (least recently used first): the next append's guess. */
  private readonly heads = new Map<string, ChainHead>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: AccessLogStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.headCacheSize = options.headCacheSize ?? 10_000;
  }

  /**
   * Appends one entry to its citizen's chain and returns it as stored (with `seq`, `previousHash`, `hash`).
   * Idempotent per request and subject: a retry of the same request returns the entry it already wrote.
   */
  async append(entry: AccessEntry): Promise<StoredAccessEntry> {
    const [stored] = await this.appendMany([entry]);
    return stored as StoredAccessEntry;
  }

  /**
   * Appends the entries of one request (e.g. a parent reading their three children) and returns them as
   * stored, in the order given; entries of one citizen are chained in that order.
   * 1. Link each entry after the head this environment last saw for its citizen (no read: an unknown
   *    citizen is assumed to have an empty chain), and a citizen's next entries after it. Nothing is read
   *    before the write.
   * 2. Write one transaction per round, up to 100 items: per entry a request claim (`REQUEST#<requestId>#<n>`,
   *    the n-th entry of this request about this citizen) that must not exist and the entry at a free
   *    position; per citizen the head, moved to its last entry only if it is still where it was assumed. So
   *    several entries about one citizen (e.g. one life event's deliveries to four agencies, coalesced) cost one
   *    transaction. It is all-or-nothing; a request too large for one is completed by the next rounds.
   * 3. Repair on a cancelled transaction: the head that DynamoDB returns with the failed condition becomes
   *    the new assumption (no extra read), and an existing claim means this request already wrote that
   *    entry (a Lambda retry), which is read back instead of written twice. Only when a fresh head was
   *    already stale (real contention) does the next round wait a random, growing delay. After
   *    `maxAttempts` rounds: AccessLogBusyError, or a plain error if an entry already sits past the head
   *    (only tampering or a bug can cause that).
   */
  async appendMany(entries: readonly AccessEntry[]): Promise<StoredAccessEntry[]> {
    const ordinals = new Map<string, number>();
    const pending = entries.map((entry, index) => {
      const valid = AccessEntrySchema.parse(entry);
      const key = `${valid.requestId}\u0000${valid.subjectPin}`;
      const ordinal = ordinals.get(key) ?? 0;
      ordinals.set(key, ordinal + 1);
      return { index, entry: valid, claim: claimKey(valid.subjectPin, valid.requestId, ordinal) };
    });
    const stored: StoredAccessEntry[] = new Array(entries.length);
    const attempts = new Map<string, number>();
    let contended = 0;
    const learnt = new Set<string>();
    while (pending.length > 0) {
      // Each citizen's pending entries, in order, as long as their items fit (a citizen's head appears once).
      const round = new Map<string, typeof pending>();
      let items = 0;
      for (const item of pending) {
        const group = round.get(item.entry.subjectPin);
        const cost = group ? 2 : 3;
        if (items + cost > MAX_ITEMS_PER_TRANSACTION) break;
        items += cost;
        if (group) group.push(item);
        else round.set(item.entry.subjectPin, [item]);
      }
      const linked = [...round.entries()].map(([pin, group]) => {
        const head = this.heads.get(pin);
        let previous = head;
        const chained = group.map((item) => {
          const entry = linkEntry(item.entry, previous);
          previous = { seq: entry.seq, hash: entry.hash };
          return { ...item, stored: entry };
        });
        return { pin, head, entries: chained };
      });
      const failures = await this.tryAppend(linked);
      const finished = new Set<number>();
      let stale = false;
      for (const [i, group] of linked.entries()) {
        const failure = failures?.[i];
        const { pin } = group;
        // A guess proved wrong is repaired for free; a head learnt in this call that moved again is contention.
        const contention = failure?.kind === 'conflict' || (failure?.kind === 'moved' && learnt.has(pin));
        if (contention) {
          const tries = (attempts.get(pin) ?? 0) + 1;
          attempts.set(pin, tries);
          if (tries >= this.maxAttempts) throw new AccessLogBusyError(pin, this.maxAttempts);
          stale = true;
        }
        if (failure === undefined) {
          for (const item of group.entries) {
            stored[item.index] = item.stored;
            finished.add(item.index);
          }
          const last = group.entries.at(-1)?.stored;
          if (last) this.remember(pin, { seq: last.seq, hash: last.hash });
        } else if (failure.kind === 'replayed') {
          for (const [k, seq] of failure.seqs) {
            const item = group.entries[k];
            if (!item) continue;
            stored[item.index] = await this.readEntry(pin, seq);
            finished.add(item.index);
          }
          if ('head' in failure) this.remember(pin, failure.head);
        } else if (failure.kind === 'moved') {
          learnt.add(pin);
          this.remember(pin, failure.head);
        } else if (failure.kind === 'position-taken') {
          const first = group.entries[0]?.stored;
          throw new Error(
            `The access log of citizen ${pin} is inconsistent: entry ${first?.seq} exists but ` +
              `the head says ${group.head?.seq ?? 0} entries. Run "npm run audit:verify -- --citizen ${pin}".`,
          );
        }
      }
      const remaining = pending.filter((item) => !finished.has(item.index));
      pending.splice(0, pending.length, ...remaining);
      if (stale && pending.length > 0) {
        contended++;
        await this.sleep(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (contended - 1)));
        // Whatever head was learnt before the wait is likely old now: read the current ones.
        const contendedPins = [...new Set(pending.map((item) => item.entry.subjectPin))];
        await Promise.all(contendedPins.map(async (pin) => this.remember(pin, await this.readHead(pin))));
      }
    }
    return stored;
  }

  /**
   * One page of a citizen's entries, newest first: 50 unless asked, at most 100. `nextCursor` is present only
   * when older entries exist; a malformed cursor is a ValidationError.
   */
  async listForCitizen(pin: string, options: AccessLogPageOptions = {}): Promise<AccessLogPage> {
    const limit = pageSize(options.limit);
    const start = options.cursor ? decodeCursor(options.cursor, CitizenCursorSchema) : undefined;
    return this.page(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
        ExpressionAttributeValues: { ':pk': accessLogPk(pin), ':entry': ENTRY_PREFIX },
        ScanIndexForward: false,
        ...(start ? { ExclusiveStartKey: { pk: accessLogPk(pin), ...start } } : {}),
      },
      limit,
      (item) => ({ sk: item.sk }),
    );
  }

  /**
   * For oversight: what one agency client, officer or citizen read (`accessorId` is `<type>#<id>`), newest
   * first, optionally within an inclusive time window. Reads the `byAccessor` index, which is eventually
   * consistent: an entry appears there a moment after it is written.
   */
  async listByAccessor(accessorId: string, options: AccessorQueryOptions = {}): Promise<AccessLogPage> {
    const parsedId = AccessorIdSchema.safeParse(accessorId);
    if (!parsedId.success) {
      const message = parsedId.error.issues[0]?.message ?? 'Not an accessor ID.';
      throw new ValidationError(message, [{ field: 'accessorId', message }]);
    }
    const limit = pageSize(options.limit);
    const from = instant('from', options.from);
    const to = instant('to', options.to);
    const start = options.cursor ? decodeCursor(options.cursor, AccessorCursorSchema) : undefined;
    const range =
      from && to ? ' AND #at BETWEEN :from AND :to' : from ? ' AND #at >= :from' : to ? ' AND #at <= :to' : '';
    return this.page(
      {
        TableName: this.tableName,
        IndexName: 'byAccessor',
        KeyConditionExpression: `accessorId = :accessor${range}`,
        ...(range ? { ExpressionAttributeNames: { '#at': 'at' } } : {}),
        ExpressionAttributeValues: {
          ':accessor': accessorId,
          ...(from ? { ':from': from } : {}),
          ...(to ? { ':to': to } : {}),
        },
        ScanIndexForward: false,
        ...(start ? { ExclusiveStartKey: { accessorId, ...start } } : {}),
      },
      limit,
      (item) => ({ pk: item.pk, sk: item.sk, at: item.at }),
    );
  }

  /**
   * One citizen's whole chain, oldest first, with its head, as a consistent snapshot: the head is read before
   * and after the entries, and the read is repeated if an append moved it meanwhile (so a concurrent append
   * is never mistaken for a deleted entry).
   */
  async readChain(pin: string): Promise<AccessChain> {
    let chain: AccessChain = { subjectPin: pin, entries: [] };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const before = await this.readHead(pin);
      const entries: StoredAccessEntry[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
            ExpressionAttributeValues: { ':pk': accessLogPk(pin), ':entry': ENTRY_PREFIX },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) entries.push(toStoredEntry(item));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      const after = await this.readHead(pin);
      chain = { subjectPin: pin, entries, head: after };
      if (sameHead(before, after)) break;
    }
    return chain;
  }

  /**
   * Every citizen's chain, one at a time, from a paged scan of the table (items of one citizen come together,
   * entries in order, then the head). Not a snapshot: an append during the scan can make a chain look
   * inconsistent, so callers re-read a chain with problems with `readChain` before reporting it.
   */
  async *allChains(): AsyncGenerator<AccessChain> {
    let current: { subjectPin: string; entries: StoredAccessEntry[]; head?: ChainHead } | undefined;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey }),
      );
      for (const item of page.Items ?? []) {
        const pk = String(item.pk);
        if (!pk.startsWith(CITIZEN_PREFIX)) continue;
        const subjectPin = pk.slice(CITIZEN_PREFIX.length);
        if (current && current.subjectPin !== subjectPin) {
          yield current;
          current = undefined;
        }
        current ??= { subjectPin, entries: [] };
        if (item.sk === HEAD_SK) current.head = toHead(item);
        else if (String(item.sk).startsWith(ENTRY_PREFIX)) current.entries.push(toStoredEntry(item));
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    if (current) yield current;
  }

  /** Remembers the newest head seen for a citizen, forgetting the least recently used beyond the cap. */
  private remember(pin: string, head: ChainHead | undefined) {
    this.heads.delete(pin);
    if (head === undefined) return;
    this.heads.set(pin, head);
    if (this.heads.size > this.headCacheSize) this.heads.delete(this.heads.keys().next().value as string);
  }

  /**
   * Writes one round of linked entries in one transaction. Returns undefined when it committed, else what
   * went wrong for each citizen's group (`innocent` for a group whose items were not at fault).
   */
  private async tryAppend(linked: readonly ChainedGroup[]): Promise<AppendFailure[] | undefined> {
    try {
      await this.client.send(
        new TransactWriteCommand({ TransactItems: linked.flatMap((group) => appendItems(this.tableName, group)) }),
      );
      return undefined;
    } catch (error) {
      if (!isContention(error)) throw error;
      return failuresOf(linked, error);
    }
  }

  /** The entry a request already wrote (found through its claim), as stored. */
  private async readEntry(pin: string, seq: number): Promise<StoredAccessEntry> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: entryKey(pin, seq), ConsistentRead: true }),
    );
    if (!Item) throw new Error(`The access log of citizen ${pin} has a request claim for entry ${seq} but no entry.`);
    return toStoredEntry(Item);
  }

  private async readHead(pin: string): Promise<ChainHead | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: headKey(pin), ConsistentRead: true }),
    );
    return toHead(Item);
  }

  /** Reads until one item more than a page is seen (so `nextCursor` means "there is more"), or the end. */
  private async page(
    input: QueryCommandInput,
    limit: number,
    cursorOf: (item: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<AccessLogPage> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey = input.ExclusiveStartKey;
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, Limit: limit + 1 - items.length, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && items.length <= limit);
    const entries = items.slice(0, limit);
    const last = entries.at(-1);
    return {
      entries: entries.map(toStoredEntry),
      ...(items.length > limit && last ? { nextCursor: encodeCursor(cursorOf(last)) } : {}),
    };
  }
}
