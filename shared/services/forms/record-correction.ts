/**
 * The form of a record correction (shared/services/procedures/record-correction.ts says what the procedure does), apart
 * from its rules so that the portal validates with it without bundling them: which fields of the citizen's own record
 * are wrong and their right values, why, and the document that proves it.
 */
import { ethnicGroupNamed } from '../../domain/ethnicities.ts';
import { normaliseName } from '../../domain/names.ts';
import * as z from '../../validation/zod.ts';
import { IsoDate } from './fields.ts';

/** The fields a citizen may have corrected here. */
export const CORRECTABLE_FIELDS = ['fullName', 'birthDate', 'sex', 'ethnicity'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

const NameValue = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const result = normaliseName(text, 'full name');
    if (result.ok) return result.name;
    for (const message of result.errors) z.transformIssue(context, message);
    return z.NEVER;
  }),
);

const EthnicityValue = z.pipe(
  z.string(),
  z.transform((text, context) => {
    const group = ethnicGroupNamed(text);
    if (group) return group;
    z.transformIssue(context, `"${text}" is not one of the 54 ethnic groups of Vietnam.`);
    return z.NEVER;
  }),
);

const Correction = z.discriminatedUnion(
  'field',
  [
    z.strictObject({ field: z.literal('fullName'), value: NameValue }),
    z.strictObject({ field: z.literal('birthDate'), value: IsoDate }),
    z.strictObject({ field: z.literal('sex'), value: z.enum(['male', 'female']) }),
    z.strictObject({ field: z.literal('ethnicity'), value: EthnicityValue }),
  ],
  {
    error: () =>
      `Only ${CORRECTABLE_FIELDS.join(', ')} can be corrected here; the PIN is never changed, and birth place and religion are not fields of this record.`,
  },
);

export const RecordCorrectionForm = z.strictObject({
  corrections: z.array(Correction).check(
    z.minLength(1),
    z.maxLength(CORRECTABLE_FIELDS.length),
    z.refine((list) => new Set(list.map((c) => c.field)).size === list.length, 'Name each field once.'),
  ),
  /** Why the record is wrong, in the citizen's words (kept in the change history). */
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(500)),
  /** The document that proves the right value, e.g. "Giấy khai sinh số 12/2001, UBND xã …" (checked by the officer). */
  evidence: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(200))),
});
export type RecordCorrectionForm = z.infer<typeof RecordCorrectionForm>;
