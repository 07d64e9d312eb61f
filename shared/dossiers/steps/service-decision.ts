/**
 * ServiceDecision: the one decision of a single-agency essential service. Its checks and its effect are the
 * service's own rule (shared/services/procedures/<service>.ts), found by the dossier's service code.
 */
import { FEE_EXEMPTION_CHECK } from '../../services/fee-exemptions.ts';
import { serviceProcedure } from '../../services/procedures/index.ts';
import type { Dossier, Finding } from '../dossier.ts';
import { finding, type StepRule } from './common.ts';

const ruleOf = (dossier: Dossier): StepRule => {
  const procedure = dossier.service ? serviceProcedure(dossier.service.code) : undefined;
  if (!procedure) throw new Error(`Dossier ${dossier.id} names no service with rules (${dossier.service?.code}).`);
  return procedure.rule;
};

/**
 * A fee waived on a declared ground adds the check `fee-exemption-evidence`, never passed here: the step cannot be
 * approved automatically, and the officer confirms the evidence by approving, or refuses the dossier if the ground is
 * false (the citizen then files again and pays). A ground the NPDB established is shown as a passed check.
 */
export const feeExemptionFindings = (dossier: Dossier): Finding[] => {
  const exemption = dossier.feeExemption;
  if (!exemption) return [];
  const waived = `${exemption.waived.amountVnd} VND waived`;
  if (exemption.establishedBy === 'npdb') {
    return [finding('fee-exemption', true, `${exemption.text.en} (${exemption.fact?.en ?? 'NPDB'}): ${waived}.`)];
  }
  return [
    finding(
      FEE_EXEMPTION_CHECK,
      false,
      `Declared: ${exemption.text.en}, evidence ${exemption.evidenceReference ?? '-'} (${exemption.legalBasis}); ` +
        `${waived}. Confirm the evidence before approving; if the ground is false, refuse the dossier.`,
    ),
  ];
};

export const serviceDecision: StepRule = {
  check: async (context) => [
    ...(await ruleOf(context.dossier).check(context)),
    ...feeExemptionFindings(context.dossier),
  ],
  apply: (context, actor, note) => ruleOf(context.dossier).apply(context, actor, note),
  applied: (context) => ruleOf(context.dossier).applied(context),
  ownEffectWritten: async (context) => (await ruleOf(context.dossier).ownEffectWritten?.(context)) ?? false,
};
