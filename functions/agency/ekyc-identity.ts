import { authorizeAgency } from '../../shared/agency/authorize-agency.ts';
import { ekycIdentity } from '../../shared/agency/ekyc-identity.ts';
import { PURPOSES } from '../../shared/agency/purposes.ts';
import { PinField } from '../../shared/lambda/fields.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, agencyQuota, consentStore, now, populationReader } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const population = populationReader();
const accessLog = accessRecorder();
const identity = ekycIdentity({ population, consents: consentStore(), accessLog, now });
const authorize = authorizeAgency({ population, accessLog });

const quota = agencyQuota();

export const handler = httpHandler(
  { query: z.strictObject({}), body: z.strictObject({ pin: PinField }) },
  async ({ principal, body, requestId }) => {
    const bank = await authorize(principal, PURPOSES['ekyc:identity'], body.pin, requestId);
    await quota(bank.clientId);
    return identity(bank, body, requestId);
  },
);
