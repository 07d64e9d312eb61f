/**
 * `POST /v1/services/<slug>/dossiers`: a citizen (e-ID level 2) files a dossier of one essential service. Each
 * service has its own Lambda function built from this module (infra/topology.ts, SERVICE_FUNCTIONS); the route it
 * serves says which service, so adding a service takes no handler file. The body is `{form}`, validated by the
 * service's own e-form; 202 with the dossier ID and expected date; a replay (same Idempotency-Key) answers the same.
 */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import * as z from 'zod';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { submitServiceDossier } from '../../shared/dossiers/submit-service-dossier.ts';
import { dossierStore, intakeQueue, onboardedProvinces } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler, problem } from '../../shared/lambda/http.ts';
import { acceptedDossier, idempotencyKeyOf } from '../../shared/lambda/idempotency-key.ts';
import { paymentWindowMinutes } from '../../shared/lambda/payment-config.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import { now, populationStore } from '../../shared/lambda/stores.ts';
import { serviceDossierFee } from '../../shared/payments/fees.ts';
import { SERVICES } from '../../shared/services/catalogue/index.ts';
import { withFeeExemption } from '../../shared/services/fee-exemptions.ts';
import { serviceProcedure } from '../../shared/services/procedures/index.ts';

const submit = submitServiceDossier({
  store: dossierStore(),
  population: populationStore(),
  queue: intakeQueue(),
  now,
  onboardedProvinces: new Set(onboardedProvinces()),
  log: (message, error) => logger.warn(message, error as Error),
  // A service with a fee waits for its payment before its step opens (docs/payments.md).
  payment: { feeOf: serviceDossierFee, windowMinutes: paymentWindowMinutes() },
});

const handlerFor = (path: string) => {
  const service = SERVICES.find((s) => s.start?.kind === 'dossier' && s.start.path === path);
  const procedure = service ? serviceProcedure(service.code) : undefined;
  if (!service || !procedure) return undefined;
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

const handlers = new Map<string, ReturnType<typeof handlerFor>>();

export const handler = async (event: APIGatewayProxyEvent, context: Context) => {
  if (!handlers.has(event.resource)) handlers.set(event.resource, handlerFor(event.resource));
  const serve = handlers.get(event.resource);
  if (!serve) return problem(404, 'No essential service is filed at this path.');
  return serve(event, context);
};
