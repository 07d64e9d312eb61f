/**
 * Essential public service 1: confirmation of the old 9-digit identity-card number. A citizen (for
 * themselves) or an agency with `npdb:confirm-old-id` asks; the NPDB answers with a numbered, dated
 * confirmation that anyone holding its number and verification code can check online.
 */
import { randomBytes } from 'node:crypto';
import { PUBLIC_DOCUMENT_VERIFICATION } from '../access-log/correction-notices.ts';
import { PURPOSES } from '../agency/purposes.ts';
import type { AccessRecorder, PopulationReader } from '../citizen/ports.ts';
import { vietnamDate } from '../domain/clock.ts';
import { NotFoundError } from '../domain/errors.ts';
import { randomNumberPart } from '../domain/issued-numbers.ts';
import type { ResidenceConfirmation } from './confirm-residence.ts';
import { disclosure, type StoredDocument } from './document-disclosure.ts';
import { type IdempotencyClaim, type IssuedConfirmation, issueConfirmation } from './issue-confirmation.ts';

export interface OldIdConfirmation {
  readonly number: string;
  readonly verificationCode: string;
  readonly type: 'old-id-number-confirmation';
  readonly issuedAt: string;
  readonly issuedTo: { readonly type: 'citizen' | 'agency'; readonly id: string };
  readonly subject: { readonly pin: string; readonly fullName: string; readonly birthDate: string };
  readonly oldIdNumber: string;
  readonly statement: { readonly vi: string; readonly en: string };
}

export interface DocumentStore {
  /** Stores a new document; a number already used is an error (numbers are never reused). */
  create(document: OldIdConfirmation | ResidenceConfirmation): Promise<void>;
  /**
   * Stores a new document and the claim of the Idempotency-Key that asked for it, both or neither; if the key is
   * already claimed (by an earlier or a concurrent request, or by a dossier), nothing is written and that claim is
   * returned.
   */
  createClaimed(
    document: OldIdConfirmation | ResidenceConfirmation,
    claim: IdempotencyClaim,
  ): Promise<{ readonly created: true } | { readonly created: false; readonly claim: IdempotencyClaim }>;
  /** The claim of a requester's Idempotency-Key, strongly consistent. */
  findClaim(scope: string, key: string): Promise<IdempotencyClaim | undefined>;
  get(number: string): Promise<OldIdConfirmation | ResidenceConfirmation | undefined>;
}

const LEGAL_BASIS = PURPOSES['npdb:confirm-old-id'].legalBasis;

/**
 * `XN-20261123-7K3M9Q2XAB`: the date of issue in Vietnam (what the citizen reads on the document, as on every other
 * document the platform numbers) and 10 random base32 characters, like a dossier ID: unique and not guessable.
 * Numbers issued before this format (a UTC date and uppercased base64url, which could contain `-` and `_`) stay
 * valid: verification looks a number up as it is, without checking its shape.
 */
export const documentNumber = (issuedAt: Date): string =>
  `XN-${vietnamDate(issuedAt).replaceAll('-', '')}-${randomNumberPart(10)}`;

/**
 * Issues a confirmation, once per Idempotency-Key (issueConfirmation).
 * 1. Read the citizen; 404 if unknown or if the NPDB holds no 9-digit number for them.
 * 2. Write the numbered document (never overwriting one), with the key's claim when there is a key.
 * 3. Record the disclosure in the citizen's access log (the requester, the old number).
 */
export const confirmOldIdNumber =
  (deps: {
    population: Pick<PopulationReader, 'getCitizen'>;
    documents: DocumentStore;
    accessLog: AccessRecorder;
    now: () => Date;
  }) =>
  (
    /** Who asks; an agency's `name` (from its token) goes into the access log, not into the document. */
    requester: { type: 'citizen' | 'agency'; id: string; name?: string },
    subjectPin: string,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<IssuedConfirmation<OldIdConfirmation>> =>
    issueConfirmation(
      deps,
      { type: 'old-id-number-confirmation', requester, subjectPin, requestId, idempotencyKey },
      async () => {
        const citizen = await deps.population.getCitizen(subjectPin);
        if (!citizen) throw new NotFoundError('No citizen with this PIN in the National Population Database.');
        if (!citizen.oldIdNumber) {
          throw new NotFoundError(
            'The National Population Database holds no 9-digit identity-card number for this citizen.',
          );
        }
        const issuedAt = deps.now();
        return {
          number: documentNumber(issuedAt),
          verificationCode: randomBytes(6).toString('hex').toUpperCase(),
          type: 'old-id-number-confirmation',
          issuedAt: issuedAt.toISOString(),
          issuedTo: { type: requester.type, id: requester.id },
          subject: { pin: citizen.pin, fullName: citizen.fullName, birthDate: citizen.birthDate },
          oldIdNumber: citizen.oldIdNumber,
          statement: {
            vi: `Cơ sở dữ liệu quốc gia về dân cư xác nhận công dân ${citizen.fullName}, số định danh cá nhân ${citizen.pin}, đã được cấp chứng minh nhân dân số ${citizen.oldIdNumber}.`,
            en: `The National Population Database confirms that ${citizen.fullName}, personal identification number ${citizen.pin}, was issued identity card number ${citizen.oldIdNumber}.`,
          },
        };
      },
      (document) => ({
        subjectPin: document.subject.pin,
        accessor: { ...document.issuedTo, ...(requester.name ? { name: requester.name } : {}) },
        fields: ['birthDate', 'fullName', 'oldIdNumber', 'pin'],
        purpose: 'confirm-old-id',
        legalBasis: LEGAL_BASIS,
        outcome: 'granted',
      }),
    );

/**
 * Checks a confirmation someone was shown: valid only with the right number and verification code. The
 * check discloses the confirmed facts again, so it is logged in the citizen's access log.
 */
export const verifyOldIdConfirmation =
  (deps: { documents: DocumentStore; accessLog: AccessRecorder }) =>
  async (number: string, verificationCode: string, requestId: string) => {
    const document = await deps.documents.get(number);
    if (!document || document.verificationCode !== verificationCode.toUpperCase()) {
      throw new NotFoundError('No confirmation with this number and verification code.');
    }
    // Documents issued by the procedure groups and the services (e-birth certificate, e-death extract, notices,
    // criminal-record certificates) are checked the same way, each showing and logging what it discloses. A group's
    // birth certificate names a child who has no PIN yet, so there is no access log to write to.
    const { shown, fields } = disclosure(document as unknown as StoredDocument);
    const subjectPin = document.subject.pin as string | undefined;
    if (subjectPin) {
      await deps.accessLog.recordMany([
        {
          subjectPin,
          accessor: { type: 'agency', id: PUBLIC_DOCUMENT_VERIFICATION },
          fields,
          purpose: 'document-verification',
          legalBasis: `${LEGAL_BASIS}; verification of document ${document.number} presented by its holder`,
          outcome: 'granted',
          requestId,
        },
      ]);
    }
    // A revoked document (e.g. the death extract of a revoked death registration) is genuine but no longer valid.
    const revokedAt = (document as { revokedAt?: string }).revokedAt;
    return { valid: revokedAt === undefined, ...shown };
  };
