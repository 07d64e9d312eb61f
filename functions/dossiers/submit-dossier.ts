import { requireCitizen } from '../../shared/auth/principal.ts';
import { SubmitDossierSchema } from '../../shared/dossiers/forms.ts';
import { submitDossier } from '../../shared/dossiers/submit-dossier.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { acceptedDossier, idempotencyKeyOf } from '../../shared/lambda/idempotency-key.ts';
import { intakeDeps } from '../../shared/lambda/intake-deps.ts';
import { paymentWindowMinutes } from '../../shared/lambda/payment-config.ts';
import { dossierFee } from '../../shared/payments/fees.ts';
import * as z from '../../shared/validation/zod.ts';

const submit = submitDossier({
  ...intakeDeps(),
  payment: { feeOf: dossierFee, windowMinutes: paymentWindowMinutes() },
});

/** POST /v1/dossiers: 202 with the dossier ID and the expected completion date; a replay answers the same. */
export const handler = httpHandler(
  { query: z.strictObject({}), body: SubmitDossierSchema },
  async ({ principal, body, event }) => {
    const citizen = requireCitizen(principal, 2);
    const result = await submit(citizen.pin, body, idempotencyKeyOf(event.headers));
    return acceptedDossier(result);
  },
);
