import { confirmRegistration } from '../../shared/identity/registration.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const confirm = confirmRegistration(accountLifecycleDeps());

/** POST /v1/registrations/{registrationId}/confirmation: the code and the password; opens the level-1 account. */
export const handler = httpHandler({ query: z.strictObject({}), body: z.unknown() }, ({ body, pathParameters }) =>
  confirm(pathParameters.registrationId ?? '', body),
);
