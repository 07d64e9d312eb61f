/**
 * The e-forms of the residence services (5 temporary absence, 6 overnight stay, the change of household head; 3,
 * permanent residence, and 4, temporary residence, take a commune and are in ./permanent-residence.ts and
 * ./temporary-residence.ts), as the API validates them. The rules that go with them are in ../procedures/.
 */
import * as z from '../../validation/zod.ts';
import { IsoDate, PinField, PinList } from './fields.ts';

/** A member of a household and their relation to its head. */
export const HouseholdPerson = z.strictObject({
  pin: PinField,
  relationToHead: z.enum(['spouse', 'child', 'parent', 'other']),
});

/**
 * A household's new head (Law on Residence 2020, art. 10(4) and 26(1)(a); not one of the 25): the member the household
 * chose, and every other living member's relation to that member, as the declaration of changed residence
 * information (CT01) states them.
 */
export const HouseholdHeadChangeForm = z.strictObject({
  /** The household, as the NPDB knows it (GET /v1/me answers it); the applicant must live in it. */
  householdId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  newHeadPin: PinField,
  /** Each other living member once, with their relation to the new head (the former head too, if they stay). */
  members: z.array(HouseholdPerson).check(
    z.maxLength(30),
    z.refine((list) => new Set(list.map((p) => p.pin)).size === list.length, 'Each member is named once.'),
  ),
  /** Why the household chose a new head, e.g. "Chủ hộ cũ đã mất" (kept in each member's change history). */
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(500)),
});
export type HouseholdHeadChangeForm = z.infer<typeof HouseholdHeadChangeForm>;

/** Service 5: away from the permanent residence for a while. */
export const TemporaryAbsenceForm = z.strictObject({
  from: IsoDate,
  until: IsoDate,
  destination: z.string().check(z.trim(), z.minLength(5), z.maxLength(200)),
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(200)),
});
export type TemporaryAbsenceForm = z.infer<typeof TemporaryAbsenceForm>;

/** Service 6: the host names the guests staying overnight. */
export const OvernightStayForm = z.strictObject({
  guests: PinList(20),
  from: IsoDate,
  until: IsoDate,
  /** Where the guests stay: the host's permanent residence, or their registered temporary residence. */
  place: z._default(z.enum(['permanent-residence', 'temporary-residence']), 'permanent-residence'),
});
export type OvernightStayForm = z.infer<typeof OvernightStayForm>;
