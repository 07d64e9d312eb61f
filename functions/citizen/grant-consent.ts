import { PURPOSES } from '../../shared/agency/purposes.ts';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { grantConsent, MAX_CONSENT_DAYS } from '../../shared/consent/consents.ts';
import { CONSENT_CLIENTS } from '../../shared/consent/relying-parties.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { consentStore, now } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const Body = z.strictObject({
  fields: z
    .array(z.string().check(z.minLength(1), z.maxLength(40)))
    .check(z.minLength(1, 'Name at least one field to share.'), z.maxLength(10)),
  days: z
    .int()
    .check(z.gte(1), z.lte(MAX_CONSENT_DAYS, `A consent lasts at most ${MAX_CONSENT_DAYS} days; renew it later.`)),
});

const grant = grantConsent({ consents: consentStore(), now });

export const handler = httpHandler(
  { query: z.strictObject({}), body: Body },
  async ({ principal, pathParameters, body }) => {
    const citizen = requireCitizen(principal, 2);
    const clientId = pathParameters.clientId ?? '';
    const relyingParty = CONSENT_CLIENTS[clientId];
    if (!relyingParty) {
      throw new NotFoundError(
        `No relying party ${clientId} asks for consent. Known: ${Object.keys(CONSENT_CLIENTS).join(', ')}.`,
      );
    }
    return grant(citizen.pin, clientId, PURPOSES[relyingParty.scope], body);
  },
);
