/**
 * Service 3, permanent residence registration (Law on Residence 2020, art. 20-22): the applicant, and relatives they
 * file for, join an existing household at its address. The commune police of that address decide. Approval moves
 * every person into the household together (household ID, relation to the head, permanent residence, one write for
 * all of them), each with a change-history entry, and issues the notice of result. The head's consent is evident when
 * the head files; otherwise the officer confirms it.
 *
 * The applicant states the commune where the household lives, and the dossier goes to its police on that alone. Intake
 * never reads the head's record: refusing a PIN that heads no household, or routing by the head's residence, would
 * tell whoever typed the PIN whether it heads a household, and where (the commune shows in the answer and in the
 * dossier ID). Whether it does, whether its household lives in the commune stated, and whether a person named is in
 * it already are the officer's findings, and approval refuses each.
 */
import { communePlace } from '../../domain/admin-units/commune-codes.ts';
import type { CitizenChange, StoredCitizen } from '../../domain/citizen-record.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { ConflictError, UnprocessableError } from '../../domain/errors.ts';
import type { Dossier } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { PermanentResidenceForm } from '../forms/permanent-residence.ts';
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

/** The head named in the dossier, if that PIN heads a household; read by the officer's checks and approval only. */
const namedHead = async (
  form: PermanentResidenceForm,
  getCitizen: (pin: string) => Promise<StoredCitizen | undefined>,
): Promise<(StoredCitizen & { householdId: string }) | undefined> => {
  const found = await getCitizen(form.householdHeadPin);
  return found && headsHousehold(found) ? found : undefined;
};

/**
 * The commune stated for the household, where intake sent the dossier. A dossier filed before the form asked for it
 * went to the police of the head's commune, which it then stands for.
 */
const statedCommune = (dossier: Dossier): string =>
  formOf<Partial<PermanentResidenceForm>>(dossier).householdCommuneCode ?? dossier.communeCode;

/** In the head's household already, and not moved there by this dossier (which a retried approval finds done). */
const alreadyThere = (
  person: StoredCitizen | undefined,
  head: { householdId: string } | undefined,
  dossierId: string,
): boolean => head !== undefined && person?.householdId === head.householdId && person.residenceDossierId !== dossierId;

export const permanentResidenceRegistration: ServiceProcedure<PermanentResidenceForm> = {
  code: 3,
  agency: 'police',
  form: PermanentResidenceForm,
  async intake({ applicant, form, population }) {
    // The head's record is not read here (see above): the dossier goes to the police of the commune stated, who find
    // whether the PIN heads a household there (`household-head`, `household-commune`), and approval refuses otherwise.
    const place = communePlace(form.householdCommuneCode);
    if (!place) throw new UnprocessableError('No commune has this code.', 'body.form.householdCommuneCode');
    const people = await relativesNamed(
      applicant,
      form.persons.map((p) => p.pin),
      'persons',
      (pin) => population.getCitizen(pin),
    );
    // Whether the PIN heads the applicant's own household the applicant knows already (GET /v1/me lists its members
    // and their relation to the head): that much is answered here, from the household's members, not the head's
    // record. A person of another household already in the head's is the officer's finding, and approval refuses it.
    const ownHousehold = applicant.householdId;
    const headsOwnHousehold =
      ownHousehold !== undefined &&
      people.some((p) => p.householdId === ownHousehold) &&
      (await population.listHouseholdMembers(ownHousehold)).some(
        (m) => m.pin === form.householdHeadPin && headsHousehold(m),
      );
    for (const [i, person] of people.entries()) {
      if (headsOwnHousehold && person.householdId === ownHousehold) {
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
    return {
      communeCode: form.householdCommuneCode,
      provinceCode: place.provinceCode,
      parties: [form.householdHeadPin, ...people.map((p) => p.pin)],
      subject: `permanent-residence#${applicant.pin}`,
    };
  },
  rule: {
    // Only this dossier's move counts: a person another dossier put in the household is one approval refuses, so
    // taking it as this effect would leave the step neither approvable nor rejectable.
    applied: async ({ dossier, deps }) => {
      const form = formOf<PermanentResidenceForm>(dossier);
      const head = await namedHead(form, (pin) => deps.population.getCitizen(pin));
      if (!head) return false;
      for (const p of form.persons) {
        const person = await deps.population.getCitizen(p.pin);
        if (person?.householdId === head.householdId && person.residenceDossierId === dossier.id) return true;
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
      const head = await namedHead(form, (pin) => deps.population.getCitizen(pin));
      const commune = statedCommune(dossier);
      const inCommune = head?.permanentResidence.communeCode === commune;
      const findings = [
        finding(
          'household-head',
          head !== undefined,
          // The address only where the household lives in this officer's commune.
          head
            ? inCommune
              ? `household ${head.householdId} at ${head.permanentResidence.addressLine}`
              : `household ${head.householdId}`
            : 'This PIN is not the head of a household in the NPDB.',
        ),
        finding(
          'household-commune',
          inCommune,
          inCommune
            ? `the household lives in commune ${commune}, as stated`
            : head
              ? 'The household of this PIN does not live in the commune stated.'
              : 'no household of this PIN to compare',
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
        const there = alreadyThere(person, head, dossier.id);
        findings.push(
          finding(
            `person-${p.pin.slice(-4)}`,
            person?.status === 'alive' && !there,
            !person
              ? 'not in the NPDB'
              : there
                ? 'This person is already registered in that household.'
                : `moves from ${person.permanentResidence.addressLine} (${person.permanentResidence.communeCode})`,
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
      const commune = statedCommune(dossier);
      if (head.permanentResidence.communeCode !== commune) {
        throw new ConflictError(
          `The household of ${head.fullName} does not live in commune ${commune}, which the dossier states.`,
        );
      }
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
        if (alreadyThere(person, head, dossier.id)) {
          throw new ConflictError(`${person.fullName} is already registered in that household.`);
        }
        // Moved by this dossier already: a retried approval completes it.
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
