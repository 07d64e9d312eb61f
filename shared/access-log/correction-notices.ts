/**
 * Telling earlier readers that a citizen's record was corrected. An agency that read a field before it was corrected
 * holds the wrong value; the citizen's access log says exactly who read which field, so it also says whom to tell.
 * Each reader told gets one entry in the citizen's access log (purpose `record-correction-notice`, the reader as
 * accessor, the corrected fields it had read): the citizen sees who was told, and oversight can list an agency's
 * notices by accessor (`byAccessor` index). Agencies subscribed to `Record Corrected` also receive the change itself
 * on the life-event feed (shared/feed/).
 */
import { CITIZEN_PORTAL } from '../identity/clients.ts';
import type { Accessor, StoredAccessEntry } from './access-entry.ts';
import type { CitizenAccessLogReader } from './list-my-access-log.ts';
import type { AccessRecorder } from './record-access.ts';

export const CORRECTION_NOTICE_PURPOSE = 'record-correction-notice';
export const CORRECTION_NOTICE_LEGAL_BASIS =
  "Law on Identification 2023 (26/2023/QH15); Decree 70/2024/NĐ-CP: NPDB information adjusted on the citizen's request";

/** The ports the notices need: the citizen's log to read, and the recorder that appends to it. */
export interface CorrectionNoticePorts {
  readonly reader: CitizenAccessLogReader;
  readonly recorder: AccessRecorder;
}

export interface CorrectionNotice {
  readonly accessor: Accessor & { readonly type: 'agency' };
  /** The corrected fields this reader had read. */
  readonly fields: readonly string[];
}

/** The accessor of the public verification of a document a holder presents (no agency keeps what it shows). */
export const PUBLIC_DOCUMENT_VERIFICATION = 'public-document-verification';

/**
 * Entries logged as `agency` that are not an agency holding the data: a public document verification (the verifier
 * is anyone the holder showed the document to, and the platform keeps no copy for them), and a sign-in at the
 * citizen portal (the ID token goes to the citizen's own session). A relying party's sign-in (a hospital, a bank)
 * stays a reader: it received the claims and may keep them.
 */
const notAHolder = (entry: StoredAccessEntry) =>
  entry.accessor.id === PUBLIC_DOCUMENT_VERIFICATION ||
  (entry.accessor.id === CITIZEN_PORTAL && (entry.purpose === 'oidc-id-token' || entry.purpose === 'oidc-userinfo'));

/** Whether a disclosed field path (`fullName`, `permanentResidence.communeCode`) is, or is inside, `field`. */
const touches = (disclosed: string, field: string) => disclosed === field || disclosed.startsWith(`${field}.`);

/**
 * The agencies that read any of `fields` in a granted read before `before` (an ISO instant), each once with the
 * corrected fields it read, ordered by client ID. Officers and citizens are not listed: an officer reads for a
 * dossier of the state's own registries, which read the corrected record. Earlier notices are not reads, nor are
 * disclosures that leave no agency holding the data (`notAHolder`).
 */
export const earlierReaders = (
  entries: readonly StoredAccessEntry[],
  fields: readonly string[],
  before: string,
): CorrectionNotice[] => {
  const readers = new Map<string, { accessor: CorrectionNotice['accessor']; fields: Set<string> }>();
  for (const entry of entries) {
    const { accessor } = entry;
    if (accessor.type !== 'agency' || entry.outcome !== 'granted' || entry.at >= before) continue;
    if (entry.purpose === CORRECTION_NOTICE_PURPOSE || notAHolder(entry)) continue;
    const read = fields.filter((field) => entry.fields.some((disclosed) => touches(disclosed, field)));
    if (read.length === 0) continue;
    const reader = readers.get(accessor.id) ?? { accessor, fields: new Set<string>() };
    for (const field of read) reader.fields.add(field);
    readers.set(accessor.id, reader);
  }
  return [...readers.values()]
    .map(({ accessor, fields: read }) => ({ accessor, fields: fields.filter((f) => read.has(f)) }))
    .sort((a, b) => a.accessor.id.localeCompare(b.accessor.id));
};

/** The request ID of the notice to one reader: the same for every retry, so the log appends it once. */
export const noticeRequestId = (dossierId: string, clientId: string) => `record-correction:${dossierId}:${clientId}`;

/**
 * Tells every earlier reader of the corrected fields. Safe to run again (an approval retried after a crash): each
 * notice has its own request ID, and the access log appends an entry at most once per request and citizen.
 * 1. Read the citizen's whole log, page by page (newest first).
 * 2. Keep the agencies that read a corrected field before the correction (`earlierReaders`).
 * 3. Record one notice per reader.
 */
export const notifyEarlierReaders =
  (ports: CorrectionNoticePorts) =>
  async (correction: {
    readonly pin: string;
    readonly fields: readonly string[];
    readonly dossierId: string;
    /** When the corrected values were written; reads from then on saw them. */
    readonly correctedAt: string;
  }): Promise<CorrectionNotice[]> => {
    const entries: StoredAccessEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await ports.reader.listForCitizen(correction.pin, { limit: 100, ...(cursor ? { cursor } : {}) });
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    const notices = earlierReaders(entries, correction.fields, correction.correctedAt);
    for (const notice of notices) {
      await ports.recorder.record({
        subjectPin: correction.pin,
        accessor: notice.accessor,
        fields: [...notice.fields],
        purpose: CORRECTION_NOTICE_PURPOSE,
        legalBasis: CORRECTION_NOTICE_LEGAL_BASIS,
        outcome: 'granted',
        requestId: noticeRequestId(correction.dossierId, notice.accessor.id),
      });
    }
    return notices;
  };
