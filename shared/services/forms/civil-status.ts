/**
 * The e-forms of services 14 and 15, birth and death registration on their own: the procedure groups' forms
 * (shared/dossiers/forms.ts) without the parts of the other procedures (the household to join; the allowance, the
 * survivor benefit and the extra copies). Rules: ../procedures/birth-registration.ts, death-registration.ts.
 */
import { BirthFormSchema, DeathFormSchema } from '../../dossiers/forms.ts';
import * as z from '../../validation/zod.ts';

export const BirthRegistrationForm = z.omit(BirthFormSchema, { householdOf: true });
export type BirthRegistrationForm = z.infer<typeof BirthRegistrationForm>;

export const DeathRegistrationForm = z.pick(DeathFormSchema, { deceasedPin: true, deathDate: true, deathNotice: true });
export type DeathRegistrationForm = z.infer<typeof DeathRegistrationForm>;
