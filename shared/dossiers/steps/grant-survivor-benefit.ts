/** GrantSurvivorBenefit (VSS). */
import { deathForm, finding, numberFor, requireRegisteredDeath, type StepRule } from './common.ts';

export const grantSurvivorBenefit: StepRule = {
  applied: async () => false,
  async check({ dossier }) {
    const basis = deathForm(dossier).funeralAllowance?.basis;
    return [
      finding(
        'insured-or-pensioner',
        basis === 'insured' || basis === 'pensioner',
        'survivor benefits follow social-insurance contributions or a pension',
      ),
    ];
  },
  async apply({ dossier, deps }) {
    await requireRegisteredDeath(deps, dossier);
    const decisionNumber = numberFor('TT', dossier);
    return {
      result: { decisionNumber, note: 'monthly or lump-sum amount set by VSS from the contribution record' },
      documents: { survivorBenefitDecision: decisionNumber },
      text: {
        vi: `Đã có quyết định hưởng chế độ tử tuất số ${decisionNumber}.`,
        en: `Survivor benefit decision ${decisionNumber} has been issued.`,
      },
    };
  },
};
