/**
 * Services decided in the owner agency's own system (vehicle registers, passports, seals, driving licences, land,
 * tax, exams, employment, electricity): 7-11, 13, 19, 21-25. Here they are dossiers like any other: the e-form is
 * validated, the NPDB supplies identity and residence ("no re-declaration"), and the dossier waits in the owner
 * agency's inbox in the applicant's commune and province. An officer of that agency records the decision their
 * system took; the platform changes nothing in the NPDB for them. Connecting each agency's system (vehicle register,
 * tax, EVN...) is out of scope: see docs/services.md, "The boundary".
 */
import { communePlace } from '../../domain/admin-units/commune-codes.ts';
import type { ServiceForm } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { finding } from '../../dossiers/steps/common.ts';
import type { Agency } from '../../identity/account.ts';
import type * as z from '../../validation/zod.ts';
import { OWNER_AGENCY_FORMS } from '../forms/owner-agencies.ts';

export { OWNER_AGENCY_FORMS };

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

/** The rules of one owner-agency service: each service's function bundles only what it needs. */
export const ownerAgencyProcedure = (code: OwnerAgencyCode): ServiceProcedure => ({
  code,
  agency: DECIDED_BY[code],
  form: OWNER_AGENCY_FORMS[code] as unknown as z.ZodMiniType<ServiceForm, unknown>,
  async intake({ applicant, form }) {
    const supply = (form as { supplyAddress?: { communeCode: string } }).supplyAddress;
    const communeCode = supply?.communeCode ?? applicant.permanentResidence.communeCode;
    return {
      communeCode,
      provinceCode: communePlace(communeCode)?.provinceCode ?? applicant.permanentResidence.provinceCode,
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
