import { resumeDossierAsOfficer } from '../../shared/dossiers/resume-group.ts';
import { dossierStore, workflows } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { now } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const resume = resumeDossierAsOfficer({ store: dossierStore(), workflow: workflows(), now });

const Body = z.strictObject({ reason: z.string().check(z.minLength(1), z.maxLength(1000)) });

/** POST /v1/officer/dossiers/{dossierId}/resumption: take a failed or refused group up again from the step that failed. */
export const handler = httpHandler({ query: z.strictObject({}), body: Body }, ({ principal, pathParameters, body }) =>
  resume(principal, pathParameters.dossierId ?? '', body),
);
