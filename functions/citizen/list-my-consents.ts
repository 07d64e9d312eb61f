import { requireCitizen } from '../../shared/auth/principal.ts';
import { isActive } from '../../shared/consent/consents.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { consentStore, now } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const consents = consentStore();

export const handler = httpHandler({ query: z.strictObject({}) }, async ({ principal }) => {
  const citizen = requireCitizen(principal, 1);
  const at = now();
  return {
    consents: (await consents.list(citizen.pin)).map((consent) => ({ ...consent, active: isActive(consent, at) })),
  };
});
