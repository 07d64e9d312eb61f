import { startPasswordReset } from '../../shared/identity/account-security.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const start = startPasswordReset(accountLifecycleDeps());

/** POST /v1/password-resets: a code to the account's phone (always 202, whether or not the PIN has an account). */
export const handler = httpHandler({ query: z.strictObject({}), body: z.unknown() }, ({ body }) => start(body));
