/**
 * What each step of the two groups checks before it may be approved, and what approving it does to the
 * registries. Checks only read; `apply` is idempotent (a retried Lambda, a replay after a restart or an
 * officer's second click finds the effect already there and returns the same result).
 */
import type { StepId } from './catalogue.ts';
import type { StepRule } from './steps/common.ts';
import { deletePermanentResidence } from './steps/delete-permanent-residence.ts';
import { grantFuneralAllowance } from './steps/grant-funeral-allowance.ts';
import { grantSurvivorBenefit } from './steps/grant-survivor-benefit.ts';
import { issueChildHealthInsurance } from './steps/issue-child-health-insurance.ts';
import { registerBirth } from './steps/register-birth.ts';
import { registerDeath } from './steps/register-death.ts';
import { registerPermanentResidence } from './steps/register-permanent-residence.ts';
import { serviceDecision } from './steps/service-decision.ts';

export {
  childRegistered,
  isRelative,
  type StepContext,
  type StepDeps,
  type StepEffect,
  type StepRule,
  stepAgency,
} from './steps/common.ts';

export const STEP_RULES: Readonly<Record<StepId, StepRule>> = {
  RegisterBirth: registerBirth,
  RegisterPermanentResidence: registerPermanentResidence,
  IssueChildHealthInsurance: issueChildHealthInsurance,
  RegisterDeath: registerDeath,
  DeletePermanentResidence: deletePermanentResidence,
  GrantFuneralAllowance: grantFuneralAllowance,
  GrantSurvivorBenefit: grantSurvivorBenefit,
  ServiceDecision: serviceDecision,
};
