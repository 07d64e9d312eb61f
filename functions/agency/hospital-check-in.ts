import * as z from 'zod';
import { hospitalCheckIn } from '../../shared/agency/hospital-check-in.ts';
import { requireAgencyScope } from '../../shared/auth/principal.ts';
import { PinField } from '../../shared/lambda/fields.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { accessRecorder, agencyQuota, now, populationStore } from '../../shared/lambda/stores.ts';

const Body = z.strictObject({
  pin: PinField,
  /** Whether the facility verified the chip's signed data groups (ICAO 9303 passive authentication). */
  chipVerified: z.boolean().default(false),
});

const checkIn = hospitalCheckIn({ population: populationStore(), accessLog: accessRecorder(), now });
const quota = agencyQuota();

export const handler = httpHandler(
  { query: z.strictObject({}), body: Body },
  async ({ principal, body, requestId }) => {
    const hospital = requireAgencyScope(principal, 'hospital:checkin');
    await quota(hospital.clientId);
    return checkIn(hospital, body, requestId);
  },
);
