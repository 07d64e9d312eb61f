/**
 * What the public verification of a document shows (`GET /v1/documents/{number}?code=`) and which of the holder's
 * fields that discloses, for their access log. Anyone the holder showed the document to can verify it, so it shows
 * what the document states, never more; and for a criminal-record certificate less (docs/services.md, service 12):
 * the holder, the type, the issue, and whether a conviction is recorded, not the entries' text nor the parents,
 * spouse and residence the certificate states. The verifier compares the paper they hold with that; the holder reads
 * the full outcome in their own dossier.
 */

/** A stored document, of whatever type, as the document store returns it. */
export type StoredDocument = Readonly<Record<string, unknown>> & {
  readonly number: string;
  readonly type: string;
  readonly subject: Readonly<Record<string, unknown>>;
};

/** An officer records a clean record by starting the outcome so ("Không có án tích" / "No conviction recorded"). */
const NO_CONVICTION = /^\s*(không có án tích|no conviction recorded)/iu;

/** Whether the outcome an officer wrote on a criminal-record certificate records a conviction. */
export const convictionRecorded = (outcome: string): boolean => !NO_CONVICTION.test(outcome.normalize('NFC'));

const criminalRecordView = (document: StoredDocument) => {
  const details = (document.details ?? {}) as {
    certificateType?: number;
    convictionRecorded?: boolean;
    record?: string;
  };
  const recorded = details.convictionRecorded ?? convictionRecorded(details.record ?? '');
  const fullName = String(document.subject.fullName ?? '');
  const type = details.certificateType ?? 1;
  return {
    number: document.number,
    type: document.type,
    issuedAt: document.issuedAt,
    subject: { pin: document.subject.pin, fullName },
    ...(document.serviceCode !== undefined ? { serviceCode: document.serviceCode } : {}),
    statement: {
      vi: `Phiếu lý lịch tư pháp số ${type} của ${fullName}: ${recorded ? 'có án tích' : 'không có án tích'}.`,
      en: `Criminal-record certificate type ${type} of ${fullName}: ${recorded ? 'conviction recorded' : 'no conviction recorded'}.`,
    },
    details: { certificateType: type, convictionRecorded: recorded },
    ...(document.revokedAt !== undefined ? { revokedAt: document.revokedAt } : {}),
  };
};

/** Fields a document type states beyond its subject's (the subject's own are disclosed for every type). */
const STATED: Readonly<Record<string, readonly string[]>> = {
  'old-id-number-confirmation': ['oldIdNumber'],
  'residence-confirmation': ['permanentResidence', 'temporaryResidence'],
  'death-extract': ['status', 'deathDate'],
  'criminal-record-certificate': ['criminalRecord'],
};

/**
 * The document as its verification shows it (never the verification code, nor whom it was issued to), and the
 * holder's fields that shows: the subject's, and what the type states.
 */
export const disclosure = (document: StoredDocument): { shown: Record<string, unknown>; fields: string[] } => {
  const { verificationCode: _code, issuedTo: _to, ...rest } = document;
  const shown: Record<string, unknown> =
    document.type === 'criminal-record-certificate' ? criminalRecordView(document) : rest;
  const subject = (shown.subject ?? {}) as Record<string, unknown>;
  const fields = [...Object.keys(subject).filter((k) => subject[k] !== undefined), ...(STATED[document.type] ?? [])];
  return { shown, fields: [...new Set(fields)].sort() };
};
