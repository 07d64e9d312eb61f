/**
 * Group commit for one execution environment: appends about the same citizen that arrive in the same turn of the
 * event loop, or while one is being written, go together in one `appendMany` (which chains a citizen's entries in one
 * transaction). Without it, concurrent appends about one citizen (a life event delivered to four agencies at
 * once) race for the chain's head: one wins, the others are cancelled, re-link and retry with backoff.
 *
 * Each caller still gets its own entries back, in its own order, and its own failure: a batch that fails is
 * retried caller by caller, so one caller's bad entry or busy chain is not another's. Appends about several
 * citizens at once go straight to the store (the store's conditions keep them correct; they are just not
 * coalesced). A request ID already in a batch starts the next batch, so a retried request that arrives beside
 * its first attempt is still recognised by its claim instead of being numbered as a second entry.
 */
import type { AccessEntry, StoredAccessEntry } from './access-entry.ts';
import type { AccessLogAppender } from './record-access.ts';

interface Waiting {
  readonly entries: readonly AccessEntry[];
  readonly resolve: (stored: StoredAccessEntry[]) => void;
  readonly reject: (error: unknown) => void;
}

export const coalesceAppends = (store: AccessLogAppender): AccessLogAppender => {
  /** Citizens with a write in flight, and the callers waiting for it to finish. */
  const queues = new Map<string, Waiting[]>();

  const write = async (batch: readonly Waiting[]) => {
    try {
      const stored = await store.appendMany(batch.flatMap((waiting) => waiting.entries));
      let offset = 0;
      for (const waiting of batch) {
        waiting.resolve(stored.slice(offset, offset + waiting.entries.length));
        offset += waiting.entries.length;
      }
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const waiting of batch) {
        try {
          waiting.resolve(await store.appendMany(waiting.entries));
        } catch (own) {
          waiting.reject(own);
        }
      }
    }
  };

  /** The next batch: waiting callers in order, up to the first whose request ID is already in the batch. */
  const takeBatch = (waiting: Waiting[]): Waiting[] => {
    const batch: Waiting[] = [];
    const requests = new Set<string>();
    while (waiting.length > 0) {
      const ids = (waiting[0] as Waiting).entries.map((entry) => entry.requestId);
      if (ids.some((id) => requests.has(id))) break;
      for (const id of ids) requests.add(id);
      batch.push(waiting.shift() as Waiting);
    }
    return batch;
  };

  /** Writes the citizen's waiting callers, batch after batch, until none is left. */
  const flush = async (pin: string): Promise<void> => {
    const waiting = queues.get(pin) ?? [];
    while (waiting.length > 0) await write(takeBatch(waiting));
    queues.delete(pin);
  };

  const appendMany = (entries: readonly AccessEntry[]): Promise<StoredAccessEntry[]> => {
    const pins = new Set(entries.map((entry) => entry.subjectPin));
    const [pin] = pins;
    if (pins.size !== 1 || pin === undefined) return store.appendMany(entries);
    return new Promise<StoredAccessEntry[]>((resolve, reject) => {
      const waiting = queues.get(pin);
      if (waiting) {
        waiting.push({ entries, resolve, reject });
        return;
      }
      queues.set(pin, [{ entries, resolve, reject }]);
      // After the callers that arrive in the same turn of the event loop (one event's deliveries) have joined.
      setImmediate(() => void flush(pin));
    });
  };

  return {
    appendMany,
    append: async (entry) => (await appendMany([entry]))[0] as StoredAccessEntry,
  };
};
