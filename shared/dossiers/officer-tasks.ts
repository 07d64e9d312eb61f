/**
 * The officers' back office: decisions on the steps in their inbox (officer-inbox.ts lists it; a death registration
 * is revoked in revoke-death-registration.ts). An officer acts only where one of their roles matches the step's
 * agency and the dossier's province (and commune, for a commune-scoped role; officer-access.ts); anything else is a
 * 404, so that dossier IDs cannot be probed.
 */
import type { CitizenPrincipal, Principal } from '../auth/principal.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { STEPS, type StepId } from './catalogue.ts';
import { parseTaskId } from './dossier.ts';
import { refuseConflictOfInterest, requireOfficer, roleCovers } from './officer-access.ts';
import type { RefundRequests } from './ports.ts';
import { decide, type RunStepDeps } from './run-step.ts';
import { finishServiceDossier, isServiceDossier } from './service-dossier.ts';

// Who may act, the inbox and revocation live apart, so the functions that only read or revoke need not bundle the
// step rules `decide` runs; exported here too for the callers that want the whole back office.
export { partiesOf, refuseConflictOfInterest, requireOfficer, roleCovers } from './officer-access.ts';
export { type InboxQuery, listOfficerTasks } from './officer-inbox.ts';
export { revokeDeathRegistration } from './revoke-death-registration.ts';

const findCoveredStep = async (deps: RunStepDeps, officer: CitizenPrincipal, taskId: string) => {
  const parsed = parseTaskId(taskId);
  const notFound = new NotFoundError(`No task ${taskId} in your inbox.`);
  if (!parsed || !(parsed.stepId in STEPS)) throw notFound;
  const stepId = parsed.stepId as StepId;
  const [dossier, step] = await Promise.all([
    deps.store.get(parsed.dossierId),
    deps.store.getStep(parsed.dossierId, stepId),
  ]);
  if (!dossier || !step) throw notFound;
  const covered = officer.officerRoles.some((r) =>
    roleCovers(r, step.agency, dossier.provinceCode, dossier.communeCode),
  );
  if (!covered) throw notFound;
  return { dossier, step, stepId };
};

/**
 * An officer approves or rejects a step in their inbox. Approving twice is harmless (the same answer); a
 * decision against an earlier one is a 409 naming who decided.
 */
export const decideOfficerTask =
  (deps: RunStepDeps & { readonly refunds?: RefundRequests }) =>
  async (
    principal: Principal | undefined,
    taskId: string,
    body: { decision: 'approve' | 'reject'; reason?: string | undefined },
  ) => {
    const officer = requireOfficer(principal);
    const { dossier, step, stepId } = await findCoveredStep(deps, officer, taskId);
    refuseConflictOfInterest(officer, dossier);
    if (body.decision === 'reject' && (body.reason ?? '').trim().length < 10) {
      throw new ValidationError('Give the citizen the reason for the refusal (at least 10 characters).', [
        { field: 'body.reason', message: 'required when rejecting, at least 10 characters' },
      ]);
    }
    if (step.status === 'cancelled') throw new ConflictError('This step was cancelled; the dossier has ended.');
    const decided = await decide(deps, dossier, stepId, {
      decision: body.decision,
      actor: officer.pin,
      ...(body.reason ? { reason: body.reason.trim() } : {}),
    });
    // A service dossier has no workflow to hand the decision to: its one decision ends it here (again on a retry).
    if (isServiceDossier(dossier)) await finishServiceDossier(deps, dossier.id);
    return {
      taskId,
      dossierId: dossier.id,
      stepId,
      status: decided.status,
      decidedBy: decided.decidedBy,
      decidedAt: decided.decidedAt,
      ...(decided.reason ? { reason: decided.reason } : {}),
      ...(decided.result ? { result: decided.result } : {}),
    };
  };
