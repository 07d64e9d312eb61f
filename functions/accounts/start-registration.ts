import { startRegistration } from '../../shared/identity/registration.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const start = startRegistration(accountLifecycleDeps());

/** POST /v1/registrations: level-1 self-registration, step 1 (always 202: "if the details match, a code was sent"). */
export const handler = httpHandler({ query: z.strictObject({}), body: z.unknown() }, ({ body }) => start(body));
