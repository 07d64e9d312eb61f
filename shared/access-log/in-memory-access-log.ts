/**
 * An access log in memory with the same contract as the DynamoDB AccessLogStore (chains, head, newest-first
 * paging with opaque cursors), for unit tests of use cases that record or list accesses. Its `chains` are
 * exposed so a test can tamper with them.
 */
import * as z from '../validation/zod.ts';
import type { AccessEntry, StoredAccessEntry } from './access-entry.ts';
import { AccessEntrySchema } from './access-entry.ts';
import { decodeCursor, encodeCursor, pageSize } from './cursor.ts';
import type { ChainHead } from './hash-chain.ts';
import { linkEntry } from './hash-chain.ts';
import type { AccessLogPage, AccessLogPageOptions, CitizenAccessLogReader } from './list-my-access-log.ts';
import type { AccessLogAppender } from './record-access.ts';
import type { AccessChain, AccessChainReader } from './verify-all-chains.ts';

const CursorSchema = z.strictObject({ seq: z.int().check(z.gte(1)) });

export interface MutableChain {
  entries: StoredAccessEntry[];
  head?: ChainHead | undefined;
}

export class InMemoryAccessLog implements AccessLogAppender, CitizenAccessLogReader, AccessChainReader {
  /** Chains by citizen PIN, entries oldest first. */
  readonly chains = new Map<string, MutableChain>();

  /** Which entry (seq) each request's n-th entry about a citizen became: a replay returns it. */
  private readonly claims = new Map<string, number>();

  /** Links the entry after its citizen's head and stores it; a retry of the same request returns that entry. */
  async append(entry: AccessEntry): Promise<StoredAccessEntry> {
    return (await this.appendMany([entry]))[0] as StoredAccessEntry;
  }

  /** Appends each entry in order, each at most once per request, subject and position in the request. */
  async appendMany(entries: readonly AccessEntry[]): Promise<StoredAccessEntry[]> {
    const ordinals = new Map<string, number>();
    const stored: StoredAccessEntry[] = [];
    for (const entry of entries) {
      const valid = AccessEntrySchema.parse(entry);
      const request = `${valid.subjectPin}\u0000${valid.requestId}`;
      const ordinal = ordinals.get(request) ?? 0;
      ordinals.set(request, ordinal + 1);
      const claim = `${request}\u0000${ordinal}`;
      const replayed = this.claims.get(claim);
      const existing = this.chains.get(valid.subjectPin)?.entries.find((e) => e.seq === replayed);
      if (existing) {
        stored.push(existing);
        continue;
      }
      const appended = this.link(valid);
      this.claims.set(claim, appended.seq);
      stored.push(appended);
    }
    return stored;
  }

  private link(valid: AccessEntry): StoredAccessEntry {
    const chain = this.chains.get(valid.subjectPin) ?? { entries: [] };
    const stored = linkEntry(valid, chain.head);
    chain.entries.push(stored);
    chain.head = { seq: stored.seq, hash: stored.hash };
    this.chains.set(valid.subjectPin, chain);
    return stored;
  }

  /** One page of a citizen's entries, newest first (same limits and cursor errors as the DynamoDB store). */
  async listForCitizen(pin: string, options: AccessLogPageOptions = {}): Promise<AccessLogPage> {
    const limit = pageSize(options.limit);
    const before = options.cursor ? decodeCursor(options.cursor, CursorSchema).seq : Number.POSITIVE_INFINITY;
    const older = [...(this.chains.get(pin)?.entries ?? [])].reverse().filter((entry) => entry.seq < before);
    const entries = older.slice(0, limit);
    const last = entries.at(-1);
    return {
      entries,
      ...(older.length > limit && last ? { nextCursor: encodeCursor({ seq: last.seq }) } : {}),
    };
  }

  /** A copy of one citizen's chain. */
  async readChain(pin: string): Promise<AccessChain> {
    const chain = this.chains.get(pin);
    return { subjectPin: pin, entries: [...(chain?.entries ?? [])], head: chain?.head };
  }

  /** Copies of all chains. */
  async *allChains(): AsyncGenerator<AccessChain> {
    for (const pin of this.chains.keys()) yield this.readChain(pin);
  }
}
