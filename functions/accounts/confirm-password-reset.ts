import { edgeSecretFromEnv } from '../../shared/adapters/secrets/edge-secret.ts';
import { confirmPasswordReset } from '../../shared/identity/account-security.ts';
import { clientSourceOf } from '../../shared/lambda/client-source.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const confirm = confirmPasswordReset(accountLifecycleDeps());
const edgeSecret = edgeSecretFromEnv();

/** POST /v1/password-resets/{resetId}/confirmation: the code and the new password. */
export const handler = httpHandler(
  { query: z.strictObject({}), body: z.unknown() },
  async ({ body, pathParameters, event }) =>
    confirm(pathParameters.resetId ?? '', body, clientSourceOf(event, await edgeSecret())),
);
