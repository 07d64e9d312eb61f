import { requireCitizen } from '../../shared/auth/principal.ts';
import { revokeMySession } from '../../shared/identity/sessions.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { sessionsDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const revoke = revokeMySession(sessionsDeps());

/** DELETE /v1/me/sessions/{sessionId}: ends one of my sign-ins (its session and grants). */
export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, pathParameters }) => {
  const citizen = requireCitizen(principal);
  return revoke(citizen.pin, pathParameters.sessionId, citizen.grantId);
});
