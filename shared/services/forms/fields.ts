/**
 * The form fields the single-agency services share. Browser-safe (zod and the NPDB's reference data only), so the
 * portal validates with exactly the schemas the API does; the procedures' rules import them from here too. The
 * address, which reads the commune tables, is in ./address.ts.
 */
import { IsoDate } from '../../dossiers/forms.ts';
import { PinField } from '../../lambda/fields.ts';
import * as z from '../../validation/zod.ts';

export { IsoDate, PinField };

/** A list of PINs, each once. */
export const PinList = (max: number) =>
  z.array(PinField).check(
    z.minLength(1),
    z.maxLength(max),
    z.refine((list) => new Set(list).size === list.length, 'Each person is named once.'),
  );
