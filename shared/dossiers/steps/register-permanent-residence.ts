/** RegisterPermanentResidence (commune police): the child joins the household. */
import { vietnamDate } from '../../domain/clock.ts';
import { ConflictError } from '../../domain/errors.ts';
import { change, childOf, finding, householdPerson, requireRecord, type StepRule } from './common.ts';

export const registerPermanentResidence: StepRule = {
  // The child is created without a household; this step puts it in one.
  applied: async ({ dossier, deps }) => (await childOf(dossier, deps))?.householdId !== undefined,
  // Only a placement this dossier made: service 3 may also put the child in a household, and a rejection of this
  // step over that one is the officer's to make.
  ownEffectWritten: async ({ dossier, deps }) => {
    const child = await childOf(dossier, deps);
    return child?.householdId !== undefined && child.residenceDossierId === dossier.id;
  },
  async check({ dossier, deps }) {
    const home = await deps.population.getCitizen(householdPerson(dossier));
    const members = home?.householdId ? await deps.population.listHouseholdMembers(home.householdId) : [];
    const head = members.find((m) => m.relationToHead === 'head');
    return [
      finding('child-has-pin', dossier.documents.pin !== undefined, 'the child has a personal identification number'),
      finding(
        'household-exists',
        home?.householdId !== undefined && home.status === 'alive',
        home?.householdId ? `household ${home.householdId}` : 'the named person has no household',
      ),
      finding(
        'household-head-confirms',
        head?.pin === dossier.applicantPin,
        head
          ? head.pin === dossier.applicantPin
            ? 'the applicant is the household head'
            : 'the household head (not the applicant) must confirm'
          : 'the household has no head on record',
      ),
    ];
  },
  async apply({ dossier, now, deps }, actor) {
    const child = await requireRecord(deps, dossier.documents.pin, 'child');
    const home = await requireRecord(deps, householdPerson(dossier), 'household member');
    if (!home.householdId) throw new ConflictError(`${home.fullName} has no household to register the child in.`);
    const members = await deps.population.listHouseholdMembers(home.householdId);
    const head = members.find((m) => m.relationToHead === 'head');
    const relation = head && (head.pin === child.motherPin || head.pin === child.fatherPin) ? 'child' : 'other';
    const since = vietnamDate(now);
    if (child.householdId !== home.householdId) {
      const { version: _v, ...record } = child;
      await deps.population.updateCitizen(
        child,
        {
          ...record,
          householdId: home.householdId,
          residenceDossierId: dossier.id,
          relationToHead: relation,
          permanentResidence: { ...home.permanentResidence, since },
        },
        change(actor, 'permanent-residence-registered', dossier, now),
      );
    }
    return {
      result: {
        householdId: home.householdId,
        relationToHead: relation,
        communeCode: home.permanentResidence.communeCode,
      },
      text: {
        vi: `Đã đăng ký thường trú cho ${child.fullName} tại ${home.permanentResidence.addressLine}.`,
        en: `${child.fullName}'s permanent residence is registered at ${home.permanentResidence.addressLine}.`,
      },
    };
  },
};
