import * as z from 'zod';
import { PURPOSES } from '../../shared/agency/purposes.ts';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { grantConsent, MAX_CONSENT_DAYS } from '../../shared/consent/consents.ts';
import { CONSENT_CLIENTS } from '../../shared/consent/relying-parties.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { consentStore, now } from '../../shared/lambda/stores.ts';

const Body = z.strictObject({
  fields: z.array(z.string().min(1).max(40)).min(1, 'Name at least one field to share.').max(10),
  days: z
    .number()
    .int()
    .min(1)
    .max(MAX_CONSENT_DAYS, `A consent lasts at most ${MAX_CONSENT_DAYS} days; renew it later.`),
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
