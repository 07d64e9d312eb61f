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

/** The dossier's own child holds a card (a child registered by this dossier; its card comes only from this step). */
const childInsured: StepRule['applied'] = async ({ dossier, deps }) =>
  (await childOf(dossier, deps))?.healthInsurance !== undefined;

export const issueChildHealthInsurance: StepRule = {
  applied: childInsured,
  ownEffectWritten: childInsured,
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
