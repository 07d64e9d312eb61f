import { authorizeAgency } from '../../shared/agency/authorize-agency.ts';
import { hospitalCheckIn } from '../../shared/agency/hospital-check-in.ts';
import { PURPOSES } from '../../shared/agency/purposes.ts';
import { PinField } from '../../shared/lambda/fields.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, agencyQuota, now, populationReader } from '../../shared/lambda/stores.ts';
import * as z from '../../shared/validation/zod.ts';

const Body = z.strictObject({
  pin: PinField,
  /** Whether the facility verified the chip's signed data groups (ICAO 9303 passive authentication). */
  chipVerified: z._default(z.boolean(), false),
});

const population = populationReader();
const accessLog = accessRecorder();
const checkIn = hospitalCheckIn({ population, accessLog, now });
const authorize = authorizeAgency({ population, accessLog });
const quota = agencyQuota();

export const handler = httpHandler(
  { query: z.strictObject({}), body: Body },
  async ({ principal, body, requestId }) => {
    const hospital = await authorize(principal, PURPOSES['hospital:checkin'], body.pin, requestId);
    await quota(hospital.clientId);
    return checkIn(hospital, body, requestId);
  },
);
