/**
 * The Idempotency-Key header (alias X-Client-Request-Id): required of a submission, so a retry never files twice;
 * optional for a synchronous confirmation, which with it is issued once.
 */
import { ValidationError } from '../domain/errors.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

const sentKey = (headers: Record<string, string | undefined> | null): string | undefined =>
  Object.entries(headers ?? {})
    .find(([name]) => ['idempotency-key', 'x-client-request-id'].includes(name.toLowerCase()))?.[1]
    ?.trim();

export const idempotencyKeyOf = (headers: Record<string, string | undefined> | null): string => {
  const key = sentKey(headers);
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError(
      'Send an Idempotency-Key header (8-128 letters, digits, "_.:-"; a UUID is ideal) so a retried submission never creates a second dossier.',
      [{ field: 'header.Idempotency-Key', message: 'required, 8-128 characters of [A-Za-z0-9_.:-]' }],
    );
  }
  return key;
};

/**
 * The answer to an accepted submission: 202, the dossier's location, and `idempotent-replayed: true` when the key
 * had already filed it (the same dossier, nothing written again).
 */
export const acceptedDossier = <D extends { readonly id: string }>(result: {
  readonly dossier: D;
  readonly replayed: boolean;
}) => ({
  statusCode: 202,
  headers: {
    location: `/v1/dossiers/${result.dossier.id}`,
    ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
  },
  body: result.dossier,
});

/**
 * The Idempotency-Key of a request that may go without one (the synchronous confirmations): undefined when absent,
 * and a 400 when present but malformed, rather than a silently unprotected request.
 */
export const optionalIdempotencyKeyOf = (headers: Record<string, string | undefined> | null): string | undefined => {
  const key = sentKey(headers);
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError(
      'The Idempotency-Key header must be 8-128 letters, digits or "_.:-" (a UUID is ideal); leave it out to ask for a new document each time.',
      [{ field: 'header.Idempotency-Key', message: '8-128 characters of [A-Za-z0-9_.:-]' }],
    );
  }
  return key;
};

/** The answer to an issued confirmation: 201, with `idempotent-replayed: true` when the key had already issued it. */
export const issuedConfirmation = <D>(result: { readonly document: D; readonly replayed: boolean }) => ({
  statusCode: 201,
  ...(result.replayed ? { headers: { 'idempotent-replayed': 'true' } } : {}),
  body: result.document,
});
