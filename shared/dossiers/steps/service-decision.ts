/**
 * ServiceDecision: the one decision of a single-agency essential service. Its checks and its effect are the
 * service's own rule (shared/services/procedures/<service>.ts), found by the dossier's service code.
 */
import { serviceProcedure } from '../../services/procedures/index.ts';
import type { Dossier } from '../dossier.ts';
import type { StepRule } from './common.ts';

const ruleOf = (dossier: Dossier): StepRule => {
  const procedure = dossier.service ? serviceProcedure(dossier.service.code) : undefined;
  if (!procedure) throw new Error(`Dossier ${dossier.id} names no service with rules (${dossier.service?.code}).`);
  return procedure.rule;
};

export const serviceDecision: StepRule = {
  check: (context) => ruleOf(context.dossier).check(context),
  apply: (context, actor, note) => ruleOf(context.dossier).apply(context, actor, note),
  applied: (context) => ruleOf(context.dossier).applied(context),
};
