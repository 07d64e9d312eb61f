/** GrantFuneralAllowance (VSS, or welfare for social-protection beneficiaries). */

import { funeralAllowance } from '../../domain/benefits.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Agency } from '../../identity/account.ts';
import { deathForm, finding, numberFor, requireRegisteredDeath, type StepRule } from './common.ts';

/** Card categories that show the basis of a funeral allowance claim (HT pensioners, BT social protection). */
const basisEvidence = (basis: string, cardNumber: string | undefined): boolean => {
  const category = cardNumber?.slice(0, 2);
  if (!category) return false;
  if (basis === 'pensioner') return category === 'HT';
  if (basis === 'social-protection') return category === 'BT';
  return ['DN', 'HC', 'GD', 'CH', 'NN'].includes(category);
};

export const grantFuneralAllowance: StepRule = {
  // Granting writes nothing but the decision itself (the payer acts on the recorded decision).
  applied: async () => false,
  async check({ dossier, deps }) {
    const form = deathForm(dossier);
    const claim = form.funeralAllowance;
    const deceased = await deps.population.getCitizen(form.deceasedPin);
    const recipient = claim ? await deps.population.getCitizen(claim.recipientPin) : undefined;
    return [
      finding('claim-present', claim !== undefined, 'the family named a recipient and a basis'),
      finding(
        'recipient-in-npdb',
        recipient?.status === 'alive',
        recipient ? `found, ${recipient.status}` : 'not found',
      ),
      finding(
        'basis-evidence',
        claim !== undefined && basisEvidence(claim.basis, deceased?.healthInsurance?.number),
        `claimed basis ${claim?.basis ?? '-'}; health-insurance category ${deceased?.healthInsurance?.number.slice(0, 2) ?? 'none'}`,
      ),
    ];
  },
  async apply({ dossier, deps }) {
    await requireRegisteredDeath(deps, dossier);
    const form = deathForm(dossier);
    const claim = form.funeralAllowance;
    if (!claim) throw new ConflictError('The dossier names no recipient of the funeral allowance.');
    // Intake does not look the recipient up (that would tell anyone whether a PIN names a living citizen): here it is.
    if ((await deps.population.getCitizen(claim.recipientPin))?.status !== 'alive') {
      throw new ConflictError('The recipient of the funeral allowance is not a living citizen in the NPDB.');
    }
    const allowance = funeralAllowance(claim.basis, form.deathDate);
    if (!allowance) throw new ConflictError('No funeral allowance applies to this basis.');
    const payer: Agency = allowance.payer;
    const amount = allowance.amountVnd.toLocaleString('vi-VN');
    return {
      result: { ...allowance, recipientPin: claim.recipientPin, decisionNumber: numberFor('MT', dossier) },
      documents: { funeralAllowance: { amountVnd: allowance.amountVnd, payer, recipientPin: claim.recipientPin } },
      text: {
        vi: `Đã giải quyết trợ cấp mai táng ${amount} đồng.`,
        en: `A funeral allowance of ${amount} VND has been granted.`,
      },
    };
  },
};
