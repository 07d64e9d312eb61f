/**
 * The issue of a synchronous confirmation (service 1, the residence confirmation) at most once per Idempotency-Key,
 * as dossier submissions are: a client that retries after a timeout gets the confirmation it was issued, not a second,
 * equally valid one. Without a key every request issues a new confirmation, as before.
 */
import { createHash } from 'node:crypto';
import type { AccessRecord, AccessRecorder } from '../citizen/ports.ts';
import { NotFoundError, UnprocessableError } from '../domain/errors.ts';
import type { DocumentStore, OldIdConfirmation } from './confirm-old-id-number.ts';
import type { ResidenceConfirmation } from './confirm-residence.ts';

export type Confirmation = OldIdConfirmation | ResidenceConfirmation;

/**
 * What a key was first used for: by whom (`scope`: a citizen's PIN, as for their dossiers, or `agency#<client_id>`),
 * a fingerprint of the request, the document it issued and the request that issued it.
 */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly documentNumber: string;
  readonly requestId: string;
}

export interface IssuedConfirmation<D extends Confirmation> {
  readonly document: D;
  /** True when the key had already issued it: the same document, nothing written again. */
  readonly replayed: boolean;
}

export interface ConfirmationRequest {
  /** Who asks: the key is theirs alone (another requester's same key is another request). */
  readonly requester: { readonly type: 'citizen' | 'agency'; readonly id: string };
  readonly subjectPin: string;
  readonly requestId: string;
  readonly idempotencyKey?: string | undefined;
}

/** A citizen's keys share one namespace with their dossier submissions, so one key never means two requests. */
export const idempotencyScope = (requester: ConfirmationRequest['requester']): string =>
  requester.type === 'citizen' ? requester.id : `agency#${requester.id}`;

/** What was asked: the kind of confirmation and whose; a reused key must ask for the same. */
export const confirmationFingerprint = (type: Confirmation['type'], subjectPin: string): string =>
  createHash('sha256')
    .update(JSON.stringify({ confirmation: type, subjectPin }))
    .digest('hex');

/**
 * Issues a confirmation, or with an Idempotency-Key already used for the same request returns the one it issued.
 * 1. With a key, look for its claim: one made for another request (another kind, another citizen, a dossier) is a
 *    422 and nothing is written; one made for this request is replayed.
 * 2. Otherwise `build` the document (it reads the NPDB and refuses what it cannot confirm) and store it; with a key,
 *    in one conditional write with the key's claim, so of two identical requests at once only one issues a document
 *    and the other replays it.
 * 3. Record the disclosure in the citizen's access log under the request ID of the request that issued the document:
 *    the log takes one entry per request ID, so a replay adds none, yet writes the one a first attempt that failed
 *    after storing the document could not (the document is never disclosed unlogged).
 */
export const issueConfirmation = async <D extends Confirmation>(
  deps: { readonly documents: DocumentStore; readonly accessLog: AccessRecorder },
  request: ConfirmationRequest & { readonly type: D['type'] },
  build: () => Promise<D>,
  disclosure: (document: D) => Omit<AccessRecord, 'requestId'>,
): Promise<IssuedConfirmation<D>> => {
  const disclose = async (document: D, requestId: string, replayed: boolean) => {
    await deps.accessLog.recordMany([{ ...disclosure(document), requestId }]);
    return { document, replayed };
  };
  const key = request.idempotencyKey;
  if (key === undefined) {
    const document = await build();
    await deps.documents.create(document);
    return disclose(document, request.requestId, false);
  }
  const scope = idempotencyScope(request.requester);
  const fingerprint = confirmationFingerprint(request.type, request.subjectPin);
  const replay = async (claim: IdempotencyClaim) => {
    if (claim.fingerprint !== fingerprint) {
      throw new UnprocessableError(
        'This Idempotency-Key was already used for a different request; use a new key for a new request.',
        'header.Idempotency-Key',
      );
    }
    const document = await deps.documents.get(claim.documentNumber);
    if (!document) throw new NotFoundError(`Confirmation ${claim.documentNumber} is not found.`);
    return disclose(document as D, claim.requestId, true);
  };
  const earlier = await deps.documents.findClaim(scope, key);
  if (earlier) return replay(earlier);
  const document = await build();
  const claim: IdempotencyClaim = {
    scope,
    key,
    fingerprint,
    documentNumber: document.number,
    requestId: request.requestId,
  };
  const outcome = await deps.documents.createClaimed(document, claim);
  if (!outcome.created) return replay(outcome.claim);
  return disclose(document, request.requestId, false);
};
