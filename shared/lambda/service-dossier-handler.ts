/**
 * `POST /v1/services/<slug>/dossiers`: a citizen (e-ID level 2) files a dossier of one essential service. Each
 * service has its own Lambda function (infra/topology.ts, SERVICE_FUNCTIONS) whose entry,
 * functions/services/by-service/service-NN.ts, hands this factory its service's catalogue entry and procedure only:
 * a function bundles its own service's texts, rules and form, not every service's. The body is `{form}`, validated
 * by the service's e-form; 202 with the dossier ID and expected date; a replay (same Idempotency-Key) answers the same.
 */

import { requireCitizen } from '../auth/principal.ts';
import type { ServiceForm } from '../dossiers/dossier.ts';
import type { ServiceProcedure } from '../dossiers/service-procedure.ts';
import { submitServiceDossier } from '../dossiers/submit-service-dossier.ts';
import { serviceDossierFee } from '../payments/service-fee.ts';
import type { Service } from '../services/catalogue/schema.ts';
import { withFeeExemption } from '../services/fee-exemptions.ts';
import * as z from '../validation/zod.ts';
import { httpHandler } from './http.ts';
import { acceptedDossier, idempotencyKeyOf } from './idempotency-key.ts';
import { intakeDeps } from './intake-deps.ts';
import { paymentWindowMinutes } from './payment-config.ts';

/** The handler of the function that files dossiers of `service` by its `procedure`. */
export const serviceDossierHandler = <F extends ServiceForm>(service: Service, procedure: ServiceProcedure<F>) => {
  if (procedure.code !== service.code) {
    throw new Error(`Service ${service.code} was handed the procedure of service ${procedure.code}.`);
  }
  if (service.start?.kind !== 'dossier') {
    throw new Error(`Service ${service.code} is not filed as a dossier in the catalogue.`);
  }
  const submit = submitServiceDossier({
    ...intakeDeps(),
    // A service with a fee waits for its payment before its step opens (docs/payments.md).
    payment: { feeOf: serviceDossierFee, windowMinutes: paymentWindowMinutes() },
    exemptionsOf: () => service.fee.exemptions,
  });
  const ref = {
    code: service.code,
    slug: service.slug,
    name: service.name,
    dueWorkingDays: service.deadlineWorkingDays,
    // Filed online: the online amount where the fee circular sets one.
    feeVnd: service.fee.onlineAmountVnd ?? service.fee.amountVnd,
  };
  return httpHandler(
    // The form takes the optional `feeExemption` where the service offers grounds to declare.
    {
      query: z.strictObject({}),
      body: z.strictObject({ form: withFeeExemption(service.fee.exemptions, procedure.form) }),
    },
    async ({ principal, body, event }) => {
      const citizen = requireCitizen(principal, service.eidLevel);
      const result = await submit(procedure, ref, citizen.pin, body.form, idempotencyKeyOf(event.headers));
      return acceptedDossier(result);
    },
  );
};
