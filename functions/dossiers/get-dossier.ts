import { viewDossier } from '../../shared/dossiers/view-dossier.ts';
import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const view = viewDossier({ store: dossierStore(), accessLog: accessRecorder() });

/** GET /v1/dossiers/{dossierId}: status, documents, steps and timeline, for the applicant. */
export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, pathParameters, requestId }) =>
  view(principal, pathParameters.dossierId ?? '', requestId),
);
