import { requireCitizen } from '../../shared/auth/principal.ts';
import { revokeConsent } from '../../shared/consent/consents.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { consentStore, now } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const revoke = revokeConsent({ consents: consentStore(), now });

export const handler = httpHandler({ query: z.strictObject({}) }, async ({ principal, pathParameters }) => {
  const citizen = requireCitizen(principal, 1);
  const revoked = await revoke(citizen.pin, pathParameters.clientId ?? '');
  if (!revoked) throw new NotFoundError(`You have no consent for ${pathParameters.clientId}.`);
  return revoked;
});
