/** IssueChildHealthInsurance (VSS): the category TE card, once per child. */

import { childHealthInsuranceAnnualPremium } from '../../domain/benefits.ts';
import {
  childCardValidity,
  composeTeCardNumber,
  socialInsuranceNumberFromSerial,
} from '../../domain/child-health-insurance.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { ageInYears } from '../../domain/dates.ts';
import { birthForm, change, childOf, finding, requireRecord, type StepRule } from './common.ts';

export const issueChildHealthInsurance: StepRule = {
  // A card from any source (this step, a VSS synchronisation, service 20) is a card the step must not issue again.
  applied: async ({ dossier, deps }) => (await childOf(dossier, deps))?.healthInsurance !== undefined,
  // The card this very dossier issued (it records the dossier on the card).
  ownEffectWritten: async ({ dossier, deps }) =>
    (await childOf(dossier, deps))?.healthInsurance?.dossierId === dossier.id,
  async check({ dossier, now, deps }) {
    const child = dossier.documents.pin ? await deps.population.getCitizen(dossier.documents.pin) : undefined;
    return [
      finding('child-has-pin', child !== undefined, 'the child is in the NPDB'),
      finding(
        'under-six',
        child !== undefined && ageInYears(child.birthDate, vietnamDate(now)) < 6,
        'category TE covers children under 6',
      ),
    ];
  },
  async apply({ dossier, now, deps }, actor) {
    const child = await requireRecord(deps, dossier.documents.pin, 'child');
    const today = vietnamDate(now);
    const premium = childHealthInsuranceAnnualPremium(today);
    let card = child.healthInsurance;
    if (!card) {
      const serial = await deps.serials.nextSocialInsuranceSerial(dossier.provinceCode);
      const validity = childCardValidity(child.birthDate, today);
      card = {
        number: composeTeCardNumber(
          dossier.provinceCode,
          socialInsuranceNumberFromSerial(dossier.provinceCode, serial),
        ),
        ...validity,
        facilityCode: birthForm(dossier).birthCertificate.facilityCode,
        dossierId: dossier.id,
      };
      const { version: _v, ...record } = child;
      await deps.population.updateCitizen(
        child,
        { ...record, healthInsurance: card },
        change(actor, 'health-insurance-issued', dossier, now),
      );
    }
    return {
      result: {
        cardNumber: card.number,
        category: 'TE',
        validFrom: card.validFrom,
        validUntil: card.validUntil,
        premiumMonthlyVnd: premium.monthlyVnd,
        premiumAnnualVnd: premium.annualVnd,
        paidBy: 'state budget',
      },
      documents: { healthInsuranceCardNumber: card.number, healthInsuranceValidUntil: card.validUntil },
      text: {
        vi: `Đã cấp thẻ bảo hiểm y tế ${card.number} cho ${child.fullName}, có giá trị đến ${card.validUntil}.`,
        en: `Health-insurance card ${card.number} has been issued to ${child.fullName}, valid until ${card.validUntil}.`,
      },
    };
  },
};
