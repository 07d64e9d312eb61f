/**
 * An address in a commune in force, checked against the communes' codes (about 4 KB in a bundle): apart from
 * fields.ts so that only the forms that take an address, and the functions that file them, load them.
 * Browser-safe like fields.ts.
 */
import { communePlace } from '../../domain/admin-units/commune-codes.ts';
import { CommuneCode } from '../../dossiers/forms.ts';
import * as z from '../../validation/zod.ts';

/** A commune code of the units in force. */
export const KnownCommune = CommuneCode.check(
  z.refine((code) => communePlace(code) !== undefined, 'No commune has this code.'),
);

export const Address = z.strictObject({
  communeCode: KnownCommune,
  addressLine: z.string().check(z.trim(), z.minLength(5), z.maxLength(200)),
});
