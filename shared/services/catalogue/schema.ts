/**
 * The shape of one essential public service in the catalogue, and of the API's answers about them. The zod
 * schemas are the contract: the API validates the catalogue against them at load, the OpenAPI document is
 * generated from them, and the portal imports the inferred types.
 */
import { GROUP_IDS } from '../../dossiers/catalogue.ts';
import * as z from '../../validation/zod.ts';

export const TextSchema = z.object({ vi: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });
export type Text = z.infer<typeof TextSchema>;

/** How a citizen starts the service online, where they can today. */
export const ServiceStartSchema = z.discriminatedUnion('kind', [
  /** An interconnected procedure group: `POST /v1/dossiers` with `{group, form}`. */
  z.object({ kind: z.literal('group'), group: z.enum(GROUP_IDS) }),
  /** A route of its own. */
  z.object({ kind: z.literal('route'), path: z.literal('/v1/services/old-id-confirmations') }),
  /**
   * A single-agency dossier: `POST <path>` with `{form}` and an Idempotency-Key, handled by the service's own Lambda
   * function (generated from this entry in infra/topology.ts) and its rules in shared/services/procedures/.
   */
  z.object({ kind: z.literal('dossier'), path: z.string().check(z.regex(/^\/v1\/services\/[a-z0-9-]+\/dossiers$/)) }),
]);
export type ServiceStart = z.infer<typeof ServiceStartSchema>;

/**
 * One ground on which a service's fee is waived (docs/services.md, "Fee exemptions"), and how it is established:
 * - `npdb`: from a fact the NPDB holds (today the applicant's age, who for these services is the person concerned),
 *   applied automatically at intake;
 * - `declaration`: declared by the citizen with the reference of the evidence named here (the form's optional
 *   `feeExemption: {ground, evidenceReference}`): the fee is waived at intake and the officer confirms the evidence at
 *   the decision (check `fee-exemption-evidence`, never passed automatically);
 * - `described`: stated for information only, applied by the amount itself (`onlineAmountVnd`, a service's rules)
 *   or not applied here (its `note` says which).
 */
export const FeeExemptionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
  text: TextSchema,
  legalBasis: z.string().check(z.minLength(1)),
  establishedBy: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('npdb'),
      /** The applicant's age in whole years on the day of intake: under `under`, or at least `atLeast`. */
      applicantAge: z.union([
        z.strictObject({ under: z.int().check(z.gte(1), z.lte(120)) }),
        z.strictObject({ atLeast: z.int().check(z.gte(1), z.lte(120)) }),
      ]),
    }),
    z.strictObject({ kind: z.literal('declaration'), evidence: TextSchema }),
    z.strictObject({ kind: z.literal('described') }),
  ]),
  /** Set where the ground is configuration the operators must confirm against the fee circular in force. */
  note: z.optional(TextSchema),
});
export type FeeExemption = z.infer<typeof FeeExemptionSchema>;

export const ServiceSchema = z
  .object({
    /** Number in the national list of 25 essential public services. */
    code: z.int().check(z.gte(1), z.lte(25)),
    slug: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
    name: TextSchema,
    /** The agency answerable for the service (owners changed in 2025: data, not code). */
    owner: z.object({ agency: z.string().check(z.regex(/^[a-z0-9-]+$/)), name: TextSchema }),
    legalBasis: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    /** The e-ID level an applicant needs (online public services need level 2). */
    eidLevel: z.union([z.literal(1), z.literal(2)]),
    /** Statutory time limit in working days, the receipt day counting as day 1; 0 = the same day. */
    deadlineWorkingDays: z.int().check(z.gte(0)),
    fee: z
      .object({
        amountVnd: z.int().check(z.gte(0)),
        /** The reduced amount when the dossier is filed online, where the fee circular sets one; what is charged here. */
        onlineAmountVnd: z.optional(z.int().check(z.gte(0))),
        exemptions: z
          .array(FeeExemptionSchema)
          .check(z.refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'exemption ids are unique')),
        /** Set where the amount is a configured value the operators must confirm against the current fee circular. */
        note: z.optional(TextSchema),
      })
      .check(
        z.refine((f) => f.onlineAmountVnd === undefined || f.onlineAmountVnd <= f.amountVnd, {
          message: 'the online fee is a reduction, never more than the fee',
          path: ['onlineAmountVnd'],
        }),
      ),
    documentsIssued: z.array(TextSchema).check(z.minLength(1)),
    /** What the citizen must provide beyond what the NPDB already holds. */
    needs: z.array(TextSchema),
    /** `full`: submitted and decided on this platform today; `catalogue-only`: described, not yet runnable here. */
    online: z.enum(['full', 'catalogue-only']),
    start: z.optional(ServiceStartSchema),
    /**
     * Set where the decision is taken in the owner agency's own system: the dossier waits in that agency's inbox here
     * and its officer records the decision; the platform does not reach into that system.
     */
    boundary: z.optional(TextSchema),
  })
  .check(
    z.refine((s) => (s.online === 'full') === (s.start !== undefined), {
      message: 'a service that is fully online says how to start it, and only such a service does',
      path: ['start'],
    }),
    z.refine((s) => s.start?.kind !== 'dossier' || s.start.path === `/v1/services/${s.slug}/dossiers`, {
      message: 'a dossier service starts at /v1/services/<its slug>/dossiers',
      path: ['start'],
    }),
  );
export type Service = z.infer<typeof ServiceSchema>;

/** `GET /v1/services` */
export const ServiceListResponseSchema = z.object({ services: z.array(ServiceSchema) });
export type ServiceListResponse = z.infer<typeof ServiceListResponseSchema>;

/** `GET /v1/services/{code}` */
export const ServiceResponseSchema = ServiceSchema;
export type ServiceResponse = Service;
