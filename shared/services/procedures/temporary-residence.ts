/**
 * Service 4, temporary residence registration (Law on Residence 2020, art. 27-28): the applicant, and relatives they
 * file for, live at an address outside their permanent residence for up to two years. The commune police of the
 * address decide. Approval records the temporary residence (address, from, until) on each person, with a
 * change-history entry, and issues the notice of result. The accommodation's owner consents: evident when the owner
 * files, otherwise the officer confirms it (the tenancy or loan agreement). Whether the owner's PIN names a living
 * citizen is the officer's finding, never an intake answer to whoever typed it; approval refuses it.
 */

import { communePlace } from '../../domain/admin-units/commune-codes.ts';
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { ConflictError, UnprocessableError } from '../../domain/errors.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { TemporaryResidenceForm } from '../forms/temporary-residence.ts';
import { checkPeriod, formOf, issueNotice, relativesNamed } from './support.ts';

/** A temporary residence is registered for at most two years, then renewed (Law on Residence, art. 27). */
export const MAX_TEMPORARY_RESIDENCE_DAYS = 2 * 365;

export { TemporaryResidenceForm };

const provinceOfCommune = (communeCode: string): string => {
  const commune = communePlace(communeCode);
  if (!commune) throw new UnprocessableError('No commune has this code.', 'body.form.address.communeCode');
  return commune.provinceCode;
};

const sameAddress = (
  a: { communeCode: string; addressLine: string },
  b: { communeCode: string; addressLine: string },
) => a.communeCode === b.communeCode && a.addressLine.trim().toLowerCase() === b.addressLine.trim().toLowerCase();

const registeredThere = (person: StoredCitizen | undefined, form: TemporaryResidenceForm) =>
  person?.temporaryResidence !== undefined &&
  sameAddress(person.temporaryResidence, form.address) &&
  person.temporaryResidence.since === form.from &&
  person.temporaryResidence.until === form.until;

export const temporaryResidenceRegistration: ServiceProcedure<TemporaryResidenceForm> = {
  code: 4,
  agency: 'police',
  form: TemporaryResidenceForm,
  async intake({ applicant, form, today, population }) {
    checkPeriod(form, today, { maxDays: MAX_TEMPORARY_RESIDENCE_DAYS, earliestFrom: today });
    const provinceCode = provinceOfCommune(form.address.communeCode);
    // The owner is not looked up here: whether a PIN names a living citizen is not told to whoever typed it. It is the
    // officer's `owner-in-npdb` finding, and approval refuses it.
    const people = await relativesNamed(applicant, form.persons, 'persons', (pin) => population.getCitizen(pin));
    for (const [i, person] of people.entries()) {
      if (sameAddress(person.permanentResidence, form.address)) {
        throw new UnprocessableError(
          'This is the permanent residence of this person; a temporary residence is elsewhere.',
          `body.form.persons.${i}`,
        );
      }
    }
    return {
      communeCode: form.address.communeCode,
      provinceCode,
      parties: [form.ownerPin, ...people.map((p) => p.pin)],
      subject: `temporary-residence#${applicant.pin}`,
    };
  },
  rule: {
    applied: async ({ dossier, deps }) => {
      const form = formOf<TemporaryResidenceForm>(dossier);
      for (const pin of form.persons) if (registeredThere(await deps.population.getCitizen(pin), form)) return true;
      return false;
    },
    async check({ dossier, deps }) {
      const form = formOf<TemporaryResidenceForm>(dossier);
      const owner = await deps.population.getCitizen(form.ownerPin);
      const findings = [
        finding('owner-in-npdb', owner?.status === 'alive', owner ? 'the owner is in the NPDB' : 'not in the NPDB'),
        finding(
          'owner-consents',
          dossier.applicantPin === form.ownerPin,
          dossier.applicantPin === form.ownerPin
            ? 'the owner filed the application'
            : `the ${form.accommodation} accommodation's owner consents: the officer checks the agreement`,
        ),
      ];
      for (const pin of form.persons) {
        const person = await deps.population.getCitizen(pin);
        findings.push(
          finding(
            `person-${pin.slice(-4)}`,
            person?.status === 'alive',
            person?.temporaryResidence
              ? `now registered temporarily at ${person.temporaryResidence.addressLine} until ${person.temporaryResidence.until ?? '-'}`
              : person
                ? 'no temporary residence yet'
                : 'not in the NPDB',
          ),
        );
      }
      return findings;
    },
    async apply(context, actor) {
      const { dossier, now, deps } = context;
      const form = formOf<TemporaryResidenceForm>(dossier);
      const provinceCode = provinceOfCommune(form.address.communeCode);
      if ((await deps.population.getCitizen(form.ownerPin))?.status !== 'alive') {
        throw new ConflictError('The owner of the accommodation is not in the NPDB.');
      }
      const people: StoredCitizen[] = [];
      for (const pin of form.persons) {
        const person = await requireRecord(deps, pin, 'person');
        people.push(person);
        if (registeredThere(person, form)) continue;
        const { version: _v, ...record } = person;
        await deps.population.updateCitizen(
          person,
          {
            ...record,
            temporaryResidence: {
              communeCode: form.address.communeCode,
              provinceCode,
              addressLine: form.address.addressLine,
              since: form.from,
              until: form.until,
            },
          },
          change(actor, 'temporary-residence-registered', dossier, now),
        );
      }
      const names = people.map((p) => p.fullName).join(', ');
      const [first] = people;
      if (!first) throw new UnprocessableError('The dossier names nobody.', 'body.form.persons');
      const notice = await issueNotice(context, first, {
        vi: `Thông báo kết quả đăng ký tạm trú: ${names} tạm trú tại ${form.address.addressLine} từ ${form.from} đến ${form.until}.`,
        en: `Notice of temporary residence: ${names} at ${form.address.addressLine} from ${form.from} until ${form.until}.`,
      });
      return {
        result: { noticeNumber: notice.number, verificationCode: notice.verificationCode, until: form.until },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `Đã đăng ký tạm trú cho ${names} tại ${form.address.addressLine} đến ${form.until}; thông báo số ${notice.number}.`,
          en: `Temporary residence registered for ${names} at ${form.address.addressLine} until ${form.until}; notice ${notice.number}.`,
        },
      };
    },
  },
};
