import * as z from 'zod';
import { ekycIdentity } from '../../shared/agency/ekyc-identity.ts';
import { requireAgencyScope } from '../../shared/auth/principal.ts';
import { PinField } from '../../shared/lambda/fields.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, agencyQuota, consentStore, now, populationStore } from '../../shared/lambda/stores.ts';

const identity = ekycIdentity({
  population: populationStore(),
  consents: consentStore(),
  accessLog: accessRecorder(),
  now,
});

const quota = agencyQuota();

export const handler = httpHandler(
  { query: z.strictObject({}), body: z.strictObject({ pin: PinField }) },
  async ({ principal, body, requestId }) => {
    const bank = requireAgencyScope(principal, 'ekyc:identity');
    await quota(bank.clientId);
    return identity(bank, body, requestId);
  },
);
