import type { AgencyPrincipal } from '../auth/principal.ts';
import { ForbiddenError } from '../auth/principal.ts';
import type { AccessRecorder, PopulationReader } from '../citizen/ports.ts';
import { type ConsentStore, isActive } from '../consent/consents.ts';
import { findCommune } from '../domain/admin-units/communes.ts';
import { findProvince } from '../domain/admin-units/provinces.ts';
import { vietnamDate } from '../domain/clock.ts';
import { NotFoundError } from '../domain/errors.ts';
import { agencyAccessor } from './authorize-agency.ts';
import { PURPOSES, restrictToPurpose } from './purposes.ts';

/**
 * Identity check (e-KYC) for a bank or telecom: only with the citizen's active consent, and only the
 * fields consented to (within what the purpose allows).
 * 1. Read the citizen's consent for this client; without an active one, record the refused attempt and
 *    answer 403 saying why and how the citizen can consent.
 * 2. Read the record (404 if unknown) and build the answer from the consented, allowed fields.
 * 3. Record the disclosure with the consent as its legal basis.
 */
export const ekycIdentity =
  (deps: {
    population: Pick<PopulationReader, 'getCitizen'>;
    consents: ConsentStore;
    accessLog: AccessRecorder;
    now: () => Date;
  }) =>
  async (principal: AgencyPrincipal, input: { pin: string }, requestId: string) => {
    const purpose = PURPOSES['ekyc:identity'];
    const consent = await deps.consents.get(input.pin, principal.clientId);
    const accessor = agencyAccessor(principal);
    if (!consent || !isActive(consent, deps.now())) {
      const citizenExists = (await deps.population.getCitizen(input.pin)) !== undefined;
      if (citizenExists) {
        await deps.accessLog.recordMany([
          {
            subjectPin: input.pin,
            accessor,
            fields: [],
            purpose: purpose.purpose,
            legalBasis: purpose.legalBasis,
            outcome: 'denied',
            reason: consent?.revokedAt ? 'consent revoked' : consent ? 'consent expired' : 'no consent',
            requestId,
          },
        ]);
      }
      throw new ForbiddenError(
        `The citizen has not given ${principal.clientId} an active consent to share identity data${
          consent?.revokedAt ? ' (it was revoked)' : consent ? ' (it expired)' : ''
        }. Ask them to grant it in their e-ID account; nothing was disclosed.`,
      );
    }
    const citizen = await deps.population.getCitizen(input.pin);
    if (!citizen) throw new NotFoundError('No citizen with this PIN in the National Population Database.');
    const residence = citizen.permanentResidence;
    const candidate = {
      pin: citizen.pin,
      fullName: citizen.fullName,
      birthDate: citizen.birthDate,
      sex: citizen.sex,
      permanentAddress: [
        residence.addressLine,
        // The unit's name in force today (units were renamed after 2025, e.g. in Đồng Nai in 2026).
        (findCommune(residence.communeCode, vietnamDate(deps.now())) ?? findCommune(residence.communeCode))?.name,
        findProvince(residence.provinceCode)?.name,
      ]
        .filter(Boolean)
        .join(', '),
    };
    const consented = Object.fromEntries(Object.entries(candidate).filter(([field]) => consent.fields.includes(field)));
    const answer = restrictToPurpose(purpose, consented);
    await deps.accessLog.recordMany([
      {
        subjectPin: citizen.pin,
        accessor,
        fields: Object.keys(answer).sort(),
        purpose: purpose.purpose,
        legalBasis: `consent granted ${consent.grantedAt} (until ${consent.expiresAt}); ${purpose.legalBasis}`,
        outcome: 'granted',
        requestId,
      },
    ]);
    return { ...answer, consentExpiresAt: consent.expiresAt };
  };
