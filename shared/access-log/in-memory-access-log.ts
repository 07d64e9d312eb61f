/**
 * An access log in memory with the same contract as the DynamoDB AccessLogStore (chains, head, newest-first
 * paging with opaque cursors), for unit tests of use cases that record or list accesses. Its `chains` are
 * exposed so a test can tamper with them.
 */
import * as z from 'zod';
import type { AccessEntry, StoredAccessEntry } from './access-entry.ts';
import { AccessEntrySchema } from './access-entry.ts';
import { decodeCursor, encodeCursor, pageSize } from './cursor.ts';
import type { ChainHead } from './hash-chain.ts';
import { linkEntry } from './hash-chain.ts';
import type { AccessLogPage, AccessLogPageOptions, CitizenAccessLogReader } from './list-my-access-log.ts';
import type { AccessLogAppender } from './record-access.ts';
import type { AccessChain, AccessChainReader } from './verify-all-chains.ts';

const CursorSchema = z.strictObject({ seq: z.int().min(1) });

export interface MutableChain {
  entries: StoredAccessEntry[];
  head?: ChainHead | undefined;
}

export class InMemoryAccessLog implements AccessLogAppender, CitizenAccessLogReader, AccessChainReader {
  /** Chains by citizen PIN, entries oldest first. */
  readonly chains = new Map<string, MutableChain>();

  /** Links the entry after its citizen's head and stores it. */
  async append(entry: AccessEntry): Promise<StoredAccessEntry> {
    const valid = AccessEntrySchema.parse(entry);
    const chain = this.chains.get(valid.subjectPin) ?? { entries: [] };
    const stored = linkEntry(valid, chain.head);
    chain.entries.push(stored);
    chain.head = { seq: stored.seq, hash: stored.hash };
    this.chains.set(valid.subjectPin, chain);
    return stored;
  }

  /** Appends each entry in order. */
  async appendMany(entries: readonly AccessEntry[]): Promise<StoredAccessEntry[]> {
    const stored: StoredAccessEntry[] = [];
    for (const entry of entries) stored.push(await this.append(entry));
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
