import { changePhoneAtPolice } from '../../shared/identity/officer-accounts.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { officerAccountDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const change = changePhoneAtPolice(officerAccountDeps());

/** PUT /v1/officer/accounts/{pin}/phone: commune police record a new phone after checking chip and face. */
export const handler = httpHandler(
  { query: z.strictObject({}), body: z.unknown() },
  ({ body, principal, pathParameters, requestId }) => change(principal, pathParameters.pin ?? '', body, requestId),
);
