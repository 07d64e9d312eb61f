import type { AgencyPrincipal } from '../auth/principal.ts';
import type { AccessRecorder, PopulationReader } from '../citizen/ports.ts';
import { vietnamDate } from '../domain/clock.ts';
import { NotFoundError } from '../domain/errors.ts';
import { agencyAccessor } from './authorize-agency.ts';
import { PURPOSES, restrictToPurpose } from './purposes.ts';

export type CoverageStatus = 'active' | 'expired' | 'not-yet-valid' | 'none';

/**
 * Hospital check-in with the chip ID card instead of the health-insurance card: the hospital's system
 * sends the PIN it read (and whether it verified the chip's signed data) and receives only what check-in
 * needs: coverage status, card number, valid-until and registered facility. No address, no family.
 * 1. Read the citizen (404 if the PIN is unknown).
 * 2. Derive coverage for today in Vietnam; a deceased citizen has no coverage.
 * 3. Record the disclosure (the hospital, the purpose, the fields) and answer with the allowed fields only.
 */
export const hospitalCheckIn =
  (deps: { population: Pick<PopulationReader, 'getCitizen'>; accessLog: AccessRecorder; now: () => Date }) =>
  async (principal: AgencyPrincipal, input: { pin: string; chipVerified: boolean }, requestId: string) => {
    const purpose = PURPOSES['hospital:checkin'];
    const citizen = await deps.population.getCitizen(input.pin);
    if (!citizen) throw new NotFoundError('No citizen with this PIN in the National Population Database.');
    const today = vietnamDate(deps.now());
    const card = citizen.status === 'alive' ? citizen.healthInsurance : undefined;
    const coverageStatus: CoverageStatus = !card
      ? 'none'
      : card.validUntil < today
        ? 'expired'
        : card.validFrom > today
          ? 'not-yet-valid'
          : 'active';
    const answer = restrictToPurpose(purpose, {
      coverageStatus,
      cardNumber: card?.number,
      validUntil: card?.validUntil,
      registeredFacility: card?.facilityCode,
    });
    await deps.accessLog.recordMany([
      {
        subjectPin: citizen.pin,
        accessor: agencyAccessor(principal),
        fields: Object.keys(answer).sort(),
        purpose: purpose.purpose,
        legalBasis: `${purpose.legalBasis}${input.chipVerified ? ' (chip data verified by the facility)' : ''}`,
        outcome: 'granted',
        requestId,
      },
    ]);
    return { pin: citizen.pin, ...answer };
  };
