/**
 * Service 6, overnight-stay notification (Law on Residence 2020, art. 30): a host tells the commune police that
 * guests stay at the host's residence, naming each guest by PIN (nothing else: the NPDB holds the rest). The stay is
 * recorded on each guest's record with a change-history entry; the host gets the acknowledgement. A host may name
 * anyone (that is the point of the service), but learns nothing about them beyond whether the PIN is a living citizen.
 */
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { addDays } from '../../domain/dates.ts';
import { UnprocessableError } from '../../domain/errors.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { OvernightStayForm } from '../forms/residence.ts';
import { checkPeriod, formOf, issueNotice } from './support.ts';

/** One notification covers at most 30 nights (configuration); longer stays are a temporary residence. */
export const MAX_STAY_DAYS = 30;

export { OvernightStayForm };

const placeOf = (host: StoredCitizen, form: OvernightStayForm) =>
  form.place === 'temporary-residence' ? host.temporaryResidence : host.permanentResidence;

export const overnightStayNotification: ServiceProcedure<OvernightStayForm> = {
  code: 6,
  agency: 'police',
  form: OvernightStayForm,
  async intake({ applicant, form, today, population }) {
    checkPeriod(form, today, { maxDays: MAX_STAY_DAYS, earliestFrom: addDays(today, -1) });
    const place = placeOf(applicant, form);
    if (!place) throw new UnprocessableError('You have no registered temporary residence.', 'body.form.place');
    for (const [i, pin] of form.guests.entries()) {
      const guest = pin === applicant.pin ? undefined : await population.getCitizen(pin);
      if (guest?.status !== 'alive') {
        throw new UnprocessableError('Name living citizens other than yourself as guests.', `body.form.guests.${i}`);
      }
      if (guest.householdId !== undefined && guest.householdId === applicant.householdId) {
        throw new UnprocessableError(
          'Members of your household live here; they are not guests.',
          `body.form.guests.${i}`,
        );
      }
    }
    return { communeCode: place.communeCode, provinceCode: place.provinceCode, parties: [...form.guests] };
  },
  rule: {
    applied: async ({ dossier, deps }) => {
      for (const pin of formOf<OvernightStayForm>(dossier).guests) {
        if ((await deps.population.getCitizen(pin))?.overnightStay?.dossierId === dossier.id) return true;
      }
      return false;
    },
    async check({ dossier, deps }) {
      const form = formOf<OvernightStayForm>(dossier);
      const host = await deps.population.getCitizen(dossier.applicantPin);
      const findings = [
        finding(
          'host-resides-here',
          placeOf(host ?? ({} as StoredCitizen), form)?.communeCode === dossier.communeCode,
          "the place is the host's registered residence",
        ),
      ];
      for (const pin of form.guests) {
        const guest = await deps.population.getCitizen(pin);
        findings.push(
          finding(`guest-${pin.slice(-4)}`, guest?.status === 'alive', guest ? guest.status : 'not in the NPDB'),
        );
      }
      return findings;
    },
    async apply(context, actor) {
      const { dossier, now, deps } = context;
      const form = formOf<OvernightStayForm>(dossier);
      const host = await requireRecord(deps, dossier.applicantPin, 'host');
      const place = placeOf(host, form);
      if (!place) throw new UnprocessableError('The host has no such residence any more.', 'body.form.place');
      for (const pin of form.guests) {
        const guest = await requireRecord(deps, pin, 'guest');
        if (guest.overnightStay?.dossierId === dossier.id) continue;
        const { version: _v, ...record } = guest;
        await deps.population.updateCitizen(
          guest,
          {
            ...record,
            overnightStay: {
              hostPin: host.pin,
              communeCode: place.communeCode,
              addressLine: place.addressLine,
              from: form.from,
              until: form.until,
              dossierId: dossier.id,
            },
          },
          change(actor, 'overnight-stay-notified', dossier, now),
        );
      }
      const notice = await issueNotice(context, host, {
        vi: `Xác nhận thông báo lưu trú: ${form.guests.length} người lưu trú tại ${place.addressLine} từ ${form.from} đến ${form.until}.`,
        en: `Acknowledgement of an overnight stay: ${form.guests.length} guest(s) at ${place.addressLine} from ${form.from} until ${form.until}.`,
      });
      return {
        result: { guests: form.guests.length, noticeNumber: notice.number, verificationCode: notice.verificationCode },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `Đã tiếp nhận thông báo lưu trú của ${form.guests.length} người; số ${notice.number}.`,
          en: `The overnight stay of ${form.guests.length} guest(s) is recorded; acknowledgement ${notice.number}.`,
        },
      };
    },
  },
};
