import { requireCitizen } from '../../shared/auth/principal.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { issuedConfirmation, optionalIdempotencyKeyOf } from '../../shared/lambda/idempotency-key.ts';
import { accessRecorder, documentStore, now, populationReader } from '../../shared/lambda/stores.ts';
import { confirmResidence } from '../../shared/services/confirm-residence.ts';
import * as z from '../../shared/validation/zod.ts';

const confirm = confirmResidence({
  population: populationReader(),
  documents: documentStore(),
  accessLog: accessRecorder(),
  now,
});

/**
 * POST /v1/services/residence-confirmations `{}`: the signed-in citizen's own residence confirmation (201); with an
 * Idempotency-Key, a retry answers the same confirmation.
 */
export const handler = httpHandler(
  { query: z.strictObject({}), body: z.strictObject({}) },
  async ({ principal, requestId, event }) => {
    const citizen = requireCitizen(principal, 2);
    return issuedConfirmation(await confirm(citizen.pin, requestId, optionalIdempotencyKeyOf(event.headers)));
  },
);
