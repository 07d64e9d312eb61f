/**
 * `POST /v1/me/record-corrections`: a citizen (e-ID level 2) asks for their own NPDB record to be corrected. Body
 * `{form}` (shared/services/procedures/record-correction.ts), header Idempotency-Key; 202 with the dossier, which the
 * commune police of the permanent residence decide in their inbox like a service dossier.
 */

import { requireCitizen } from '../../shared/auth/principal.ts';
import { submitServiceDossier } from '../../shared/dossiers/submit-service-dossier.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { acceptedDossier, idempotencyKeyOf } from '../../shared/lambda/idempotency-key.ts';
import { intakeDeps } from '../../shared/lambda/intake-deps.ts';
import {
  RECORD_CORRECTION_SERVICE,
  RecordCorrectionForm,
  recordCorrection,
} from '../../shared/services/procedures/record-correction.ts';
import * as z from '../../shared/validation/zod.ts';

// Free of charge: no payment step, and no fee to exempt from.
const submit = submitServiceDossier({ ...intakeDeps(), exemptionsOf: () => [] });

export const handler = httpHandler(
  { query: z.strictObject({}), body: z.strictObject({ form: RecordCorrectionForm }) },
  async ({ principal, body, event }) => {
    const citizen = requireCitizen(principal, 2);
    const result = await submit(
      recordCorrection,
      RECORD_CORRECTION_SERVICE,
      citizen.pin,
      body.form,
      idempotencyKeyOf(event.headers),
    );
    return acceptedDossier(result);
  },
);
