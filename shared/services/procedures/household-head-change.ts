/**
 * A household's new head (not one of the 25; `POST /v1/me/household-head-changes`). The Law on Residence 2020 has the
 * members agree on their head, an adult where one lives there (art. 10(4)), and the change registered as an
 * adjustment of residence information with the registration authority, which adjusts it within 3 working days
 * (art. 26(1)(a) and (3)). It is what a household needs after its head died (group 18 deletes the head's residence and
 * tells the family), after a revoked death left a household without head, or before its head moves out (service 3
 * refuses a head who leaves others behind).
 *
 * A living member files it for their household, naming the new head and every other living member's relation to
 * them (the declaration CT01 states both). The commune police of the household's address decide, always an officer:
 * the members' agreement is a fact the officer confirms, so that check passes only for a sole survivor (a household of
 * one is headed by its member) and nothing else is auto-approved. Approval writes every changed relation in one write
 * (all or none, each on the version it read, and only while the household's count of living members is the new head
 * and the named members), each member with a `household-head-changed` history entry, and issues the notice of result.
 */
import type { CitizenChange, StoredCitizen } from '../../domain/citizen-record.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { ageInYears } from '../../domain/dates.ts';
import { ConflictError, UnprocessableError } from '../../domain/errors.ts';
import type { Dossier, ServiceRef } from '../../dossiers/dossier.ts';
import type { PopulationPort } from '../../dossiers/ports.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { finding, requireRecord, type StepContext } from '../../dossiers/steps/common.ts';
import { HouseholdHeadChangeForm } from '../forms/residence.ts';
import { formOf, issueNotice } from './support.ts';

export { HouseholdHeadChangeForm };

/**
 * The code the dossier carries in `Dossier.service`. Procedures that are not on the national list of 25 take codes
 * outside 1-25: 0 is the record correction, 100 this one.
 */
export const HOUSEHOLD_HEAD_CHANGE_CODE = 100;

/** The service reference intake copies onto the dossier. Free of charge; the time limit is the law's 3 working days. */
export const HOUSEHOLD_HEAD_CHANGE_SERVICE: Omit<ServiceRef, 'agency'> = {
  code: HOUSEHOLD_HEAD_CHANGE_CODE,
  slug: 'household-head-change',
  name: {
    vi: 'Điều chỉnh thông tin về cư trú: thay đổi chủ hộ',
    en: 'Adjustment of residence information: change of household head',
  },
  dueWorkingDays: 3,
  feeVnd: 0,
};

const ADULT_AGE = 18;

/** The living members of a household, as its index lists them. */
const livingMembers = async (population: Pick<PopulationPort, 'listHouseholdMembers'>, householdId: string) =>
  (await population.listHouseholdMembers(householdId)).filter(
    (m) => m.status === 'alive' && m.householdId === householdId,
  );

/** Each named person's relation after the change: the new head's is `head`. */
const relationsAfter = (form: HouseholdHeadChangeForm) =>
  new Map<string, string>([[form.newHeadPin, 'head'], ...form.members.map((m) => [m.pin, m.relationToHead] as const)]);

/** Whether the new head may head the household: an adult, or anyone where no adult lives (the law's exception). */
const mayHead = (newHead: StoredCitizen, living: readonly StoredCitizen[], today: string) =>
  ageInYears(newHead.birthDate, today) >= ADULT_AGE || living.every((m) => ageInYears(m.birthDate, today) < ADULT_AGE);

/** What the form leaves out of, or adds to, the household's living members besides the new head. */
const membershipGaps = (form: HouseholdHeadChangeForm, living: readonly StoredCitizen[]) => {
  const named = new Set(form.members.map((m) => m.pin));
  const livingPins = new Set(living.map((m) => m.pin));
  return {
    missing: living.filter((m) => m.pin !== form.newHeadPin && !named.has(m.pin)),
    strangers: form.members.map((m, index) => ({ ...m, index })).filter((m) => !livingPins.has(m.pin)),
  };
};

/**
 * This dossier's effect: its new head heads the household. Intake refused a new head who did already, only one change
 * is pending per household, and every relation is written in the same write, so this is also its own effect: once it
 * holds, only an approval completes the step, whoever moved since.
 */
const headWritten = async ({ dossier, deps }: StepContext): Promise<boolean> => {
  const form = formOf<HouseholdHeadChangeForm>(dossier);
  const newHead = await deps.population.getCitizen(form.newHeadPin);
  return newHead?.householdId === form.householdId && newHead.relationToHead === 'head';
};

const changeReason = (dossier: Dossier, form: HouseholdHeadChangeForm, note: string | undefined) =>
  `dossier ${dossier.id}: ${form.reason}${note ? `; officer: ${note}` : ''}`;

export const householdHeadChange: ServiceProcedure<HouseholdHeadChangeForm> = {
  code: HOUSEHOLD_HEAD_CHANGE_CODE,
  agency: 'police',
  form: HouseholdHeadChangeForm,
  async intake({ applicant, form, today, population }) {
    if (applicant.householdId !== form.householdId) {
      throw new UnprocessableError(
        'You are not registered in this household; one of its members files the change.',
        'body.form.householdId',
      );
    }
    const living = await livingMembers(population, form.householdId);
    const newHead = living.find((m) => m.pin === form.newHeadPin);
    if (!newHead) {
      throw new UnprocessableError('This person is not a living member of the household.', 'body.form.newHeadPin');
    }
    if (newHead.relationToHead === 'head') {
      throw new UnprocessableError(
        'This person already heads the household; there is nothing to change.',
        'body.form.newHeadPin',
      );
    }
    if (!mayHead(newHead, living, today)) {
      throw new UnprocessableError(
        `The household chooses its head among its adult members (${ADULT_AGE} or older).`,
        'body.form.newHeadPin',
      );
    }
    const headAmongMembers = form.members.findIndex((m) => m.pin === form.newHeadPin);
    if (headAmongMembers >= 0) {
      throw new UnprocessableError(
        'The new head is named as the new head, not among the members.',
        `body.form.members.${headAmongMembers}.pin`,
      );
    }
    const { missing, strangers } = membershipGaps(form, living);
    const stranger = strangers[0];
    if (stranger) {
      throw new UnprocessableError(
        'This person is not a living member of the household.',
        `body.form.members.${stranger.index}.pin`,
      );
    }
    if (missing.length > 0) {
      throw new UnprocessableError(
        `Name every other living member's relation to the new head; missing: ${missing.map((m) => m.pin).join(', ')}.`,
        'body.form.members',
      );
    }
    return {
      communeCode: newHead.permanentResidence.communeCode,
      provinceCode: newHead.permanentResidence.provinceCode,
      parties: living.map((m) => m.pin).filter((pin) => pin !== applicant.pin),
      subject: `household-head#${form.householdId}`,
    };
  },
  rule: {
    applied: headWritten,
    ownEffectWritten: headWritten,
    async check({ dossier, now, deps }) {
      const form = formOf<HouseholdHeadChangeForm>(dossier);
      const today = vietnamDate(now);
      const living = await livingMembers(deps.population, form.householdId);
      const newHead = living.find((m) => m.pin === form.newHeadPin);
      const { missing, strangers } = membershipGaps(form, living);
      const head = living.find((m) => m.relationToHead === 'head');
      const relations = form.members.map((m) => `${m.pin}: ${m.relationToHead}`).join(', ');
      return [
        finding(
          'new-head-member',
          newHead !== undefined,
          newHead ? `${newHead.fullName}, member of household ${form.householdId}` : 'not a living member any more',
        ),
        finding(
          'new-head-may-head',
          newHead !== undefined && mayHead(newHead, living, today),
          newHead ? `${ageInYears(newHead.birthDate, today)} years old` : '-',
        ),
        finding(
          'every-member-named',
          missing.length === 0 && strangers.length === 0,
          [
            missing.length > 0 ? `not named: ${missing.map((m) => m.pin).join(', ')}` : '',
            strangers.length > 0 ? `no longer members: ${strangers.map((m) => m.pin).join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ') || `${relations || 'the new head lives alone'}`,
        ),
        // The members' agreement (and the staying head's) is what the officer confirms: never passed by the platform,
        // but where the new head is the only one living there, who heads it by law (art. 10(4)).
        finding(
          'members-agree',
          newHead !== undefined && living.length === 1,
          living.length === 1 && newHead
            ? `${newHead.fullName} is the only living member: a household of one is headed by its member`
            : head
              ? `${head.fullName} heads the household now and stays: their agreement and the members' are confirmed by the officer`
              : "no living member heads the household on record: the members' agreement is confirmed by the officer",
        ),
      ];
    },
    async apply(context, actor, note) {
      const { dossier, now, deps } = context;
      const form = formOf<HouseholdHeadChangeForm>(dossier);
      // A retry after the write (its notice not yet issued) finds the new head in place and writes nothing again.
      if (!(await headWritten(context))) {
        const people: StoredCitizen[] = [];
        for (const pin of [form.newHeadPin, ...form.members.map((m) => m.pin)]) {
          const person = await deps.population.getCitizen(pin);
          if (person?.status !== 'alive' || person.householdId !== form.householdId) {
            throw new ConflictError(
              `${person?.fullName ?? pin} no longer lives in household ${form.householdId}; the change is filed again.`,
            );
          }
          people.push(person);
        }
        const { missing } = membershipGaps(form, await livingMembers(deps.population, form.householdId));
        if (missing.length > 0) {
          throw new ConflictError(
            `${missing.map((m) => m.fullName).join(', ')} joined the household after the application; the change is filed again naming them.`,
          );
        }
        const after = relationsAfter(form);
        const changes: CitizenChange[] = people
          .filter((p) => p.relationToHead !== after.get(p.pin))
          .map((p) => {
            const { version: _v, ...record } = p;
            return {
              before: p,
              after: { ...record, relationToHead: after.get(p.pin) as StoredCitizen['relationToHead'] },
              change: {
                actor,
                action: 'household-head-changed',
                reason: changeReason(dossier, form, note),
                at: now.toISOString(),
              },
            };
          });
        // The index read above may lag a moment; the household's count, kept by every move in the same write, does
        // not: the write holds only while exactly the new head and the named members live there. The new head is
        // recorded on the count too, where a revoked death reads it (revoke-death-registration.ts) before the index
        // shows it.
        await deps.population.updateCitizensTogether(changes, {
          householdId: form.householdId,
          living: 1 + form.members.length,
          recordHead: form.newHeadPin,
        });
      }
      const newHead = await requireRecord(deps, form.newHeadPin, 'new household head');
      const since = vietnamDate(now);
      const address = newHead.permanentResidence.addressLine;
      const notice = await issueNotice(context, newHead, {
        vi: `Thông báo kết quả điều chỉnh thông tin về cư trú: ${newHead.fullName} (số định danh cá nhân ${newHead.pin}) là chủ hộ của hộ ${form.householdId} tại ${address} từ ngày ${since}.`,
        en: `Notice of adjusted residence information: ${newHead.fullName} (PIN ${newHead.pin}) heads household ${form.householdId} at ${address} from ${since}.`,
      });
      return {
        result: {
          householdId: form.householdId,
          newHeadPin: newHead.pin,
          since,
          noticeNumber: notice.number,
          verificationCode: notice.verificationCode,
        },
        documents: { noticeNumber: notice.number },
        text: {
          vi: `${newHead.fullName} là chủ hộ của hộ ${form.householdId} từ ngày ${since}; thông báo số ${notice.number}.`,
          en: `${newHead.fullName} heads household ${form.householdId} from ${since}; notice ${notice.number}.`,
        },
      };
    },
  },
};
