/**
 * Services decided in the owner agency's own system (vehicle registers, passports, seals, driving licences, land,
 * tax, exams, employment, electricity): 7-11, 13, 19, 21-25. Here they are dossiers like any other: the e-form is
 * validated, the NPDB supplies identity and residence ("no re-declaration"), and the dossier waits in the owner
 * agency's inbox in the applicant's commune and province. An officer of that agency records the decision their
 * system took; the platform changes nothing in the NPDB for them. Connecting each agency's system (vehicle register,
 * tax, EVN...) is out of scope: see docs/services.md, "The boundary".
 */
import * as z from 'zod';
import { findCommune } from '../../domain/admin-units/communes.ts';
import type { ServiceForm } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { finding } from '../../dossiers/steps/common.ts';
import type { Agency } from '../../identity/account.ts';
import { Address, IsoDate } from './support.ts';

const Code = (pattern: RegExp, message: string) => z.string().trim().regex(pattern, message);
const Reference = z.string().trim().min(3).max(40);

/** The e-form of each service: only what the owner agency needs beyond the NPDB (the catalogue's `needs`). */
export const OWNER_AGENCY_FORMS = {
  7: z.strictObject({
    vehicle: z.strictObject({
      make: z.string().trim().min(2).max(40),
      model: z.string().trim().min(1).max(40),
      engineNumber: Reference,
      frameNumber: Reference,
    }),
    invoiceNumber: Reference,
    plateDelivery: z.enum(['post', 'collect']).default('collect'),
  }),
  8: z.strictObject({
    decisionNumber: Reference,
    plate: Code(/^\d{2}[A-Z]{1,2}\d?-?\d{4,5}$/, 'A plate like 29A-12345.'),
  }),
  9: z.strictObject({
    kind: z.enum(['first', 'renewal', 'lost']),
    previousPassportNumber: Code(/^[A-Z]\d{7,8}$/, 'A passport number like C1234567.').optional(),
    delivery: z.enum(['post', 'collect']).default('collect'),
  }),
  10: z.strictObject({
    organisation: z.string().trim().min(3).max(200),
    taxCode: Code(/^\d{10}(-\d{3})?$/, 'A tax code has 10 digits (and a 3-digit branch suffix).'),
    establishmentDecision: Reference,
  }),
  11: z.strictObject({
    organisation: z.string().trim().min(3).max(200),
    sealKind: z.enum(['miniature', 'embossed', 'wax']),
    reason: z.string().trim().min(10).max(500),
  }),
  13: z.strictObject({
    licenceNumber: Code(/^\d{12}$/, 'A driving licence number has 12 digits.'),
    licenceClass: z.enum(['A1', 'A', 'B1', 'B', 'C1', 'C', 'D1', 'D2', 'D', 'BE', 'C1E', 'CE', 'D1E', 'D2E', 'DE']),
    healthCertificateNumber: Reference,
  }),
  19: z.strictObject({ landCertificateNumber: Reference, parcelNumber: Reference, mapSheet: Reference }),
  21: z.strictObject({
    dependants: z.number().int().min(0).max(20).default(0),
    employerTaxCode: Code(/^\d{10}$/, 'A tax code has 10 digits.').optional(),
  }),
  22: z.strictObject({
    examYear: z.number().int().min(2025).max(2100),
    school: Reference,
    subjects: z.array(z.string().trim().min(2).max(40)).min(1).max(6),
  }),
  23: z.strictObject({
    lastEmployer: z.string().trim().min(3).max(200),
    contractEndedOn: IsoDate,
    bankAccount: Reference,
  }),
  24: z.strictObject({
    supplyAddress: Address,
    purpose: z.enum(['household', 'business']),
    expectedKw: z.number().positive().max(100),
  }),
  25: z.strictObject({
    contractNumber: Reference,
    supplyAddress: Address,
    reason: z.enum(['purchase', 'inheritance', 'tenancy']),
  }),
} as const;

export type OwnerAgencyCode = keyof typeof OWNER_AGENCY_FORMS;

/** Which agency's officers hold the inbox of each service. */
const DECIDED_BY: Readonly<Record<OwnerAgencyCode, Agency>> = {
  7: 'police',
  8: 'police',
  9: 'police',
  10: 'police',
  11: 'police',
  13: 'police',
  19: 'agriculture-environment',
  21: 'finance',
  22: 'education',
  23: 'home-affairs',
  24: 'evn',
  25: 'evn',
};

const ownerAgencyProcedure = (code: OwnerAgencyCode): ServiceProcedure => ({
  code,
  agency: DECIDED_BY[code],
  form: OWNER_AGENCY_FORMS[code] as unknown as z.ZodType<ServiceForm, unknown>,
  async intake({ applicant, form }) {
    const supply = (form as { supplyAddress?: { communeCode: string } }).supplyAddress;
    const communeCode = supply?.communeCode ?? applicant.permanentResidence.communeCode;
    return {
      communeCode,
      provinceCode: findCommune(communeCode)?.provinceCode ?? applicant.permanentResidence.provinceCode,
      parties: [],
      subject: `service-${code}#${applicant.pin}`,
    };
  },
  rule: {
    // Never auto-approved: the decision is the owner agency's, taken in its own system.
    check: async () => [
      finding('decided-in-owner-system', false, `decided in the ${DECIDED_BY[code]} system; record its decision here`),
    ],
    apply: async ({ dossier }) => ({
      result: { decidedIn: DECIDED_BY[code] },
      text: {
        vi: `Hồ sơ ${dossier.id} đã được cơ quan chủ quản chấp thuận; kết quả được trả từ hệ thống của cơ quan đó.`,
        en: `Dossier ${dossier.id} was approved by the owner agency; the result comes from that agency's system.`,
      },
    }),
    // Nothing is written to the registries here.
    applied: async () => false,
  },
});

export const OWNER_AGENCY_PROCEDURES: readonly ServiceProcedure[] = (
  Object.keys(OWNER_AGENCY_FORMS).map(Number) as OwnerAgencyCode[]
).map(ownerAgencyProcedure);
