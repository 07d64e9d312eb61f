/**
 * `GET /v1/oversight/access-log?accessor=`: what one agency client, officer or citizen read, for an inspector of the
 * personal-data protection authority (the `inspector` role of the e-ID account, see shared/identity/account.ts).
 *
 * The answer names the citizens whose data the accessor read, and what was read: itself a disclosure of those
 * citizens' personal data. So the inspector's read is recorded in the access log of every citizen on the page
 * before the page is returned (each citizen sees that an inspector looked at who read their data), and those
 * entries are in turn found by querying the inspector as an accessor: who watches the watchers is on record.
 */

import { AccessorIdSchema, type StoredAccessEntry } from '../access-log/access-entry.ts';
import { MAX_PAGE_SIZE } from '../access-log/cursor.ts';
import { type Principal, requireInspector } from '../auth/principal.ts';
import { ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import type { AccessorLogReader, AccessRecorder } from './ports.ts';

const instant = z.iso.datetime({
  offset: true,
  error: 'Use an ISO 8601 date and time with a zone, such as 2026-03-01T00:00:00Z.',
});

/** The query string. */
export const OversightQuerySchema = z.strictObject(
  {
    accessor: AccessorIdSchema,
    from: z.optional(instant),
    to: z.optional(instant),
    limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE))),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'Only "accessor", "from", "to", "limit" and "cursor" are accepted.'
        : undefined,
  },
);
export type OversightQuery = z.infer<typeof OversightQuerySchema>;

export interface OversightPage {
  readonly accessor: string;
  /** As stored, newest first: the inspector sees officers' PINs, which citizens do not. */
  readonly entries: readonly StoredAccessEntry[];
  readonly nextCursor?: string;
}

/** What the inspector's read is recorded as. */
export const OVERSIGHT_PURPOSE = 'access-log-oversight';
export const OVERSIGHT_FIELDS = ['accessLog.accessor', 'accessLog.fields', 'accessLog.purpose', 'accessLog.at'];
const OVERSIGHT_BASIS =
  'Oversight of the processing of personal data by the personal-data protection authority (Law on Identification 2023, art. 10; Decree 13/2023/NĐ-CP)';

/**
 * Lists what one accessor read, for an inspector.
 * 1. The caller must be an inspector at level 2 (403 otherwise); the query must be valid (400 naming the field).
 * 2. Read one page of the accessor's entries from the `byAccessor` index (newest first, optional window).
 * 3. Record the inspector's read in the log of every citizen on the page (nothing is recorded for an empty page:
 *    nothing was disclosed); if recording fails, nothing is returned.
 * 4. Return the page with its cursor.
 */
export const listAccessesByAccessor =
  (deps: { readonly accessLog: AccessorLogReader; readonly recorder: AccessRecorder }) =>
  async (principal: Principal | undefined, query: OversightQuery, requestId: string): Promise<OversightPage> => {
    const inspector = requireInspector(principal);
    if (query.from && query.to && new Date(query.from) > new Date(query.to)) {
      const message = '"from" must not be later than "to".';
      throw new ValidationError(message, [{ field: 'from', message }]);
    }
    const page = await deps.accessLog.listByAccessor(query.accessor, {
      from: query.from,
      to: query.to,
      limit: query.limit,
      cursor: query.cursor,
    });
    const subjects = [...new Set(page.entries.map((entry) => entry.subjectPin))];
    await deps.recorder.recordMany(
      subjects.map((subjectPin) => ({
        subjectPin,
        accessor: { type: 'officer' as const, id: inspector.pin, agency: inspector.inspector },
        onBehalfOf: `oversight of ${query.accessor}`,
        fields: OVERSIGHT_FIELDS,
        purpose: OVERSIGHT_PURPOSE,
        legalBasis: OVERSIGHT_BASIS,
        outcome: 'granted' as const,
        requestId,
      })),
    );
    return {
      accessor: query.accessor,
      entries: page.entries,
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  };
