import { revokeDeathRegistration } from '../../shared/dossiers/revoke-death-registration.ts';
import { revocationDeps } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import * as z from '../../shared/validation/zod.ts';

const revoke = revokeDeathRegistration(revocationDeps());

const Body = z.strictObject({ reason: z.string().check(z.minLength(1), z.maxLength(1000)) });

/** POST /v1/officer/dossiers/{dossierId}/revocation: revoke a registered death and restore what it ended. */
export const handler = httpHandler({ query: z.strictObject({}), body: Body }, ({ principal, pathParameters, body }) =>
  revoke(principal, pathParameters.dossierId ?? '', body.reason),
);
