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
