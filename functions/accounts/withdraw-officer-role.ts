import { withdrawOfficerRole } from '../../shared/identity/officer-accounts.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const withdraw = withdrawOfficerRole(accountLifecycleDeps());

/** DELETE /v1/officer/accounts/{pin}/roles/{roleId}: a supervisor withdraws a role. */
export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, pathParameters }) =>
  withdraw(principal, pathParameters.pin ?? '', pathParameters.roleId ?? ''),
);
