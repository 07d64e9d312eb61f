import { grantOfficerRole } from '../../shared/identity/officer-accounts.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accountLifecycleDeps } from '../../shared/lambda/identity-deps.ts';
import * as z from '../../shared/validation/zod.ts';

const grant = grantOfficerRole(accountLifecycleDeps());

/** PUT /v1/officer/accounts/{pin}/roles/{roleId}: a supervisor grants a role of their agency in their area. */
export const handler = httpHandler({ query: z.strictObject({}) }, ({ principal, pathParameters }) =>
  grant(principal, pathParameters.pin ?? '', pathParameters.roleId ?? ''),
);
