/**
 * Service 12, the criminal-record certificate for oneself (Law on Judicial Records 28/2009/QH12; issued by Public
 * Security since 2025). The citizen asks at e-ID level 2 for a type 1 or type 2 certificate; identity, birth place,
 * residence, parents and (type 2) spouse come from the NPDB and are not declared again.
 *
 * The boundary: the judicial-records database is not the NPDB and this platform does not reach it. The dossier waits
 * for a police officer of the applicant's province (province-wide roles, or the commune police of the residence),
 * who checks that database and writes its outcome with the approval (the decision's `reason`, e.g. "Không có án
 * tích" / "no conviction recorded", or the entries' text); the certificate is then issued as a verifiable document
 * (`LL…`, GET /v1/documents/{number}?code=) stating the holder, the type and that outcome. Nothing in the NPDB changes.
 */

import { findLegacyProvince } from '../../domain/admin-units/legacy-provinces.ts';
import { UnprocessableError } from '../../domain/errors.ts';
import type { Dossier, DossierFee, FeeLine } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { finding, numberFor, requireRecord, verificationCode } from '../../dossiers/steps/common.ts';
import { FEE_SCHEDULE } from '../../payments/fee-schedule.ts';
import { SERVICE_12 } from '../catalogue/by-service/12-criminal-record-certificate.ts';
import { convictionRecorded } from '../document-disclosure.ts';
import { CriminalRecordForm } from '../forms/criminal-record.ts';
import { formOf } from './support.ts';

export { CriminalRecordForm };

/** Fee after Thông tư 244/2016/TT-BTC (configured): the catalogue's amount, plus 5,000 đ per copy from the third. */
export const EXTRA_COPY_FEE_VND = 5_000;

/** The dossier's fee lines: the certificate (the catalogue's fee, two copies included) and any further copies. */
export const criminalRecordFee = (form: CriminalRecordForm): DossierFee => {
  const base = SERVICE_12.fee.amountVnd;
  const extra = Math.max(0, form.copies - 2);
  const lines: FeeLine[] = [
    {
      item: 'service-12',
      text: SERVICE_12.name,
      quantity: 1,
      unitVnd: base,
      amountVnd: base,
    },
    ...(extra > 0
      ? [
          {
            item: 'criminal-record-extra-copy',
            text: { vi: 'Phiếu lý lịch tư pháp từ bản thứ 3', en: 'Certificate copies from the third' },
            quantity: extra,
            unitVnd: EXTRA_COPY_FEE_VND,
            amountVnd: extra * EXTRA_COPY_FEE_VND,
          },
        ]
      : []),
  ];
  return {
    amountVnd: lines.reduce((sum, line) => sum + line.amountVnd, 0),
    scheduleVersion: FEE_SCHEDULE.version,
    lines,
  };
};

/** The shortest outcome an officer may record: "no conviction recorded" or the entries. */
export const MIN_OUTCOME_LENGTH = 10;

/** The certificate's number derives from the dossier's, so a retried approval finds the same certificate. */
export const certificateNumber = (dossier: Dossier) => numberFor('LL', dossier);

/** The personal part of the certificate, all from the NPDB (Law on Judicial Records, arts. 42, 43). */
export const holderDetails = async (
  pin: string,
  certificateType: 1 | 2,
  getCitizen: (pin: string) => Promise<{ fullName: string } | undefined>,
  citizen: {
    readonly pin: string;
    readonly fullName: string;
    readonly sex: string;
    readonly birthDate: string;
    readonly nationality: string;
    readonly permanentResidence: { readonly addressLine: string };
    readonly fatherPin?: string | undefined;
    readonly motherPin?: string | undefined;
    readonly spousePin?: string | undefined;
  },
) => {
  const nameOf = async (other: string | undefined) => (other ? (await getCitizen(other))?.fullName : undefined);
  const [father, mother, spouse] = await Promise.all([
    nameOf(citizen.fatherPin),
    nameOf(citizen.motherPin),
    certificateType === 2 ? nameOf(citizen.spousePin) : undefined,
  ]);
  return {
    pin,
    fullName: citizen.fullName,
    sex: citizen.sex,
    birthDate: citizen.birthDate,
    // The birth-registration province is the PIN's first three digits (the NPDB keeps no other birth place).
    birthPlace: findLegacyProvince(pin.slice(0, 3))?.name ?? pin.slice(0, 3),
    nationality: citizen.nationality,
    residence: citizen.permanentResidence.addressLine,
    ...(certificateType === 2
      ? { father: father ?? 'không rõ', mother: mother ?? 'không rõ', ...(spouse ? { spouse } : {}) }
      : {}),
  };
};

export const criminalRecordCertificate: ServiceProcedure<CriminalRecordForm> = {
  code: 12,
  agency: 'police',
  form: CriminalRecordForm,
  async intake({ applicant, form }) {
    return {
      communeCode: applicant.permanentResidence.communeCode,
      provinceCode: applicant.permanentResidence.provinceCode,
      // A type 2 certificate names the parents and the spouse: the officer's read is logged for them too.
      parties:
        form.certificateType === 2
          ? [applicant.fatherPin, applicant.motherPin, applicant.spousePin].filter((p): p is string => p !== undefined)
          : [],
      subject: `criminal-record#${applicant.pin}`,
      fee: criminalRecordFee(form),
    };
  },
  rule: {
    applied: ({ dossier, deps }) => deps.documents.exists(certificateNumber(dossier)),
    async check({ dossier, deps }) {
      const citizen = await deps.population.getCitizen(dossier.applicantPin);
      return [
        finding('citizen-alive', citizen?.status === 'alive', citizen ? citizen.status : 'not in the NPDB'),
        finding(
          'residence-in-province',
          citizen?.permanentResidence.provinceCode === dossier.provinceCode,
          `permanent residence in province ${citizen?.permanentResidence.provinceCode ?? '-'}`,
        ),
        // Never passes here: the judicial-records database is outside the NPDB, so an officer always decides.
        finding(
          'judicial-records-checked',
          false,
          'check the judicial-records database and write its outcome as the note of the approval',
        ),
      ];
    },
    async apply({ dossier, now, deps }, _actor, note) {
      const form = formOf<CriminalRecordForm>(dossier);
      const outcome = note?.trim() ?? '';
      if (outcome.length < MIN_OUTCOME_LENGTH) {
        throw new UnprocessableError(
          'Write the outcome of the judicial-records check with the approval ("Không có án tích" / "no conviction recorded", or the entries).',
          'body.reason',
        );
      }
      const citizen = await requireRecord(deps, dossier.applicantPin, 'applicant');
      const holder = await holderDetails(
        citizen.pin,
        form.certificateType,
        (pin) => deps.population.getCitizen(pin),
        citizen,
      );
      const document = await deps.documents.issueOnce({
        number: certificateNumber(dossier),
        verificationCode: verificationCode(),
        type: 'criminal-record-certificate',
        issuedAt: now.toISOString(),
        issuedTo: { type: 'citizen', id: dossier.applicantPin },
        subject: { pin: citizen.pin, fullName: citizen.fullName, birthDate: citizen.birthDate },
        serviceCode: 12,
        dossierId: dossier.id,
        statement: {
          vi: `Phiếu lý lịch tư pháp số ${form.certificateType} của ${citizen.fullName}: ${outcome}`,
          en: `Criminal-record certificate type ${form.certificateType} of ${citizen.fullName}: ${outcome}`,
        },
        details: {
          certificateType: form.certificateType,
          holder,
          record: outcome,
          // What the public verification shows instead of the entries' text (document-disclosure.ts).
          convictionRecorded: convictionRecorded(outcome),
          ...(form.certificateType === 1 ? { includesOfficeBan: form.includeOfficeBan } : {}),
          purpose: form.purpose,
          copies: form.copies,
        },
      });
      return {
        result: {
          certificateNumber: document.number,
          verificationCode: document.verificationCode,
          certificateType: form.certificateType,
        },
        documents: { noticeNumber: document.number },
        text: {
          vi: `Đã cấp phiếu lý lịch tư pháp số ${form.certificateType}, số ${document.number} (${form.copies} bản).`,
          en: `Your criminal-record certificate (type ${form.certificateType}) is issued: ${document.number}, ${form.copies} ${form.copies === 1 ? 'copy' : 'copies'}.`,
        },
      };
    },
  },
};
