/** The Idempotency-Key header of a submission (alias X-Client-Request-Id): required, so a retry never files twice. */
import { ValidationError } from '../domain/errors.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export const idempotencyKeyOf = (headers: Record<string, string | undefined> | null): string => {
  const entry = Object.entries(headers ?? {}).find(([name]) =>
    ['idempotency-key', 'x-client-request-id'].includes(name.toLowerCase()),
  );
  const key = entry?.[1]?.trim();
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
