/**
 * `POST /v1/me/household-head-changes`: a member of a household (e-ID level 2) registers the household's new head.
 * Body `{form}` (shared/services/procedures/household-head-change.ts), header Idempotency-Key; 202 with the dossier,
 * which the commune police of the household's address decide in their inbox like a service dossier.
 */

import { requireCitizen } from '../../shared/auth/principal.ts';
import { submitServiceDossier } from '../../shared/dossiers/submit-service-dossier.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { acceptedDossier, idempotencyKeyOf } from '../../shared/lambda/idempotency-key.ts';
import { intakeDeps } from '../../shared/lambda/intake-deps.ts';
import {
  HOUSEHOLD_HEAD_CHANGE_SERVICE,
  HouseholdHeadChangeForm,
  householdHeadChange,
} from '../../shared/services/procedures/household-head-change.ts';
import * as z from '../../shared/validation/zod.ts';

// Free of charge: no payment step, and no fee to exempt from.
const submit = submitServiceDossier({ ...intakeDeps(), exemptionsOf: () => [] });

export const handler = httpHandler(
  { query: z.strictObject({}), body: z.strictObject({ form: HouseholdHeadChangeForm }) },
  async ({ principal, body, event }) => {
    const citizen = requireCitizen(principal, 2);
    const result = await submit(
      householdHeadChange,
      HOUSEHOLD_HEAD_CHANGE_SERVICE,
      citizen.pin,
      body.form,
      idempotencyKeyOf(event.headers),
    );
    return acceptedDossier(result);
  },
);
