/**
 * Service 2, renewal or re-issue of the ID card (Law on Identification 26/2023/QH15, arts. 21, 24; fees after Thông tư
 * 73/2024/TT-BTC). The citizen asks online and books the in-person capture at the commune police of their permanent
 * residence; the request holds a claim on the current card (`id-card#<number>`: one pending replacement per card, a
 * second request is a 409) and changes nothing in the NPDB until the officer, after the capture at the appointment,
 * approves. Approval records the new card (issued today, valid until the next renewal age, or for life) and the old
 * card as replaced, or invalidated if lost, with a change-history entry; it is applied once per dossier. Producing the
 * physical card is the Ministry's card centre's work, outside this platform (docs/services.md).
 */
import { vietnamDate } from '../../domain/clock.ts';
import { addDays } from '../../domain/dates.ts';
import { ConflictError, UnprocessableError, ValidationError } from '../../domain/errors.ts';
import { idCardExpired, idCardExpiry, renewableByAgeFrom } from '../../domain/id-card.ts';
import { VIETNAM_CIVIL_SERVICE_CALENDAR, type WorkingCalendar } from '../../domain/working-days.ts';
import type { DossierFee } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { FEE_SCHEDULE } from '../../payments/fee-schedule.ts';
import { ID_CARD_BOOKING_DAYS, IdCardForm, idCardFeeVnd } from '../forms/id-card.ts';
import { formOf, issueNotice } from './support.ts';

export { ID_CARD_FEES_VND, idCardFeeVnd } from '../forms/id-card.ts';
export { IdCardForm };

const kindText = (form: IdCardForm) =>
  form.kind === 'reissue' ? { vi: 'cấp lại', en: 're-issue' } : { vi: 'cấp đổi', en: 'renewal' };

/**
 * The dossier's fee line: the amount depends on the kind and reason, so intake sets it (the catalogue's alone would
 * not do). A renewal because of age is free: an amount of 0, so the dossier has no payment step.
 */
export const idCardFee = (form: IdCardForm): DossierFee => {
  const unitVnd = idCardFeeVnd(form);
  const kind = kindText(form);
  return {
    amountVnd: unitVnd,
    scheduleVersion: FEE_SCHEDULE.version,
    lines:
      unitVnd === 0
        ? []
        : [
            {
              item: 'service-2',
              text: { vi: `Lệ phí ${kind.vi} thẻ căn cước`, en: `ID card ${kind.en} fee` },
              quantity: 1,
              unitVnd,
              amountVnd: unitVnd,
            },
          ],
  };
};

/**
 * The appointment must be a working day from tomorrow to `ID_CARD_BOOKING_DAYS` ahead (400 naming
 * `body.form.appointment.date` otherwise); the slot itself is one of the form's.
 */
export const checkAppointment = (
  appointment: { readonly date: string },
  today: string,
  calendar: WorkingCalendar = VIETNAM_CIVIL_SERVICE_CALENDAR,
): void => {
  const field = 'body.form.appointment.date';
  const earliest = addDays(today, 1);
  const latest = addDays(today, ID_CARD_BOOKING_DAYS);
  if (appointment.date < earliest || appointment.date > latest) {
    throw new ValidationError(`Book an appointment from tomorrow on, at most ${ID_CARD_BOOKING_DAYS} days ahead.`, [
      { field, message: `must be from ${earliest} to ${latest}` },
    ]);
  }
  if (!calendar.isWorkingDay(appointment.date)) {
    throw new ValidationError('The police office is closed that day; choose a working day.', [
      { field, message: `${appointment.date} is not a working day` },
    ]);
  }
};

/**
 * Whether the applicant may ask for this card now (422 naming the field otherwise): they hold a valid card, and a
 * renewal because of age comes at most two years before the card's renewal age.
 */
export const checkCardRequest = (
  card: { readonly status: string; readonly expiresOn?: string | undefined } | undefined,
  form: IdCardForm,
  today: string,
): void => {
  if (card?.status !== 'valid') {
    throw new UnprocessableError(
      'The NPDB holds no valid ID card of yours to renew or re-issue; a first card is applied for at a police office.',
      'body.form.kind',
    );
  }
  if (form.kind === 'renewal' && form.reason === 'age') {
    if (card.expiresOn === undefined) {
      throw new UnprocessableError(
        'Your card is valid for life; it is not renewed because of age.',
        'body.form.reason',
      );
    }
    const from = renewableByAgeFrom(card.expiresOn);
    if (today < from) {
      throw new UnprocessableError(
        `Your card is valid until ${card.expiresOn}; it can be renewed because of age from ${from}.`,
        'body.form.reason',
      );
    }
  }
};

export const idCardRenewal: ServiceProcedure<IdCardForm> = {
  code: 2,
  agency: 'police',
  form: IdCardForm,
  async intake({ applicant, form, today }) {
    checkAppointment(form.appointment, today);
    checkCardRequest(applicant.idCard, form, today);
    return {
      communeCode: applicant.permanentResidence.communeCode,
      provinceCode: applicant.permanentResidence.provinceCode,
      parties: [],
      // The current card's pending replacement: one live request per card, freed when the dossier ends.
      subject: `id-card#${applicant.idCard?.number ?? applicant.pin}`,
      fee: idCardFee(form),
    };
  },
  rule: {
    applied: async ({ dossier, deps }) =>
      (await deps.population.getCitizen(dossier.applicantPin))?.idCard?.dossierId === dossier.id,
    async check({ dossier, now, deps }) {
      const form = formOf<IdCardForm>(dossier);
      const citizen = await deps.population.getCitizen(dossier.applicantPin);
      const card = citizen?.idCard;
      return [
        finding('citizen-alive', citizen?.status === 'alive', citizen ? citizen.status : 'not in the NPDB'),
        finding(
          'permanent-residence-here',
          citizen?.permanentResidence.communeCode === dossier.communeCode && !citizen.permanentResidenceDeleted,
          `permanent residence in ${citizen?.permanentResidence.communeCode ?? '-'}`,
        ),
        finding(
          'current-card',
          card?.status === 'valid',
          card
            ? `card ${card.number} issued ${card.issuedOn}, ${card.expiresOn ? `valid until ${card.expiresOn}` : 'valid for life'}${idCardExpired(card, vietnamDate(now)) ? ' (expired)' : ''}`
            : 'no card in the NPDB',
        ),
        // Never passes here: the card is issued only after the capture in person, so an officer always decides.
        finding(
          'captured-in-person',
          false,
          `portrait, fingerprints and iris to be captured at the appointment on ${form.appointment.date} at ${form.appointment.slot}`,
        ),
      ];
    },
    async apply(context, actor) {
      const { dossier, now, deps } = context;
      const form = formOf<IdCardForm>(dossier);
      const citizen = await requireRecord(deps, dossier.applicantPin, 'applicant');
      const today = vietnamDate(now);
      let current = citizen;
      if (citizen.idCard?.dossierId !== dossier.id) {
        const old = citizen.idCard;
        if (citizen.status !== 'alive' || old?.status !== 'valid') {
          throw new ConflictError(
            'The NPDB no longer holds a valid card of this citizen to replace; refuse the request.',
          );
        }
        const expiresOn = idCardExpiry(citizen.birthDate, today);
        const { version: _v, ...record } = citizen;
        current = await deps.population.updateCitizen(
          citizen,
          {
            ...record,
            idCard: {
              number: citizen.pin,
              issuedOn: today,
              ...(expiresOn ? { expiresOn } : {}),
              status: 'valid',
              dossierId: dossier.id,
            },
            previousIdCards: [
              ...(citizen.previousIdCards ?? []),
              {
                ...old,
                status: form.kind === 'reissue' ? ('lost-invalidated' as const) : ('replaced' as const),
                endedOn: today,
                endedBy: dossier.id,
              },
            ].slice(-20),
          },
          change(actor, form.kind === 'reissue' ? 'id-card-reissued' : 'id-card-renewed', dossier, now),
        );
      }
      const card = current.idCard;
      const validity = card?.expiresOn ? `đến ${card.expiresOn}` : 'không thời hạn';
      const validityEn = card?.expiresOn ? `until ${card.expiresOn}` : 'for life';
      const kind = kindText(form);
      const notice = await issueNotice(context, citizen, {
        vi: `Thông báo ${kind.vi} thẻ căn cước: thẻ số ${citizen.pin} của ${citizen.fullName}, cấp ngày ${card?.issuedOn ?? today}, có giá trị ${validity}.`,
        en: `Notice of ID card ${kind.en}: card ${citizen.pin} of ${citizen.fullName}, issued ${card?.issuedOn ?? today}, valid ${validityEn}.`,
      });
      return {
        result: {
          cardNumber: citizen.pin,
          issuedOn: card?.issuedOn ?? today,
          ...(card?.expiresOn ? { expiresOn: card.expiresOn } : {}),
          noticeNumber: notice.number,
          verificationCode: notice.verificationCode,
        },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `Đã duyệt ${kind.vi} thẻ căn cước; thẻ mới có giá trị ${validity}, số thông báo ${notice.number}.`,
          en: `Your ID card ${kind.en} is approved; the new card is valid ${validityEn}; notice ${notice.number}.`,
        },
      };
    },
  },
};
