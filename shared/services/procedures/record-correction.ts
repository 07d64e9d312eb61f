/**
 * Correction of a citizen's own record in the NPDB (not one of the 25 numbered services; `POST
 * /v1/me/record-corrections`). The Law on Identification 2023 (26/2023/QH15) and its decree (Decree 70/2024/NĐ-CP,
 * which replaced Decree 137/2015/NĐ-CP) let a citizen have wrong information in the NPDB adjusted on request, with
 * the documents that prove it, by the police of their residence. The record holds full name, birth date, sex and
 * ethnicity as the citizen may have them corrected here; birth place and religion are not fields of this record, and
 * a PIN is never changed here: a correction the PIN contradicts (its sex and century digit, its birth-year digits)
 * needs a new PIN, which is refused with a 422 naming the field.
 *
 * The commune police of the permanent residence decide, always by an officer (the evidence is examined by a person:
 * one check never passes, so nothing is auto-approved). Approval writes the new values with one change-history entry
 * (`record-corrected`: before and after values, the deciding officer, the dossier and the citizen's reason), which
 * the life-event feed publishes as one `Record Corrected` event; then every agency that read a corrected field is
 * told through the citizen's access log (shared/access-log/correction-notices.ts).
 */
import { type CorrectionNoticePorts, notifyEarlierReaders } from '../../access-log/correction-notices.ts';
import type { Citizen } from '../../domain/citizen.ts';
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { ConflictError, UnprocessableError, ValidationError } from '../../domain/errors.ts';
import { idCardExpiry } from '../../domain/id-card.ts';
import { validatePinFor } from '../../domain/pin.ts';
import type { Dossier, ServiceRef } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import {
  finding,
  numberFor,
  requireRecord,
  type StepContext,
  type StepDeps,
  verificationCode,
} from '../../dossiers/steps/common.ts';
import { CORRECTABLE_FIELDS, type CorrectableField, RecordCorrectionForm } from '../forms/record-correction.ts';

/**
 * The code a record correction's dossier carries in `Dossier.service`: 0, not a number of the national list of 25
 * (the catalogue, shared/services/catalogue/, runs 1 to 25 and does not list it).
 */
export const RECORD_CORRECTION_CODE = 0;

/** The service reference intake copies onto the dossier. Free of charge; the time limit is configuration to confirm. */
export const RECORD_CORRECTION_SERVICE: Omit<ServiceRef, 'agency'> = {
  code: RECORD_CORRECTION_CODE,
  slug: 'record-correction',
  name: {
    vi: 'Điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư',
    en: 'Correction of information in the National Population Database',
  },
  dueWorkingDays: 3,
  feeVnd: 0,
};

export { CORRECTABLE_FIELDS, type CorrectableField, RecordCorrectionForm };

const formOf = (dossier: Dossier) => dossier.form as RecordCorrectionForm;

/**
 * The record with the corrections applied. The ID card's validity follows the birth date (the renewal ages), so a
 * corrected birth date recomputes it for the card's issue date; the card itself is not re-issued.
 */
export const corrected = (citizen: Citizen, form: RecordCorrectionForm): Citizen => {
  const after: Citizen = { ...citizen, ...Object.fromEntries(form.corrections.map((c) => [c.field, c.value])) };
  const card = after.idCard;
  if (!card || after.birthDate === citizen.birthDate || card.issuedOn < after.birthDate) return after;
  const { expiresOn: _old, ...rest } = card;
  const expiresOn = idCardExpiry(after.birthDate, card.issuedOn);
  return { ...after, idCard: { ...rest, ...(expiresOn ? { expiresOn } : {}) } };
};

const isCorrected = (citizen: Citizen, form: RecordCorrectionForm) =>
  form.corrections.every((c) => citizen[c.field] === c.value);

/**
 * The problem of the first correction the PIN contradicts, if any: the PIN's 4th digit encodes sex and century and
 * its 5th and 6th the birth year, so those can be corrected only towards what the PIN already says.
 */
const pinConflict = (citizen: Citizen, form: RecordCorrectionForm): { index: number; message: string } | undefined => {
  const after = corrected(citizen, form);
  const check = validatePinFor(citizen.pin, { sex: after.sex, birthDate: after.birthDate });
  if (check.ok) return undefined;
  const index = form.corrections.findIndex((c) => c.field === 'sex' || c.field === 'birthDate');
  return {
    index: Math.max(index, 0),
    message: `${check.errors.join(' ')} A correction that contradicts the PIN needs a new PIN, which is not issued here: apply at the commune police.`,
  };
};

/** Refuses what cannot be corrected (the value recorded already, a birth date ahead, the PIN contradicted). */
const checkCorrections = (citizen: Citizen, form: RecordCorrectionForm, today: string) => {
  for (const [i, c] of form.corrections.entries()) {
    if (citizen[c.field] === c.value) {
      throw new UnprocessableError(
        `Your record already says ${c.value} (${c.field}); there is nothing to correct.`,
        `body.form.corrections.${i}.value`,
      );
    }
    if (c.field === 'birthDate' && c.value > today) {
      throw new ValidationError('A birth date cannot be in the future.', [
        { field: `body.form.corrections.${i}.value`, message: `must not be after ${today}` },
      ]);
    }
  }
  const conflict = pinConflict(citizen, form);
  if (conflict) throw new UnprocessableError(conflict.message, `body.form.corrections.${conflict.index}.value`);
};

const describeChanges = (citizen: Citizen, form: RecordCorrectionForm) =>
  form.corrections.map((c) => `${c.field}: ${String(citizen[c.field])} → ${c.value}`).join('; ');

/** Why the record changed, for its history: the dossier, the citizen's reason and evidence, the officer's note. */
const changeReason = (dossier: Dossier, form: RecordCorrectionForm, note: string | undefined) =>
  [
    `dossier ${dossier.id}: ${form.reason}`,
    form.evidence ? ` (evidence: ${form.evidence})` : '',
    note ? `; officer: ${note}` : '',
  ].join('');

/** The access log's ports, which only the function that decides officers' tasks is given. */
const noticePorts = (deps: StepDeps): CorrectionNoticePorts => {
  if (!deps.accessLog) throw new Error('A record correction is approved only where the access log is wired.');
  return deps.accessLog;
};

/** The notice of the correction (`TB` + the dossier's number): a retried approval finds the first one. */
const issueCorrectionNotice = ({ dossier, now, deps }: StepContext, citizen: StoredCitizen, changes: string) =>
  deps.documents.issueOnce({
    number: numberFor('TB', dossier),
    verificationCode: verificationCode(),
    type: 'service-notice',
    issuedAt: now.toISOString(),
    issuedTo: { type: 'citizen', id: dossier.applicantPin },
    subject: { pin: citizen.pin, fullName: citizen.fullName, birthDate: citizen.birthDate },
    serviceCode: RECORD_CORRECTION_CODE,
    dossierId: dossier.id,
    statement: {
      vi: `Thông báo điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư của công dân ${citizen.pin}: ${changes}.`,
      en: `Notice of correction of the NPDB record of citizen ${citizen.pin}: ${changes}.`,
    },
  });

export const recordCorrection: ServiceProcedure<RecordCorrectionForm> = {
  code: RECORD_CORRECTION_CODE,
  agency: 'police',
  form: RecordCorrectionForm,
  async intake({ applicant, form, today }) {
    checkCorrections(applicant, form, today);
    return {
      communeCode: applicant.permanentResidence.communeCode,
      provinceCode: applicant.permanentResidence.provinceCode,
      parties: [],
      subject: `record-correction#${applicant.pin}`,
    };
  },
  rule: {
    applied: async ({ dossier, deps }) => {
      const citizen = await deps.population.getCitizen(dossier.applicantPin);
      return citizen !== undefined && isCorrected(citizen, formOf(dossier));
    },
    async check({ dossier, deps }) {
      const form = formOf(dossier);
      const citizen = await deps.population.getCitizen(dossier.applicantPin);
      if (!citizen) return [finding('citizen-alive', false, 'not in the NPDB')];
      const conflict = pinConflict(citizen, form);
      return [
        finding('citizen-alive', citizen.status === 'alive', citizen.status),
        finding(
          'permanent-residence-here',
          citizen.permanentResidence.communeCode === dossier.communeCode,
          `permanent residence in ${citizen.permanentResidence.communeCode}`,
        ),
        finding('consistent-with-pin', conflict === undefined, conflict?.message ?? 'the PIN agrees with the result'),
        finding('record-differs', !isCorrected(citizen, form), describeChanges(citizen, form)),
        // The evidence is a paper or a civil-status record the officer examines: never passed by the platform.
        finding(
          'evidence-examined-by-officer',
          false,
          form.evidence ? `evidence named: ${form.evidence}` : 'no evidence named: ask the citizen for the document',
        ),
      ];
    },
    async apply(context, actor, note) {
      const { dossier, now, deps } = context;
      const form = formOf(dossier);
      const ports = noticePorts(deps);
      const citizen = await requireRecord(deps, dossier.applicantPin, 'citizen');
      // A retry after the write (its notice not yet issued) no longer sees the old values: it states the new ones.
      const changes = isCorrected(citizen, form)
        ? form.corrections.map((c) => `${c.field}: ${c.value}`).join('; ')
        : describeChanges(citizen, form);
      if (!isCorrected(citizen, form)) {
        if (citizen.status !== 'alive') {
          throw new ConflictError('The citizen is no longer recorded as alive; the record is not corrected.');
        }
        const conflict = pinConflict(citizen, form);
        if (conflict) throw new UnprocessableError(conflict.message, `form.corrections.${conflict.index}.value`);
        const { version: _v, ...record } = citizen;
        await deps.population.updateCitizen(citizen, corrected(record, form), {
          actor,
          action: 'record-corrected',
          reason: changeReason(dossier, form, note),
          at: now.toISOString(),
        });
      }
      const notice = await issueCorrectionNotice(context, citizen, changes);
      const fields = form.corrections.map((c) => c.field);
      // Reads from the notice's time on saw the corrected values (a retry keeps the first notice and its time).
      const notified = await notifyEarlierReaders(ports)({
        pin: citizen.pin,
        fields,
        dossierId: dossier.id,
        correctedAt: notice.issuedAt,
      });
      const readers = notified.map((n) => n.accessor.name ?? n.accessor.id);
      return {
        result: {
          corrected: fields,
          notified: notified.map((n) => ({ clientId: n.accessor.id, fields: n.fields })),
          noticeNumber: notice.number,
          verificationCode: notice.verificationCode,
        },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `Thông tin của bạn đã được điều chỉnh (${fields.join(', ')}); số thông báo ${notice.number}.${readers.length > 0 ? ` Đã báo cho: ${readers.join(', ')}.` : ''}`,
          en: `Your record is corrected (${fields.join(', ')}); notice ${notice.number}.${readers.length > 0 ? ` Told: ${readers.join(', ')}.` : ''}`,
        },
      };
    },
  },
};
