/**
 * A citizen's record in the National Population Database, as the platform stores it. Residence is kept
 * by commune code (the unit in force when recorded; old codes still resolve, see admin-units) with the
 * province code denormalised for statistics and routing.
 */
import * as z from '../validation/zod.ts';

export const SexSchema = z.enum(['male', 'female']);
export type Sex = z.infer<typeof SexSchema>;

export const IsoDateSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date in the form YYYY-MM-DD.'));

export const ResidenceSchema = z.object({
  communeCode: z.string().check(z.regex(/^\d{5}$/)),
  provinceCode: z.string().check(z.regex(/^\d{2}$/)),
  addressLine: z.string().check(z.minLength(1), z.maxLength(200)),
  since: IsoDateSchema,
  /** The end of a temporary residence (registered for at most two years, then renewed). */
  until: z.optional(IsoDateSchema),
});
export type Residence = z.infer<typeof ResidenceSchema>;

export const HealthInsuranceSchema = z.object({
  /** 15 characters: 2-letter category, 1 benefit digit, 2-digit province, 10-digit social-insurance number. */
  number: z.string().check(z.regex(/^[A-Z]{2}\d{13}$/)),
  validFrom: IsoDateSchema,
  validUntil: IsoDateSchema,
  /** Registered primary-care facility code (5 characters, province + facility). */
  facilityCode: z.string().check(z.regex(/^\d{5}$/)),
  /**
   * The dossier that issued the card (a birth group's IssueChildHealthInsurance) or last renewed it here (service 20),
   * so a retried approval issues or renews it once; a synchronised card has none.
   */
  dossierId: z.optional(z.string().check(z.minLength(1))),
});
export type HealthInsurance = z.infer<typeof HealthInsuranceSchema>;

/**
 * An ID card (thẻ căn cước, Law on Identification 2023): its number is the holder's PIN (art. 18). `expiresOn` is the
 * birthday at the next renewal age (14, 25, 40, 60; art. 21), absent for a card valid for life (issued from 58).
 */
export const IdCardSchema = z.object({
  number: z.string().check(z.regex(/^\d{12}$/)),
  issuedOn: IsoDateSchema,
  expiresOn: z.optional(IsoDateSchema),
  status: z.enum(['valid', 'replaced', 'lost-invalidated']),
  /** The service-2 dossier that issued it (a seeded card has none). */
  dossierId: z.optional(z.string().check(z.minLength(1))),
  /** When a replaced or invalidated card stopped being valid, and the dossier that ended it. */
  endedOn: z.optional(IsoDateSchema),
  endedBy: z.optional(z.string().check(z.minLength(1))),
});
export type IdCard = z.infer<typeof IdCardSchema>;

export const CitizenSchema = z.object({
  pin: z.string().check(z.regex(/^\d{12}$/)),
  fullName: z.string().check(z.minLength(1), z.maxLength(100)),
  sex: SexSchema,
  birthDate: IsoDateSchema,
  status: z.enum(['alive', 'deceased']),
  deathDate: z.optional(IsoDateSchema),
  /**
   * The death-group dossier that registered the death (a seeded or synchronised death has none), so a retried
   * approval finds the death it recorded rather than a person already dead.
   */
  deathDossierId: z.optional(z.string().check(z.minLength(1))),
  ethnicity: z.string().check(z.minLength(1), z.maxLength(40)),
  nationality: z.string().check(z.length(2)),
  permanentResidence: ResidenceSchema,
  temporaryResidence: z.optional(ResidenceSchema),
  householdId: z.optional(z.string().check(z.minLength(1))),
  /**
   * The dossier that last registered this person's permanent residence in their household (group 17's residence
   * step, service 3); a seeded or synchronised residence has none. A retried or abandoned approval finds its own
   * effect by it, where another dossier's placement in the same household is not this one's.
   */
  residenceDossierId: z.optional(z.string().check(z.minLength(1))),
  relationToHead: z.optional(z.enum(['head', 'spouse', 'child', 'parent', 'other'])),
  fatherPin: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  motherPin: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  spousePin: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  healthInsurance: z.optional(HealthInsuranceSchema),
  /**
   * Set when the permanent residence was deleted (after a death); the last address stays for the record,
   * the household membership is removed. A revoked death registration restores both.
   */
  permanentResidenceDeleted: z.optional(
    z.object({
      on: IsoDateSchema,
      reason: z.enum(['death']),
      dossierId: z.string().check(z.minLength(1)),
      /** The household membership the deletion ended, so that a reversal can restore it. */
      householdId: z.optional(z.string().check(z.minLength(1))),
      relationToHead: z.optional(z.enum(['head', 'spouse', 'child', 'parent', 'other'])),
      /** The dossier that had placed the person in that household (`residenceDossierId`), restored with it. */
      residenceDossierId: z.optional(z.string().check(z.minLength(1))),
    }),
  ),
  /** The latest temporary-absence declaration (service 5): away from the permanent residence for this period. */
  temporaryAbsence: z.optional(
    z.object({
      from: IsoDateSchema,
      until: IsoDateSchema,
      destination: z.string().check(z.minLength(1), z.maxLength(200)),
      reason: z.string().check(z.minLength(1), z.maxLength(200)),
      dossierId: z.string().check(z.minLength(1)),
    }),
  ),
  /** The latest overnight stay notified by a host (service 6). */
  overnightStay: z.optional(
    z.object({
      hostPin: z.string().check(z.regex(/^\d{12}$/)),
      communeCode: z.string().check(z.regex(/^\d{5}$/)),
      addressLine: z.string().check(z.minLength(1), z.maxLength(200)),
      from: IsoDateSchema,
      until: IsoDateSchema,
      dossierId: z.string().check(z.minLength(1)),
    }),
  ),
  /** The current ID card (service 2 renews or re-issues it), and the cards it replaced, oldest first. */
  idCard: z.optional(IdCardSchema),
  previousIdCards: z.optional(z.array(IdCardSchema).check(z.maxLength(20))),
  /** The 9-digit identity-card number used before PINs, if the citizen had one. */
  oldIdNumber: z.optional(z.string().check(z.regex(/^\d{9}$/))),
});
export type Citizen = z.infer<typeof CitizenSchema>;
