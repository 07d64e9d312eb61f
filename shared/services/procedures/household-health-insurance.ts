/**
 * Service 20, household health-insurance renewal with the family discount (Law on Health Insurance, art. 13): a member
 * of a household renews the cards (category GD) of the members they choose for 12 months. Intake computes the premium
 * per member (the first pays 4.5% of the base salary x 12, the others 70/60/50/40% of that:
 * shared/domain/household-health-insurance.ts) as the dossier's fee lines, so the dossier waits `awaiting-payment`
 * and the breakdown shows on the dossier and its receipt. Members who are dead, not in the applicant's household, or
 * covered by another scheme for the period (a card of another category still valid then; a child under 6 is covered
 * by the state, TE) are refused (422 naming `body.form.members.<i>`). Vietnam Social Security decides at the
 * applicant's commune; approval renews each member's card on the NPDB record once (the card remembers the dossier)
 * with a change-history entry `health-insurance-renewed`.
 */

import type { HealthInsurance } from '../../domain/citizen.ts';
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { addDays, ageInYears } from '../../domain/dates.ts';
import { ConflictError, UnprocessableError } from '../../domain/errors.ts';
import {
  cardCategory,
  composeGdCardNumber,
  GD_CATEGORY,
  HOUSEHOLD_HEALTH_INSURANCE,
  householdPremium,
  periodUntil,
} from '../../domain/household-health-insurance.ts';
import type { DossierFee } from '../../dossiers/dossier.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, filedOn, finding, type StepContext } from '../../dossiers/steps/common.ts';
import { HouseholdHealthInsuranceForm } from '../forms/health-insurance.ts';
import { formOf } from './support.ts';

/** A card may be renewed this many days before it ends at most (platform setting: no paying years ahead). */
export const RENEWAL_WINDOW_DAYS = 60;

export { HouseholdHealthInsuranceForm };

/** The period a member's renewal covers: after their household card still valid on `on`, else from `on`. */
export const renewalPeriod = (card: HealthInsurance | undefined, on: string) => {
  const from =
    card && cardCategory(card.number) === GD_CATEGORY && card.validUntil >= on ? addDays(card.validUntil, 1) : on;
  return { from, until: periodUntil(from, HOUSEHOLD_HEALTH_INSURANCE.months) };
};

/** The one refusal for a PIN that is not of the applicant's household, whoever it is (or if it is no one's). */
export const NOT_IN_HOUSEHOLD = 'This PIN is not of a member of your household in the NPDB.';

/** Why a member cannot renew in this dossier, or undefined; `householdId` is the applicant's. */
const problemOf = (
  member: StoredCitizen | undefined,
  householdId: string,
  on: string,
  facilityCode: string | undefined,
  dossierId?: string,
): string | undefined => {
  // Membership first, with one answer for an unknown PIN and another household's: the applicant learns nothing
  // (name, death) about a citizen outside their household.
  if (member?.householdId !== householdId) return NOT_IN_HOUSEHOLD;
  if (member.status !== 'alive') return 'This member of your household is recorded as deceased.';
  const card = member.healthInsurance;
  if (dossierId !== undefined && card?.dossierId === dossierId) return undefined;
  if (member.birthDate > on || ageInYears(member.birthDate, on) < 6) {
    return `${member.fullName} is under 6: the state pays their health insurance (category TE).`;
  }
  const { from } = renewalPeriod(card, on);
  if (card && cardCategory(card.number) !== GD_CATEGORY && card.validUntil >= from) {
    return `${member.fullName} is covered by another scheme (${cardCategory(card.number)}) until ${card.validUntil}.`;
  }
  if (card && cardCategory(card.number) === GD_CATEGORY && card.validUntil > addDays(on, RENEWAL_WINDOW_DAYS)) {
    return `${member.fullName}'s card is valid until ${card.validUntil}; renew it at most ${RENEWAL_WINDOW_DAYS} days before.`;
  }
  if (!card && facilityCode === undefined) return `${member.fullName} has no card yet: name a primary-care facility.`;
  return undefined;
};

/** The premium of each member, as fee lines the receipt prints. */
export const premiumFee = (members: readonly StoredCitizen[], on: string): DossierFee => {
  const premium = householdPremium(members.length, on);
  return {
    amountVnd: premium.totalVnd,
    scheduleVersion: `household-health-insurance/base-salary-${premium.baseSalaryFrom}`,
    lines: premium.members.map((m, i) => ({
      item: `health-insurance-member-${m.position}`,
      text: {
        vi: `BHYT hộ gia đình 12 tháng, người thứ ${m.position} (${members[i]?.fullName ?? ''}): ${m.sharePercent}% mức người thứ nhất`,
        en: `Household health insurance, 12 months, member ${m.position} (${members[i]?.fullName ?? ''}): ${m.sharePercent}% of the first member's premium`,
      },
      quantity: 1,
      unitVnd: m.amountVnd,
      amountVnd: m.amountVnd,
    })),
  };
};

/** How often a member's card is written again when their record changed in between (optimistic version check). */
const WRITE_ATTEMPTS = 4;

/**
 * Renews one member's card for this dossier, once (the card remembers the dossier): on a concurrent change of the
 * record (a ConflictError from the version check), the record is read again and the card written on it again.
 */
const renewCard = async (context: StepContext, actor: string, first: StoredCitizen): Promise<HealthInsurance> => {
  const { dossier, now, deps } = context;
  const form = formOf<HouseholdHealthInsuranceForm>(dossier);
  const on = filedOn(dossier);
  let member = first;
  let newNumber: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const card = member.healthInsurance;
    if (card?.dossierId === dossier.id) return card;
    const { from, until } = renewalPeriod(card, on);
    // The social-insurance number is the person's for life: a card of another category keeps it.
    newNumber ??=
      card === undefined
        ? composeGdCardNumber(
            dossier.provinceCode,
            `${dossier.provinceCode}${String(await deps.serials.nextSocialInsuranceSerial(dossier.provinceCode)).padStart(8, '0')}`,
          )
        : undefined;
    const renewed: HealthInsurance = {
      number:
        card !== undefined ? composeGdCardNumber(dossier.provinceCode, card.number.slice(-10)) : (newNumber ?? ''),
      validFrom: from,
      validUntil: until,
      facilityCode: card?.facilityCode ?? form.facilityCode ?? '',
      dossierId: dossier.id,
    };
    const { version: _v, ...record } = member;
    try {
      await deps.population.updateCitizen(
        member,
        { ...record, healthInsurance: renewed },
        change(actor, 'health-insurance-renewed', dossier, now),
      );
      return renewed;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
      const fresh = await deps.population.getCitizen(member.pin);
      if (!fresh) throw error;
      member = fresh;
    }
  }
};

const membersOf = async ({ dossier, deps }: StepContext) =>
  Promise.all(formOf<HouseholdHealthInsuranceForm>(dossier).members.map((pin) => deps.population.getCitizen(pin)));

export const householdHealthInsurance: ServiceProcedure<HouseholdHealthInsuranceForm> = {
  code: 20,
  agency: 'social-security',
  form: HouseholdHealthInsuranceForm,
  async intake({ applicant, form, today, population }) {
    const householdId = applicant.householdId;
    if (!householdId) throw new UnprocessableError('You are not a member of a household in the NPDB.', 'body');
    const members: StoredCitizen[] = [];
    for (const [i, pin] of form.members.entries()) {
      const member = await population.getCitizen(pin);
      const problem = problemOf(member, householdId, today, form.facilityCode);
      if (problem || !member) {
        throw new UnprocessableError(problem ?? NOT_IN_HOUSEHOLD, `body.form.members.${i}`);
      }
      members.push(member);
    }
    return {
      communeCode: applicant.permanentResidence.communeCode,
      provinceCode: applicant.permanentResidence.provinceCode,
      parties: form.members,
      subject: `household-health-insurance#${householdId}`,
      fee: premiumFee(members, today),
    };
  },
  rule: {
    applied: async (context) =>
      (await membersOf(context)).some((m) => m?.healthInsurance?.dossierId === context.dossier.id),
    async check(context) {
      const { dossier, deps } = context;
      const form = formOf<HouseholdHealthInsuranceForm>(dossier);
      const applicant = await deps.population.getCitizen(dossier.applicantPin);
      const members = await membersOf(context);
      const on = filedOn(dossier);
      const problems = members
        .map((m) => problemOf(m, applicant?.householdId ?? '-', on, form.facilityCode, dossier.id) ?? '')
        .filter((p) => p !== '');
      const receipt = dossier.payment?.receipt;
      return [
        finding(
          'members-may-renew',
          applicant?.householdId !== undefined && problems.length === 0,
          problems.join(' ') || 'each member is alive, in the household and not covered by another scheme',
        ),
        finding(
          'premium-paid',
          receipt !== undefined && receipt.amountVnd === dossier.payment?.amountVnd,
          receipt ? `receipt ${receipt.number}, ${receipt.amountVnd} VND` : 'no receipt',
        ),
      ];
    },
    async apply(context, actor) {
      const { dossier, deps } = context;
      const form = formOf<HouseholdHealthInsuranceForm>(dossier);
      const applicant = await deps.population.getCitizen(dossier.applicantPin);
      const members = await membersOf(context);
      const on = filedOn(dossier);
      // Every member is checked before anything is written, so a refusal leaves the records as they were. Once one
      // card carries this dossier, an earlier approval checked them all and began writing: the premium is paid for
      // all of them, so the rest are written whatever changed since, and nothing may refuse (a refusal would let the
      // officer reject, refunding cards already renewed).
      const started = members.some((m) => m?.healthInsurance?.dossierId === dossier.id);
      if (!started) {
        for (const member of members) {
          const problem = problemOf(member, applicant?.householdId ?? '-', on, form.facilityCode, dossier.id);
          if (problem) throw new ConflictError(problem);
        }
      }
      const cards: { pin: string; fullName: string; card: HealthInsurance; premiumVnd: number }[] = [];
      for (const [i, member] of members.entries()) {
        if (!member) continue;
        let card: HealthInsurance;
        try {
          card = await renewCard(context, actor, member);
        } catch (error) {
          // Nothing written yet: a plain refusal, the step may be decided again at once. Some cards written: not a
          // refusal (DomainError) but a failure, so the approval's claim stays and only approving again completes it.
          if (cards.length === 0 && !started) throw error;
          throw new Error(
            `Cards renewed for ${cards.length} member(s), not yet for ${member.pin} (${(error as Error).message}); approve again to complete.`,
          );
        }
        cards.push({
          pin: member.pin,
          fullName: member.fullName,
          card,
          premiumVnd: dossier.payment?.lines[i]?.amountVnd ?? 0,
        });
      }
      const until = cards.map((c) => c.card.validUntil).sort()[0] ?? '';
      return {
        result: {
          members: cards.map((c) => ({
            pin: c.pin,
            cardNumber: c.card.number,
            validFrom: c.card.validFrom,
            validUntil: c.card.validUntil,
            premiumVnd: c.premiumVnd,
          })),
          premiumTotalVnd: dossier.payment?.amountVnd ?? 0,
          scheduleVersion: dossier.payment?.scheduleVersion ?? '',
        },
        text: {
          vi: `Đã gia hạn thẻ bảo hiểm y tế của ${cards.length} thành viên hộ gia đình (sớm nhất hết hạn ${until}).`,
          en: `The health-insurance cards of ${cards.length} household member(s) are renewed (the first to end on ${until}).`,
        },
      };
    },
  },
};
