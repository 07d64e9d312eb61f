/**
 * The e-form of service 12, the criminal-record certificate for oneself (Law on Judicial Records 2009, arts. 41-46):
 * which certificate (type 1 states current convictions and, if asked, bans on holding office; type 2 states every
 * conviction, spent or not), what for, how many copies. Name, birth date, birth place, residence, parents and spouse
 * come from the NPDB and are not declared again. Browser-safe, like the other forms here.
 */
import * as z from '../../validation/zod.ts';

/** Copies one request may ask for (the fee circular charges extra from the third). */
export const MAX_CERTIFICATE_COPIES = 10;

export const CriminalRecordForm = z
  .strictObject({
    certificateType: z.union([z.literal(1), z.literal(2)]),
    purpose: z.string().check(z.trim(), z.minLength(5), z.maxLength(200)),
    copies: z.int().check(z.gte(1), z.lte(MAX_CERTIFICATE_COPIES)),
    /** Type 1 only: whether to state a ban on holding posts or founding and managing enterprises (art. 42(3)). */
    includeOfficeBan: z._default(z.boolean(), false),
  })
  .check(
    z.refine((form) => form.certificateType === 1 || !form.includeOfficeBan, {
      message: 'A type 2 certificate states everything; the ban on holding office is chosen for type 1 only.',
      path: ['includeOfficeBan'],
    }),
  );
export type CriminalRecordForm = z.infer<typeof CriminalRecordForm>;
