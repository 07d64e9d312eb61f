/**
 * `GET /v1/me/access-log`: the citizen's Data Tracker. Who read my data (the agency, the officer and their
 * agency, the company's system), when, which fields, for what purpose, on what legal basis, and which
 * attempts were refused, newest first, a page at a time.
 *
 * Reading one's own access log is NOT itself logged. Every entry would add an entry to the log being read,
 * so each look would change what is seen and the chain would grow without end from the citizen's own
 * curiosity; and the log discloses nothing about the citizen that the citizen does not already know. Reads
 * of a citizen's log by anyone else (oversight, support staff) are disclosures and must be recorded.
 */
import * as z from '../validation/zod.ts';
import type { Accessor, StoredAccessEntry } from './access-entry.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './cursor.ts';

export interface AccessLogPageOptions {
  /** Entries per page: 50 unless asked, at most 100. */
  readonly limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | undefined;
}

export interface AccessLogPage {
  /** Newest first. */
  readonly entries: StoredAccessEntry[];
  /** Present when there are older entries. */
  readonly nextCursor?: string;
}

/** Reads one citizen's entries a page at a time (the DynamoDB AccessLogStore, or one in memory). */
export interface CitizenAccessLogReader {
  listForCitizen(pin: string, options?: AccessLogPageOptions): Promise<AccessLogPage>;
}

/** The query string of `GET /v1/me/access-log`. */
export const MyAccessLogQuerySchema = z.strictObject(
  {
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE))),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
    /** Only entries by this kind of accessor. */
    accessor: z.optional(z.enum(['you', 'citizen', 'officer', 'agency'])),
    /** Only entries with this purpose code (e.g. `hospital-checkin`). */
    purpose: z.optional(
      z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'A purpose code is lowercase letters, digits and hyphens.')),
    ),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? 'Only "limit", "cursor", "accessor" and "purpose" are accepted.' : undefined,
  },
);
export type MyAccessLogQuery = z.infer<typeof MyAccessLogQuerySchema>;

/** One line of the citizen's view. PINs of officers are not shown; their name and agency are. */
export const AccessLogViewEntrySchema = z.object({
  /** Position in the citizen's chain: 1 is the first read ever recorded. */
  seq: z.int(),
  at: z.string(),
  who: z.object({
    kind: z.enum(['you', 'citizen', 'officer', 'agency']),
    /** What to show, e.g. "Bệnh viện Bạch Mai", "Nguyễn Văn An (Công an phường Ba Đình)", "You". */
    label: z.string(),
    agency: z.optional(z.string()),
    /** The OAuth client that read, for agencies. */
    clientId: z.optional(z.string()),
  }),
  onBehalfOf: z.optional(z.string()),
  fields: z.array(z.string()),
  purpose: z.string(),
  legalBasis: z.string(),
  outcome: z.enum(['granted', 'denied']),
  reason: z.optional(z.string()),
  channel: z.optional(z.enum(['api', 'portal'])),
});
export type AccessLogViewEntry = z.infer<typeof AccessLogViewEntrySchema>;

export const MyAccessLogPageSchema = z.object({
  entries: z.array(AccessLogViewEntrySchema),
  nextCursor: z.optional(z.string()),
});
export type MyAccessLogPage = z.infer<typeof MyAccessLogPageSchema>;

const who = (accessor: Accessor, citizenPin: string): AccessLogViewEntry['who'] => {
  const agency = accessor.agency === undefined ? {} : { agency: accessor.agency };
  switch (accessor.type) {
    case 'citizen':
      return accessor.id === citizenPin
        ? { kind: 'you', label: 'You' }
        : { kind: 'citizen', label: accessor.name ?? 'Another citizen', ...agency };
    case 'officer': {
      const label = accessor.name
        ? `${accessor.name}${accessor.agency ? ` (${accessor.agency})` : ''}`
        : accessor.agency
          ? `An officer of ${accessor.agency}`
          : 'A state officer';
      return { kind: 'officer', label, ...agency };
    }
    case 'agency':
      return {
        kind: 'agency',
        label: accessor.name ?? accessor.agency ?? accessor.id,
        ...agency,
        clientId: accessor.id,
      };
  }
};

/** Shapes a stored entry for the citizen whose data it concerns. */
export const toViewEntry = (entry: StoredAccessEntry, citizenPin: string): AccessLogViewEntry => ({
  seq: entry.seq,
  at: entry.at,
  who: who(entry.accessor, citizenPin),
  ...(entry.onBehalfOf === undefined ? {} : { onBehalfOf: entry.onBehalfOf }),
  fields: entry.fields,
  purpose: entry.purpose,
  legalBasis: entry.legalBasis,
  outcome: entry.outcome,
  ...(entry.reason === undefined ? {} : { reason: entry.reason }),
  ...(entry.channel === undefined ? {} : { channel: entry.channel }),
});

/** With a filter, at most this many pages of the log are read for one answer (the cursor then goes on from there). */
const MAX_FILTERED_PAGES = 10;

/**
 * Lists the signed-in citizen's access log, newest first.
 * 1. Read one page of the citizen's entries (50 unless asked, at most 100) after the cursor, if any; a
 *    malformed cursor is a ValidationError.
 * 2. Shape each entry for display: who (you, another citizen, the officer and their agency, the
 *    organisation and its client), when, which fields, purpose, legal basis, outcome and reason.
 * 3. With a filter (`accessor`, `purpose`), keep the matching entries and read further pages until `limit` match,
 *    the log ends, or MAX_FILTERED_PAGES pages were read: a page may then hold fewer (or a few more) than `limit`.
 * 4. Return the cursor of the next page when there are older entries.
 * The caller passes the PIN of the authenticated citizen; this read is deliberately not logged (see above).
 */
export const listMyAccessLog =
  (deps: { accessLog: CitizenAccessLogReader }) =>
  async (citizenPin: string, query: MyAccessLogQuery = {}): Promise<MyAccessLogPage> => {
    const filtered = query.accessor !== undefined || query.purpose !== undefined;
    const matches = (entry: AccessLogViewEntry) =>
      (query.accessor === undefined || entry.who.kind === query.accessor) &&
      (query.purpose === undefined || entry.purpose === query.purpose);
    const wanted = query.limit ?? DEFAULT_PAGE_SIZE;
    const entries: AccessLogViewEntry[] = [];
    let cursor = query.cursor;
    for (let read = 0; read < (filtered ? MAX_FILTERED_PAGES : 1); read++) {
      const page = await deps.accessLog.listForCitizen(citizenPin, { limit: query.limit, cursor });
      entries.push(...page.entries.map((entry) => toViewEntry(entry, citizenPin)).filter(matches));
      cursor = page.nextCursor;
      if (cursor === undefined || entries.length >= wanted) break;
    }
    return { entries, ...(cursor === undefined ? {} : { nextCursor: cursor }) };
  };
