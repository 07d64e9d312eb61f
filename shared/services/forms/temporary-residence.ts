/**
 * The e-form of service 4, temporary residence registration, as the API validates it: apart from ./residence.ts
 * because its address is checked against the commune tables, which services 5 and 6 do not need.
 */
import * as z from '../../validation/zod.ts';
import { Address } from './address.ts';
import { IsoDate, PinField, PinList } from './fields.ts';

/** Service 4: an address outside the permanent residence, for up to two years. */
export const TemporaryResidenceForm = z.strictObject({
  address: Address,
  from: IsoDate,
  until: IsoDate,
  accommodation: z.enum(['owned', 'rented', 'lent']),
  /** The owner of the accommodation, who consents to the registration. */
  ownerPin: PinField,
  persons: PinList(10),
});
export type TemporaryResidenceForm = z.infer<typeof TemporaryResidenceForm>;
