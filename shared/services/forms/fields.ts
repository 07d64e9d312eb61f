/**
 * The form fields the single-agency services share. Browser-safe (zod and the NPDB's reference data only), so the
 * portal validates with exactly the schemas the API does; the procedures' rules import them from here too.
 */
import * as z from 'zod';
import { findCommune } from '../../domain/admin-units/communes.ts';
import { CommuneCode, IsoDate } from '../../dossiers/forms.ts';
import { PinField } from '../../lambda/fields.ts';

export { IsoDate, PinField };

/** A commune code of the units in force. */
export const KnownCommune = CommuneCode.refine((code) => findCommune(code) !== undefined, 'No commune has this code.');

export const Address = z.strictObject({
  communeCode: KnownCommune,
  addressLine: z.string().trim().min(5).max(200),
});

/** A list of PINs, each once. */
export const PinList = (max: number) =>
  z
    .array(PinField)
    .min(1)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'Each person is named once.');
