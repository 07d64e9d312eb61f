import type { CitizenPrincipal } from '../auth/principal.ts';
import { type Clock, systemClock, vietnamDate } from '../domain/clock.ts';
import { NotFoundError } from '../domain/errors.ts';
import { type AccessRecorder, type PopulationReader, presentFields } from './ports.ts';
import { describeResidence } from './residence-units.ts';

export const SELF_SERVICE_LEGAL_BASIS =
  'Law on Identification 2023, art. 10: a citizen may access their own data in the NPDB';

/**
 * A citizen's own record: identity, permanent and temporary residence, household members and linked
 * numbers (health insurance, old ID number).
 * 1. Read the record (404 if the NPDB has none for the signed-in PIN).
 * 2. Read the household's members (names, relation, birth date only).
 * 3. Record the disclosure in the access log: the citizen's own fields, and each member's fields shown.
 * Residence units are named as on `asOf` (default today, Vietnam time): a unit renamed since, or an address read
 * for a day before the July 2025 reorganisation, is shown with the names in force that day.
 */
export const getMyRecord =
  (deps: { population: PopulationReader; accessLog: AccessRecorder; clock?: Clock }) =>
  async (principal: CitizenPrincipal, requestId: string, asOf?: string) => {
    const unitsOn = asOf ?? vietnamDate((deps.clock ?? systemClock).now());
    const citizen = await deps.population.getCitizen(principal.pin);
    if (!citizen) throw new NotFoundError('The National Population Database holds no record for your PIN.');
    const members = citizen.householdId ? await deps.population.listHouseholdMembers(citizen.householdId) : [];
    const others = members
      .filter((m) => m.pin !== citizen.pin)
      .map((m) => ({
        pin: m.pin,
        fullName: m.fullName,
        relationToHead: m.relationToHead,
        birthDate: m.birthDate,
        status: m.status,
      }));
    const record = {
      pin: citizen.pin,
      fullName: citizen.fullName,
      sex: citizen.sex,
      birthDate: citizen.birthDate,
      status: citizen.status,
      deathDate: citizen.deathDate,
      ethnicity: citizen.ethnicity,
      nationality: citizen.nationality,
      permanentResidence: describeResidence(citizen.permanentResidence, unitsOn),
      temporaryResidence: describeResidence(citizen.temporaryResidence, unitsOn),
      household: citizen.householdId
        ? { id: citizen.householdId, relationToHead: citizen.relationToHead, members: others }
        : undefined,
      linkedNumbers: { healthInsurance: citizen.healthInsurance, oldIdNumber: citizen.oldIdNumber },
    };
    const accessor = { type: 'citizen' as const, id: principal.pin };
    await deps.accessLog.recordMany([
      {
        subjectPin: citizen.pin,
        accessor,
        fields: presentFields({ ...record, household: undefined, linkedNumbers: undefined, ...record.linkedNumbers }),
        purpose: 'citizen-self-service',
        legalBasis: SELF_SERVICE_LEGAL_BASIS,
        outcome: 'granted',
        requestId,
      },
      ...others.map((member) => ({
        subjectPin: member.pin,
        accessor,
        fields: ['birthDate', 'fullName', 'relationToHead', 'status'],
        purpose: 'household-members',
        legalBasis: 'Law on Residence 2020, art. 26: members of a household see who is registered in it',
        outcome: 'granted' as const,
        requestId,
      })),
    ]);
    return record;
  };
