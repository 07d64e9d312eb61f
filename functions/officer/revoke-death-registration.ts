import * as z from 'zod';
import { revokeDeathRegistration } from '../../shared/dossiers/revoke-death-registration.ts';
import { runStepDeps } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';

const revoke = revokeDeathRegistration(runStepDeps());

const Body = z.strictObject({ reason: z.string().min(1).max(1000) });

/** POST /v1/officer/dossiers/{dossierId}/revocation: revoke a registered death and restore what it ended. */
export const handler = httpHandler({ query: z.strictObject({}), body: Body }, ({ principal, pathParameters, body }) =>
  revoke(principal, pathParameters.dossierId ?? '', body.reason),
);
