import type { CitizenPrincipal } from '../auth/principal.ts';
import { vietnamDate } from '../domain/clock.ts';
import { ageInYears } from '../domain/dates.ts';
import type { AccessRecorder, PopulationReader } from './ports.ts';
import { describeResidence } from './residence-units.ts';

/** Children under this age are minors whose records their parents may see. */
export const AGE_OF_MAJORITY = 18;

/**
 * The signed-in parent's minor children (under 18, living), with the fields a parent needs to act for
 * them: identity, residence and health insurance.
 * 1. Read the parent→child links (both parents have one), then each child's record.
 * 2. Keep living minors only.
 * 3. Record each child's disclosure in the child's access log, naming the parent as the reader.
 */
export const listMyChildren =
  (deps: { population: PopulationReader; accessLog: AccessRecorder; now: () => Date }) =>
  async (principal: CitizenPrincipal, requestId: string) => {
    const today = vietnamDate(deps.now());
    const pins = await deps.population.listChildren(principal.pin);
    const records = await Promise.all(pins.map((pin) => deps.population.getCitizen(pin)));
    const children = records
      .filter((c) => c !== undefined)
      .filter((c) => c.status === 'alive' && c.birthDate <= today && ageInYears(c.birthDate, today) < AGE_OF_MAJORITY)
      .map((c) => ({
        pin: c.pin,
        fullName: c.fullName,
        sex: c.sex,
        birthDate: c.birthDate,
        permanentResidence: describeResidence(c.permanentResidence, today),
        healthInsurance: c.healthInsurance,
      }));
    await deps.accessLog.recordMany(
      children.map((child) => ({
        subjectPin: child.pin,
        accessor: { type: 'citizen' as const, id: principal.pin },
        onBehalfOf: child.pin,
        fields: ['birthDate', 'fullName', 'healthInsurance', 'permanentResidence', 'sex'].filter(
          (f) => (child as Record<string, unknown>)[f] !== undefined,
        ),
        purpose: 'parent-of-minor',
        legalBasis: 'Civil Code 2015, art. 136: parents are the legal representatives of their minor children',
        outcome: 'granted' as const,
        requestId,
      })),
    );
    return { children };
  };
