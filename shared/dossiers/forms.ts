/**
 * The e-forms of the two procedure groups: what a citizen submits, validated at the API by these schemas.
 * "No re-declaration": nothing the NPDB already holds (parents' names, addresses, the deceased's details) is
 * asked for; the PINs identify the people and the steps read the rest from the NPDB.
 */
import { parseIsoDate } from '../domain/dates.ts';
import { normaliseName } from '../domain/names.ts';
import { PinField } from '../lambda/fields.ts';
import * as z from '../validation/zod.ts';

/** A real calendar date (2026-02-30 is refused with a message, not a 500 later). */
export const IsoDate = z.string().check(
  z.superRefine((value, context) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      context.addIssue({ code: 'custom', message: 'Use a date in the form YYYY-MM-DD.' });
      return;
    }
    const parsed = parseIsoDate(value);
    if (!parsed.ok) for (const message of parsed.errors) context.addIssue({ code: 'custom', message });
  }),
);
/** A Vietnamese name, normalised to NFC with its diacritics kept; problems are reported as they are. */
const NameField = z.pipe(
  z.string(),
  z.transform((text: string, payload) => {
    const result = normaliseName(text, "child's name");
    if (result.ok) return result.name;
    for (const message of result.errors) z.transformIssue(payload, message);
    return z.NEVER;
  }),
);
export const CommuneCode = z.string().check(z.regex(/^\d{5}$/, 'A commune code has 5 digits.'));

export const BirthFormSchema = z.strictObject({
  child: z.strictObject({
    fullName: NameField,
    sex: z.enum(['male', 'female']),
    birthDate: IsoDate,
    /** Where the child was born (the commune of the hospital); defaults to the handling commune. */
    birthPlaceCommuneCode: z.optional(CommuneCode),
    ethnicity: z._default(z.string().check(z.minLength(1), z.maxLength(40)), 'Kinh'),
    nationality: z._default(z.string().check(z.length(2)), 'VN'),
  }),
  motherPin: PinField,
  fatherPin: z.optional(PinField),
  /** The hospital's birth certificate (giấy chứng sinh), issued electronically by the facility. */
  birthCertificate: z.strictObject({
    number: z.string().check(z.minLength(3), z.maxLength(40)),
    facilityCode: z.string().check(z.regex(/^\d{5}$/, 'A health facility code has 5 digits.')),
    issuedOn: IsoDate,
  }),
  /** The household the child joins: the applicant's own household when left out. */
  householdOf: z.optional(PinField),
});
export type BirthForm = z.infer<typeof BirthFormSchema>;

/** The procedures of group 2 a family may ask for: the first two always, then 3 or 4. */
export const DEATH_PROCEDURES = ['funeral-allowance', 'survivor-benefit'] as const;

export const DeathFormSchema = z.strictObject({
  deceasedPin: PinField,
  deathDate: IsoDate,
  /** The death notice (giấy báo tử) from the hospital or the commune. */
  deathNotice: z.strictObject({
    number: z.string().check(z.minLength(3), z.maxLength(40)),
    issuedBy: z.string().check(z.minLength(2), z.maxLength(120)),
    issuedOn: IsoDate,
  }),
  /** Optional procedures beyond death registration and deletion of residence (2, 3 or 4 procedures). */
  alsoRequest: z._default(z.array(z.enum(DEATH_PROCEDURES)).check(z.maxLength(2)), []).check(
    z.refine((list) => new Set(list).size === list.length, 'Each procedure may be requested once.'),
    z.refine(
      (list) => !list.includes('survivor-benefit') || list.includes('funeral-allowance'),
      'The survivor benefit is requested together with the funeral allowance (4 procedures).',
    ),
  ),
  /** Who receives the allowance, and on what basis the family claims it. */
  funeralAllowance: z.optional(
    z.strictObject({
      basis: z.enum(['insured', 'pensioner', 'social-protection']),
      recipientPin: PinField,
    }),
  ),
  /** Additional certified copies of the death extract (the first is free); a fee (shared/payments/fees.ts). */
  extractCopies: z.optional(z.int().check(z.gte(0), z.lte(10))),
});
export type DeathForm = z.infer<typeof DeathFormSchema>;

export const SubmitDossierSchema = z.discriminatedUnion('group', [
  z.strictObject({ group: z.literal('birth-group'), form: BirthFormSchema }),
  z.strictObject({ group: z.literal('death-group'), form: DeathFormSchema }).check(
    z.refine((d) => !d.form.alsoRequest.includes('funeral-allowance') || d.form.funeralAllowance !== undefined, {
      message: 'Name the recipient and the basis of the funeral allowance.',
      path: ['form', 'funeralAllowance'],
    }),
  ),
]);
export type SubmitDossier = z.infer<typeof SubmitDossierSchema>;
