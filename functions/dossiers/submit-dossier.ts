import * as z from 'zod';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { SubmitDossierSchema } from '../../shared/dossiers/forms.ts';
import { submitDossier } from '../../shared/dossiers/submit-dossier.ts';
import { dossierStore, intakeQueue, onboardedProvinces } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { paymentWindowMinutes } from '../../shared/lambda/payment-config.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import { now, populationStore } from '../../shared/lambda/stores.ts';
import { dossierFee } from '../../shared/payments/fees.ts';

const submit = submitDossier({
  store: dossierStore(),
  population: populationStore(),
  queue: intakeQueue(),
  now,
  onboardedProvinces: new Set(onboardedProvinces()),
  log: (message, error) => logger.warn(message, error as Error),
  payment: { feeOf: dossierFee, windowMinutes: paymentWindowMinutes() },
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

const idempotencyKeyOf = (headers: Record<string, string | undefined> | null): string => {
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

/** POST /v1/dossiers: 202 with the dossier ID and the expected completion date; a replay answers the same. */
export const handler = httpHandler(
  { query: z.strictObject({}), body: SubmitDossierSchema },
  async ({ principal, body, event }) => {
    const citizen = requireCitizen(principal, 2);
    const result = await submit(citizen.pin, body, idempotencyKeyOf(event.headers));
    return {
      statusCode: 202,
      headers: {
        location: `/v1/dossiers/${result.dossier.id}`,
        ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
      },
      body: result.dossier,
    };
  },
);
