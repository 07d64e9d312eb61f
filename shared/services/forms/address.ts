/**
 * An address in a commune in force, checked against the commune tables (about 115 KB in a bundle): apart from
 * fields.ts so that only the forms that take an address, and the functions that file them, load the tables.
 * Browser-safe like fields.ts.
 */
import * as z from 'zod';
import { findCommune } from '../../domain/admin-units/communes.ts';
import { CommuneCode } from '../../dossiers/forms.ts';

/** A commune code of the units in force. */
export const KnownCommune = CommuneCode.refine((code) => findCommune(code) !== undefined, 'No commune has this code.');

export const Address = z.strictObject({
  communeCode: KnownCommune,
  addressLine: z.string().trim().min(5).max(200),
});
