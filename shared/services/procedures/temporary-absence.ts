/**
 * Service 5, temporary-absence declaration (Law on Residence 2020, art. 31): a citizen away from their permanent
 * residence declares the period, the destination and the reason to the commune police of that residence. Approval
 * (an acknowledgement) records the absence on the citizen's record with a change-history entry and issues the
 * acknowledgement.
 */
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { TemporaryAbsenceForm } from '../forms/residence.ts';
import { checkPeriod, formOf, issueNotice } from './support.ts';

/** The longest absence one declaration covers (configuration: the law asks for a declaration from 12 months). */
export const MAX_ABSENCE_DAYS = 2 * 365;

export { TemporaryAbsenceForm };

export const temporaryAbsenceDeclaration: ServiceProcedure<TemporaryAbsenceForm> = {
  code: 5,
  agency: 'police',
  form: TemporaryAbsenceForm,
  async intake({ applicant, form, today }) {
    checkPeriod(form, today, { maxDays: MAX_ABSENCE_DAYS, earliestFrom: today });
    return {
      communeCode: applicant.permanentResidence.communeCode,
      provinceCode: applicant.permanentResidence.provinceCode,
      parties: [],
      subject: `temporary-absence#${applicant.pin}`,
    };
  },
  rule: {
    applied: async ({ dossier, deps }) =>
      (await deps.population.getCitizen(dossier.applicantPin))?.temporaryAbsence?.dossierId === dossier.id,
    async check({ dossier, deps }) {
      const citizen = await deps.population.getCitizen(dossier.applicantPin);
      return [
        finding('citizen-alive', citizen?.status === 'alive', citizen ? citizen.status : 'not in the NPDB'),
        finding(
          'permanent-residence-here',
          citizen?.permanentResidence.communeCode === dossier.communeCode && !citizen.permanentResidenceDeleted,
          `permanent residence in ${citizen?.permanentResidence.communeCode ?? '-'}`,
        ),
      ];
    },
    async apply(context, actor) {
      const { dossier, now, deps } = context;
      const form = formOf<TemporaryAbsenceForm>(dossier);
      const citizen = await requireRecord(deps, dossier.applicantPin, 'citizen');
      if (citizen.temporaryAbsence?.dossierId !== dossier.id) {
        const { version: _v, ...record } = citizen;
        await deps.population.updateCitizen(
          citizen,
          {
            ...record,
            temporaryAbsence: {
              from: form.from,
              until: form.until,
              destination: form.destination,
              reason: form.reason,
              dossierId: dossier.id,
            },
          },
          change(actor, 'temporary-absence-declared', dossier, now),
        );
      }
      const notice = await issueNotice(context, citizen, {
        vi: `Xác nhận khai báo tạm vắng: ${citizen.fullName} vắng mặt từ ${form.from} đến ${form.until}, nơi đến: ${form.destination}.`,
        en: `Acknowledgement of temporary absence: ${citizen.fullName} away from ${form.from} until ${form.until}, at ${form.destination}.`,
      });
      return {
        result: { noticeNumber: notice.number, verificationCode: notice.verificationCode },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `Đã tiếp nhận khai báo tạm vắng từ ${form.from} đến ${form.until}; số ${notice.number}.`,
          en: `Your temporary absence from ${form.from} until ${form.until} is recorded; acknowledgement ${notice.number}.`,
        },
      };
    },
  },
};
