import { activateLevel2AtPolice } from '../../shared/identity/officer-accounts.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { officerAccountDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const activate = activateLevel2AtPolice(officerAccountDeps());

/** POST /v1/officer/accounts/{pin}/level-2: commune police activate level 2 after checking chip and face. */
export const handler = httpHandler(
  { query: z.strictObject({}), body: z.unknown() },
  ({ body, principal, pathParameters, requestId }) => activate(principal, pathParameters.pin ?? '', body, requestId),
);
