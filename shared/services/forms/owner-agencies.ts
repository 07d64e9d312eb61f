/**
 * The e-forms of the services decided in the owner agency's own system (7-11, 13, 19, 21-25), by catalogue code:
 * only what the owner agency needs beyond the NPDB (the catalogue's `needs`). Rules: ../procedures/owner-agencies.ts.
 */
import * as z from '../../validation/zod.ts';
import { Address } from './address.ts';
import { IsoDate } from './fields.ts';

const Code = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.regex(pattern, message));
const Reference = z.string().check(z.trim(), z.minLength(3), z.maxLength(40));

/** The e-form of each service: only what the owner agency needs beyond the NPDB (the catalogue's `needs`). */
export const OWNER_AGENCY_FORMS = {
  7: z.strictObject({
    vehicle: z.strictObject({
      make: z.string().check(z.trim(), z.minLength(2), z.maxLength(40)),
      model: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
      engineNumber: Reference,
      frameNumber: Reference,
    }),
    invoiceNumber: Reference,
    plateDelivery: z._default(z.enum(['post', 'collect']), 'collect'),
  }),
  8: z.strictObject({
    decisionNumber: Reference,
    plate: Code(/^\d{2}[A-Z]{1,2}\d?-?\d{4,5}$/, 'A plate like 29A-12345.'),
  }),
  9: z.strictObject({
    kind: z.enum(['first', 'renewal', 'lost']),
    previousPassportNumber: z.optional(Code(/^[A-Z]\d{7,8}$/, 'A passport number like C1234567.')),
    delivery: z._default(z.enum(['post', 'collect']), 'collect'),
  }),
  10: z.strictObject({
    organisation: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
    taxCode: Code(/^\d{10}(-\d{3})?$/, 'A tax code has 10 digits (and a 3-digit branch suffix).'),
    establishmentDecision: Reference,
  }),
  11: z.strictObject({
    organisation: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
    sealKind: z.enum(['miniature', 'embossed', 'wax']),
    reason: z.string().check(z.trim(), z.minLength(10), z.maxLength(500)),
  }),
  13: z.strictObject({
    licenceNumber: Code(/^\d{12}$/, 'A driving licence number has 12 digits.'),
    licenceClass: z.enum(['A1', 'A', 'B1', 'B', 'C1', 'C', 'D1', 'D2', 'D', 'BE', 'C1E', 'CE', 'D1E', 'D2E', 'DE']),
    healthCertificateNumber: Reference,
  }),
  19: z.strictObject({ landCertificateNumber: Reference, parcelNumber: Reference, mapSheet: Reference }),
  21: z.strictObject({
    dependants: z._default(z.int().check(z.gte(0), z.lte(20)), 0),
    employerTaxCode: z.optional(Code(/^\d{10}$/, 'A tax code has 10 digits.')),
  }),
  22: z.strictObject({
    examYear: z.int().check(z.gte(2025), z.lte(2100)),
    school: Reference,
    subjects: z
      .array(z.string().check(z.trim(), z.minLength(2), z.maxLength(40)))
      .check(z.minLength(1), z.maxLength(6)),
  }),
  23: z.strictObject({
    lastEmployer: z.string().check(z.trim(), z.minLength(3), z.maxLength(200)),
    contractEndedOn: IsoDate,
    bankAccount: Reference,
  }),
  24: z.strictObject({
    supplyAddress: Address,
    purpose: z.enum(['household', 'business']),
    expectedKw: z.number().check(z.positive(), z.lte(100)),
  }),
  25: z.strictObject({
    contractNumber: Reference,
    supplyAddress: Address,
    reason: z.enum(['purchase', 'inheritance', 'tenancy']),
  }),
} as const;
