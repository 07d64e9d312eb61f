/** What the oversight use cases need from storage (the DynamoDB AccessLogStore implements both). */
import type { AccessEntryInput } from '../access-log/access-entry.ts';
import type { AccessLogPage, AccessLogPageOptions } from '../access-log/list-my-access-log.ts';

/** Records one request's disclosures of several citizens' data (see shared/access-log/record-access.ts). */
export interface AccessRecorder {
  recordMany(entries: readonly AccessEntryInput[]): Promise<unknown>;
}

export interface AccessorQueryOptions extends AccessLogPageOptions {
  /** ISO instants, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** Reads the entries one accessor (`<type>#<id>`) wrote, across every citizen's chain, newest first. */
export interface AccessorLogReader {
  listByAccessor(accessorId: string, options?: AccessorQueryOptions): Promise<AccessLogPage>;
}
