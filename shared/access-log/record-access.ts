/**
 * The port every use case that reads personal data depends on. The rule it serves: every read of personal
 * data, by anyone, writes an access-log entry in the same request, before the data leaves the platform.
 * A use case records first and discloses after; if recording fails the request fails, so no disclosure
 * goes unlogged. Denied reads are recorded too (with empty `fields` and a `reason`), so a citizen also sees
 * who tried.
 */
import type { Clock } from '../domain/clock.ts';
import type { AccessEntry, AccessEntryInput, StoredAccessEntry } from './access-entry.ts';
import { AccessEntryInputSchema } from './access-entry.ts';

export type { AccessEntryInput } from './access-entry.ts';

/** What use cases call to log a disclosure. */
export interface AccessRecorder {
  /** Logs one read of one citizen's data. */
  record(entry: AccessEntryInput): Promise<void>;
  /** Logs one request that disclosed several citizens' data (e.g. a parent reading their children). */
  recordMany(entries: readonly AccessEntryInput[]): Promise<void>;
}

/** Storage that appends entries to the citizens' chains (the DynamoDB AccessLogStore, or one in memory). */
export interface AccessLogAppender {
  append(entry: AccessEntry): Promise<StoredAccessEntry>;
  appendMany(entries: readonly AccessEntry[]): Promise<StoredAccessEntry[]>;
}

/**
 * Builds the recorder use cases receive as a port.
 * 1. Validate each entry against the schema: an entry that cannot say who read which fields for what purpose
 *    is a programming error, and the request fails rather than disclose unlogged (a ZodError, i.e. a 500).
 * 2. Fill `at` from the clock when the caller did not (one instant for all entries of one request).
 * 3. Append to each citizen's chain; `recordMany` appends the citizens concurrently.
 */
export const createAccessRecorder = (store: AccessLogAppender, clock: Clock): AccessRecorder => {
  const complete = (input: AccessEntryInput, at: string): AccessEntry => {
    const entry = AccessEntryInputSchema.parse(input);
    return { ...entry, at: entry.at ?? at };
  };
  return {
    async record(input) {
      await store.append(complete(input, clock.now().toISOString()));
    },
    async recordMany(inputs) {
      if (inputs.length === 0) return;
      const at = clock.now().toISOString();
      await store.appendMany(inputs.map((input) => complete(input, at)));
    },
  };
};
