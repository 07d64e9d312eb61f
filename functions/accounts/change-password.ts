import { edgeSecretFromEnv } from '../../shared/adapters/secrets/edge-secret.ts';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { changePassword } from '../../shared/identity/account-security.ts';
import { clientSourceOf } from '../../shared/lambda/client-source.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const change = changePassword(accountLifecycleDeps());
const edgeSecret = edgeSecretFromEnv();

/**
 * POST /v1/me/password: the signed-in holder changes their password (current password required); their other
 * sign-ins end, this one is kept when the token names its grant.
 */
export const handler = httpHandler(
  { query: z.strictObject({}), body: z.unknown() },
  async ({ body, principal, event }) => {
    const citizen = requireCitizen(principal);
    return change(citizen.pin, body, clientSourceOf(event, await edgeSecret()), citizen.grantId);
  },
);
