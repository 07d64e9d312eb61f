/** The e-form of service 20, household health-insurance renewal. Rules: ../procedures/household-health-insurance.ts. */
import * as z from '../../validation/zod.ts';
import { PinList } from './fields.ts';

export const HouseholdHealthInsuranceForm = z.strictObject({
  /** The members renewing, in the order of the discount (the first pays the full premium). */
  members: PinList(20),
  /** The primary-care facility of a member who holds no card yet (5 digits: province + facility). */
  facilityCode: z.optional(z.string().check(z.regex(/^\d{5}$/, 'A health facility code has 5 digits.'))),
});
export type HouseholdHealthInsuranceForm = z.infer<typeof HouseholdHealthInsuranceForm>;
