import { requireCitizen } from '../../shared/auth/principal.ts';
import { listMySessions } from '../../shared/identity/sessions.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { sessionsDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const list = listMySessions(sessionsDeps());

/** GET /v1/me/sessions: where my e-ID account is signed in (browsers and apps), the caller's own marked. */
export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal }) => {
  const citizen = requireCitizen(principal);
  return list(citizen.pin, citizen.grantId);
});
