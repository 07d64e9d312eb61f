/**
 * The e-form of service 3, permanent residence registration, as the API validates it: apart from ./residence.ts
 * because the household's commune is checked against the commune tables, which the other residence services do not
 * need.
 */
import * as z from '../../validation/zod.ts';
import { KnownCommune } from './address.ts';
import { PinField } from './fields.ts';
import { HouseholdPerson } from './residence.ts';

/** Service 3: people joining a household, named by its head and the commune where it lives. */
export const PermanentResidenceForm = z.strictObject({
  /** The head of the household the people join (the address is the household's). */
  householdHeadPin: PinField,
  /**
   * The commune of the household's address, as the applicant states it. The dossier goes to its police whatever the
   * head's record says: routing by that record would tell the applicant whether, and where, any PIN heads a household.
   */
  householdCommuneCode: KnownCommune,
  persons: z.array(HouseholdPerson).check(
    z.minLength(1),
    z.maxLength(10),
    z.refine((list) => new Set(list.map((p) => p.pin)).size === list.length, 'Each person is named once.'),
  ),
});
export type PermanentResidenceForm = z.infer<typeof PermanentResidenceForm>;
