import { agencyAccessor, authorizeAgency } from '../../shared/agency/authorize-agency.ts';
import { PURPOSES } from '../../shared/agency/purposes.ts';
import { requireCitizen } from '../../shared/auth/principal.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { PinField } from '../../shared/lambda/fields.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { issuedConfirmation, optionalIdempotencyKeyOf } from '../../shared/lambda/idempotency-key.ts';
import { accessRecorder, documentStore, now, populationReader } from '../../shared/lambda/stores.ts';
import { confirmOldIdNumber } from '../../shared/services/confirm-old-id-number.ts';
import * as z from '../../shared/validation/zod.ts';

const population = populationReader();
const accessLog = accessRecorder();
const confirm = confirmOldIdNumber({ population, documents: documentStore(), accessLog, now });
const authorize = authorizeAgency({ population, accessLog });

/** A citizen asks for themselves (no body field); an agency names the citizen's PIN. */
const Body = z.strictObject({ pin: z.optional(PinField) });

/** POST /v1/services/old-id-confirmations (201); with an Idempotency-Key a retry answers the same confirmation. */
export const handler = httpHandler(
  { query: z.strictObject({}), body: Body },
  async ({ principal, body, requestId, event }) => {
    const idempotencyKey = optionalIdempotencyKeyOf(event.headers);
    if (principal?.kind === 'citizen') {
      const citizen = requireCitizen(principal, 2);
      if (body.pin && body.pin !== citizen.pin) {
        throw new ValidationError('A citizen can ask only for their own confirmation; leave out "pin".', [
          { field: 'body.pin', message: 'must be your own PIN or absent' },
        ]);
      }
      return issuedConfirmation(
        await confirm({ type: 'citizen', id: citizen.pin }, citizen.pin, requestId, idempotencyKey),
      );
    }
    if (!body.pin)
      throw new ValidationError('Name the citizen.', [{ field: 'body.pin', message: 'required for agencies' }]);
    const agency = await authorize(principal, PURPOSES['npdb:confirm-old-id'], body.pin, requestId);
    return issuedConfirmation(await confirm(agencyAccessor(agency), body.pin, requestId, idempotencyKey));
  },
);
