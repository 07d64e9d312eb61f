/**
 * Which steps each province lets the platform approve without an officer when every check passes. This is
 * the province's decision, kept as configuration: `config/auto-approval.json` (reviewed like code, deployed
 * with the stacks) and, for a running environment, the `AUTO_APPROVAL` variable in the same JSON shape
 * (`{"01": ["IssueChildHealthInsurance"], "*": []}`; `"*"` applies to provinces not listed; the value `all`
 * approves every step that passes its checks everywhere, for load tests).
 */
import * as z from '../validation/zod.ts';
import { STEP_IDS, type StepId } from './catalogue.ts';

export const AutoApprovalSchema = z.record(
  z.string().check(z.regex(/^(\d{2}|\*)$/, 'a 2-digit province code or "*"')),
  z.array(z.enum(STEP_IDS)),
);
export type AutoApproval = z.infer<typeof AutoApprovalSchema>;

export const parseAutoApproval = (text: string | undefined): AutoApproval => {
  if (!text || text.trim() === '') return {};
  if (text.trim() === 'all') return { '*': [...STEP_IDS] };
  const parsed = AutoApprovalSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `AUTO_APPROVAL is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
};

export const autoApproves =
  (config: AutoApproval) =>
  (provinceCode: string, stepId: StepId): boolean =>
    (config[provinceCode] ?? config['*'] ?? []).includes(stepId);

/**
 * Steps whose approval issues a child's PIN, so a function that auto-approves them needs the PIN serial key. Service
 * 14's ServiceDecision issues one too, but is never auto-approved (shared/services/procedures/birth-registration.ts).
 */
export const PIN_ISSUING_STEPS: readonly StepId[] = ['RegisterBirth'];

/** Whether some province (or `"*"`) approves one of `steps` without an officer. */
export const autoApprovesAnyOf = (config: AutoApproval, steps: readonly StepId[]): boolean =>
  Object.values(config).some((approved) => approved.some((stepId) => steps.includes(stepId)));
