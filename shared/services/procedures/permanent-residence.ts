/**
 * Service 3, permanent residence registration (Law on Residence 2020, art. 20-22): the applicant, and relatives they
 * file for, join an existing household at its address. The commune police of that address decide. Approval moves
 * every person into the household together (household ID, relation to the head, permanent residence, one write for
 * all of them), each with a change-history entry, and issues the notice of result. The head's consent is evident when
 * the head files; otherwise the officer confirms it. Whether the PIN named as head heads a household is the officer's
 * finding, never an intake answer to whoever typed it; approval refuses it.
 */
import type { CitizenChange, StoredCitizen } from '../../domain/citizen-record.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { ConflictError, UnprocessableError } from '../../domain/errors.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { PermanentResidenceForm } from '../forms/residence.ts';
import { formOf, issueNotice, relativesNamed } from './support.ts';

export { PermanentResidenceForm };

/**
 * A head who leaves a household where others stay must first have a new head chosen (a separate procedure). Members
 * who move with the head in the same dossier (`moving`) do not stay.
 */
const leavesHeadlessHousehold = async (
  person: StoredCitizen,
  listMembers: (householdId: string) => Promise<StoredCitizen[]>,
  moving: readonly string[],
): Promise<boolean> =>
  person.relationToHead === 'head' &&
  person.householdId !== undefined &&
  (await listMembers(person.householdId)).some(
    (m) => m.pin !== person.pin && m.status === 'alive' && !moving.includes(m.pin),
  );

/** A living citizen recorded as the head of a household. */
const headsHousehold = (citizen: StoredCitizen): citizen is StoredCitizen & { householdId: string } =>
  citizen.status === 'alive' && citizen.relationToHead === 'head' && citizen.householdId !== undefined;

export const permanentResidenceRegistration: ServiceProcedure<PermanentResidenceForm> = {
  code: 3,
  agency: 'police',
  form: PermanentResidenceForm,
  async intake({ applicant, form, population }) {
    // Whether the PIN typed heads a household is not told to whoever typed it (it would say who heads which household
    // for any PIN): it is the officer's `household-head` finding, and approval refuses it. Such a dossier goes to the
    // commune police of the applicant's own residence, who refuse it there.
    const found = await population.getCitizen(form.householdHeadPin);
    const head = found && headsHousehold(found) ? found : undefined;
    const people = await relativesNamed(
      applicant,
      form.persons.map((p) => p.pin),
      'persons',
      (pin) => population.getCitizen(pin),
    );
    for (const [i, person] of people.entries()) {
      if (head && person.householdId === head.householdId) {
        throw new UnprocessableError(
          'This person is already registered in that household.',
          `body.form.persons.${i}.pin`,
        );
      }
      if (
        await leavesHeadlessHousehold(
          person,
          (id) => population.listHouseholdMembers(id),
          form.persons.map((p) => p.pin),
        )
      ) {
        throw new UnprocessableError(
          'This person heads a household where others stay; its members choose a new head first.',
          `body.form.persons.${i}.pin`,
        );
      }
    }
    const where = (head ?? applicant).permanentResidence;
    return {
      communeCode: where.communeCode,
      provinceCode: where.provinceCode,
      parties: [form.householdHeadPin, ...people.map((p) => p.pin)],
      subject: `permanent-residence#${applicant.pin}`,
    };
  },
  rule: {
    applied: async ({ dossier, deps }) => {
      const form = formOf<PermanentResidenceForm>(dossier);
      const head = await deps.population.getCitizen(form.householdHeadPin);
      if (!head || !headsHousehold(head)) return false;
      for (const p of form.persons) {
        const person = await deps.population.getCitizen(p.pin);
        if (person?.householdId !== undefined && person.householdId === head.householdId) return true;
      }
      return false;
    },
    // A person this dossier moved (not one another dossier put in the same household): a rejection over that move is
    // refused, as the engine refuses any over a dossier's own effect.
    ownEffectWritten: async ({ dossier, deps }) => {
      const form = formOf<PermanentResidenceForm>(dossier);
      for (const p of form.persons) {
        if ((await deps.population.getCitizen(p.pin))?.residenceDossierId === dossier.id) return true;
      }
      return false;
    },
    async check({ dossier, deps }) {
      const form = formOf<PermanentResidenceForm>(dossier);
      const head = await deps.population.getCitizen(form.householdHeadPin);
      const findings = [
        finding(
          'household-head',
          head !== undefined && headsHousehold(head),
          head && headsHousehold(head)
            ? `household ${head.householdId} at ${head.permanentResidence.addressLine}`
            : 'This PIN is not the head of a household in the NPDB.',
        ),
        finding(
          'household-head-consents',
          dossier.applicantPin === form.householdHeadPin,
          dossier.applicantPin === form.householdHeadPin
            ? 'the household head filed the application'
            : "the household head's consent is to be confirmed by the officer",
        ),
      ];
      for (const p of form.persons) {
        const person = await deps.population.getCitizen(p.pin);
        findings.push(
          finding(
            `person-${p.pin.slice(-4)}`,
            person?.status === 'alive',
            person
              ? `moves from ${person.permanentResidence.addressLine} (${person.permanentResidence.communeCode})`
              : 'not in the NPDB',
          ),
        );
      }
      return findings;
    },
    async apply(context, actor) {
      const { dossier, now, deps } = context;
      const form = formOf<PermanentResidenceForm>(dossier);
      const head = await requireRecord(deps, form.householdHeadPin, 'household head');
      if (!headsHousehold(head)) throw new ConflictError(`${head.fullName} does not head a household.`);
      const since = vietnamDate(now);
      const { until: _until, ...address } = head.permanentResidence;
      const moving = form.persons.map((p) => p.pin);
      // Every person is checked before anyone is written, and all move in one write: a refusal leaves nobody moved,
      // so the step can still be rejected (a half-moved family would be this dossier's effect, which only an approval
      // may complete, and the same refusal would stop every approval).
      const changes: CitizenChange[] = [];
      let first: StoredCitizen | undefined;
      for (const p of form.persons) {
        const person = await requireRecord(deps, p.pin, 'person');
        first ??= person;
        if (person.householdId === head.householdId) continue;
        if (await leavesHeadlessHousehold(person, (id) => deps.population.listHouseholdMembers(id), moving)) {
          throw new ConflictError(
            `${person.fullName} heads a household where others stay; a new head is chosen first.`,
          );
        }
        const { version: _v, ...record } = person;
        changes.push({
          before: person,
          after: {
            ...record,
            householdId: head.householdId,
            residenceDossierId: dossier.id,
            relationToHead: p.relationToHead,
            permanentResidence: { ...address, since },
          },
          change: change(actor, 'permanent-residence-registered', dossier, now),
        });
      }
      await deps.population.updateCitizensTogether(changes);
      const names = (
        await Promise.all(form.persons.map(async (p) => (await deps.population.getCitizen(p.pin))?.fullName ?? p.pin))
      ).join(', ');
      const notice = await issueNotice(context, first ?? head, {
        vi: `Thông báo kết quả đăng ký thường trú: ${names} đăng ký thường trú tại ${address.addressLine} từ ngày ${since}, hộ của ${head.fullName}.`,
        en: `Notice of permanent residence: ${names} registered at ${address.addressLine} from ${since}, household of ${head.fullName}.`,
      });
      return {
        result: {
          householdId: head.householdId,
          since,
          noticeNumber: notice.number,
          verificationCode: notice.verificationCode,
        },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `Đã đăng ký thường trú cho ${names} tại ${address.addressLine}; thông báo số ${notice.number}.`,
          en: `Permanent residence registered for ${names} at ${address.addressLine}; notice ${notice.number}.`,
        },
      };
    },
  },
};
