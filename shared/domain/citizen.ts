/**
 * A citizen's record in the National Population Database, as the platform stores it. Residence is kept
 * by commune code (the unit in force when recorded; old codes still resolve, see admin-units) with the
 * province code denormalised for statistics and routing.
 */
import * as z from 'zod';

export const SexSchema = z.enum(['male', 'female']);
export type Sex = z.infer<typeof SexSchema>;

export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date in the form YYYY-MM-DD.');

export const ResidenceSchema = z.object({
  communeCode: z.string().regex(/^\d{5}$/),
  provinceCode: z.string().regex(/^\d{2}$/),
  addressLine: z.string().min(1).max(200),
  since: IsoDateSchema,
  /** The end of a temporary residence (registered for at most two years, then renewed). */
  until: IsoDateSchema.optional(),
});
export type Residence = z.infer<typeof ResidenceSchema>;

export const HealthInsuranceSchema = z.object({
  /** 15 characters: 2-letter category, 1 benefit digit, 2-digit province, 10-digit social-insurance number. */
  number: z.string().regex(/^[A-Z]{2}\d{13}$/),
  validFrom: IsoDateSchema,
  validUntil: IsoDateSchema,
  /** Registered primary-care facility code (5 characters, province + facility). */
  facilityCode: z.string().regex(/^\d{5}$/),
  /** The dossier that last renewed the card here (service 20), so a retried approval renews it once. */
  dossierId: z.string().min(1).optional(),
});
export type HealthInsurance = z.infer<typeof HealthInsuranceSchema>;

/**
 * An ID card (thẻ căn cước, Law on Identification 2023): its number is the holder's PIN (art. 18). `expiresOn` is the
 * birthday at the next renewal age (14, 25, 40, 60; art. 21), absent for a card valid for life (issued from 58).
 */
export const IdCardSchema = z.object({
  number: z.string().regex(/^\d{12}$/),
  issuedOn: IsoDateSchema,
  expiresOn: IsoDateSchema.optional(),
  status: z.enum(['valid', 'replaced', 'lost-invalidated']),
  /** The service-2 dossier that issued it (a seeded card has none). */
  dossierId: z.string().min(1).optional(),
  /** When a replaced or invalidated card stopped being valid, and the dossier that ended it. */
  endedOn: IsoDateSchema.optional(),
  endedBy: z.string().min(1).optional(),
});
export type IdCard = z.infer<typeof IdCardSchema>;

export const CitizenSchema = z.object({
  pin: z.string().regex(/^\d{12}$/),
  fullName: z.string().min(1).max(100),
  sex: SexSchema,
  birthDate: IsoDateSchema,
  status: z.enum(['alive', 'deceased']),
  deathDate: IsoDateSchema.optional(),
  ethnicity: z.string().min(1).max(40),
  nationality: z.string().length(2),
  permanentResidence: ResidenceSchema,
  temporaryResidence: ResidenceSchema.optional(),
  householdId: z.string().min(1).optional(),
  relationToHead: z.enum(['head', 'spouse', 'child', 'parent', 'other']).optional(),
  fatherPin: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  motherPin: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  spousePin: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  healthInsurance: HealthInsuranceSchema.optional(),
  /**
   * Set when the permanent residence was deleted (after a death); the last address stays for the record,
   * the household membership is removed. A revoked death registration restores both.
   */
  permanentResidenceDeleted: z
    .object({
      on: IsoDateSchema,
      reason: z.enum(['death']),
      dossierId: z.string().min(1),
      /** The household membership the deletion ended, so that a reversal can restore it. */
      householdId: z.string().min(1).optional(),
      relationToHead: z.enum(['head', 'spouse', 'child', 'parent', 'other']).optional(),
    })
    .optional(),
  /** The latest temporary-absence declaration (service 5): away from the permanent residence for this period. */
  temporaryAbsence: z
    .object({
      from: IsoDateSchema,
      until: IsoDateSchema,
      destination: z.string().min(1).max(200),
      reason: z.string().min(1).max(200),
      dossierId: z.string().min(1),
    })
    .optional(),
  /** The latest overnight stay notified by a host (service 6). */
  overnightStay: z
    .object({
      hostPin: z.string().regex(/^\d{12}$/),
      communeCode: z.string().regex(/^\d{5}$/),
      addressLine: z.string().min(1).max(200),
      from: IsoDateSchema,
      until: IsoDateSchema,
      dossierId: z.string().min(1),
    })
    .optional(),
  /** The current ID card (service 2 renews or re-issues it), and the cards it replaced, oldest first. */
  idCard: IdCardSchema.optional(),
  previousIdCards: z.array(IdCardSchema).max(20).optional(),
  /** The 9-digit identity-card number used before PINs, if the citizen had one. */
  oldIdNumber: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export type Citizen = z.infer<typeof CitizenSchema>;
