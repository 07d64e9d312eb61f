/**
 * The officers' back office: the inbox of steps waiting for their agency in their jurisdiction, decisions on
 * them, and the revocation of a death registration. An officer acts only where one of their roles matches the
 * step's agency and the dossier's province (and commune, for a commune-scoped role); anything else is a 404,
 * so that dossier IDs cannot be probed.
 */
import type { DossierStore } from '../adapters/dynamodb/dossier-store.ts';
import { type CitizenPrincipal, ForbiddenError, type OfficerRole, type Principal } from '../auth/principal.ts';
import type { Citizen } from '../domain/citizen.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Agency } from '../identity/account.ts';
import { GROUPS, STEPS, type StepId } from './catalogue.ts';
import { DOSSIER_ID_PATTERN, type Dossier, type OfficerTask, parseTaskId } from './dossier.ts';
import type { BirthForm, DeathForm } from './forms.ts';
import { revokedText } from './notification-texts.ts';
import type { RefundRequests } from './ports.ts';
import { decide, type RunStepDeps } from './run-step.ts';
import { finishServiceDossier, isServiceDossier, SERVICE_STEP } from './service-dossier.ts';

export const requireOfficer = (
  principal: Principal | undefined,
): CitizenPrincipal & { officerRoles: OfficerRole[] } => {
  if (principal?.kind !== 'citizen' || principal.officerRoles.length === 0) {
    throw new ForbiddenError('This is for officers signed in with an e-ID account that holds an officer role.');
  }
  if (principal.level < 2) throw new ForbiddenError('Officers act with a level-2 e-ID account.');
  return principal as CitizenPrincipal & { officerRoles: OfficerRole[] };
};

/** Whether a role covers acting for `agency` on a dossier handled in this province and commune. */
export const roleCovers = (role: OfficerRole, agency: Agency, provinceCode: string, communeCode: string): boolean =>
  role.agency === agency &&
  role.provinceCode === provinceCode &&
  (role.communeCode === undefined || role.communeCode === communeCode);

/** Index items read per role at most, whatever the filter leaves (bounds a request's cost). */
const MAX_INBOX_READ = 2000;

export interface InboxQuery {
  readonly agency?: Agency;
  readonly overdue?: boolean;
  readonly limit?: number;
}

/**
 * Open steps for every role the officer holds, soonest due first. The inbox indexes are ordered by due time (across
 * the province for a province-wide role, within the commune for a commune role), so each role reads only until it
 * has `limit` matching tasks: a page costs about `limit` items per role, not the whole inbox.
 */
export const listOfficerTasks =
  (deps: { store: Pick<DossierStore, 'listInbox'> }) =>
  async (principal: Principal | undefined, query: InboxQuery = {}): Promise<{ tasks: OfficerTask[] }> => {
    const officer = requireOfficer(principal);
    const roles = officer.officerRoles.filter((r) => !query.agency || r.agency === query.agency);
    const limit = query.limit ?? 100;
    const matches = (t: OfficerTask) => query.overdue === undefined || t.overdue === query.overdue;
    const seen = new Map<string, OfficerTask>();
    for (const role of roles) {
      let cursor: Record<string, unknown> | undefined;
      let read = 0;
      let matched = 0;
      do {
        const page = await deps.store.listInbox(role.agency, role.provinceCode, {
          ...(role.communeCode ? { communeCode: role.communeCode } : {}),
          limit: Math.min(limit, 200),
          ...(cursor ? { cursor } : {}),
        });
        for (const task of page.tasks) {
          if (matches(task) && matched < limit) {
            seen.set(task.taskId, task);
            matched++;
          }
        }
        read += page.tasks.length;
        cursor = page.next;
      } while (cursor && matched < limit && read < MAX_INBOX_READ);
    }
    const tasks = [...seen.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, limit);
    return { tasks };
  };

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

/** The code of service 15, death registration on its own (shared/services/procedures/death-registration.ts). */
const DEATH_REGISTRATION_SERVICE = 15;

/** A dossier that registers a death: procedure group 18, or service 15 filed on its own. */
const isDeathRegistration = (dossier: Dossier) =>
  dossier.group === 'death-group' ||
  (isServiceDossier(dossier) && dossier.service?.code === DEATH_REGISTRATION_SERVICE);

/**
 * Revokes a registered death (a civil-status officer of the handling commune, with a reason): the citizen is
 * alive again with their household membership, the e-ID account the death disabled is re-enabled, the steps
 * that acted on the death are marked reversed, and a granted funeral allowance is flagged for recovery. The
 * citizen's change history records each reversal with the officer and the reason. A death registered by service 15
 * (its `ServiceDecision` step, no workflow) is revoked the same way.
 */
export const revokeDeathRegistration =
  (deps: RunStepDeps) => async (principal: Principal | undefined, dossierId: string, reason: string) => {
    const officer = requireOfficer(principal);
    const notFound = new NotFoundError(`No death registration ${dossierId} in your jurisdiction.`);
    if (!DOSSIER_ID_PATTERN.test(dossierId)) throw notFound;
    const view = await deps.store.view(dossierId);
    if (!view || !isDeathRegistration(view.dossier)) throw notFound;
    const { dossier, steps } = view;
    // Service 15 registers the death in its one decision and runs no workflow; the group in `RegisterDeath`.
    const isService = isServiceDossier(dossier);
    if (!officer.officerRoles.some((r) => roleCovers(r, 'civil-status', dossier.provinceCode, dossier.communeCode))) {
      throw notFound;
    }
    refuseConflictOfInterest(officer, dossier);
    if (reason.trim().length < 10) {
      throw new ValidationError('State the reason for the revocation (at least 10 characters).', [
        { field: 'body.reason', message: 'at least 10 characters' },
      ]);
    }
    const registration = steps.find((s) => s.stepId === (isService ? SERVICE_STEP : 'RegisterDeath'));
    if (dossier.status === 'revoked') {
      return { dossierId, status: 'revoked' as const, alreadyRevoked: true };
    }
    // `reversed`: an earlier revocation stopped half-way (its steps are reversed, the dossier is not yet revoked).
    if (registration?.status !== 'approved' && registration?.status !== 'reversed') {
      throw new ConflictError('The death in this dossier was never registered; there is nothing to revoke.');
    }
    const now = deps.now();
    const at = now.toISOString();
    const form = dossier.form as DeathForm;
    const change = { actor: officer.pin, action: 'death-registration-revoked', reason: reason.trim(), at };

    // 0. Stop the group first if it still runs, so no later step acts on a death that is being revoked.
    if (!isService && (dossier.status === 'processing' || dossier.status === 'submitted')) {
      await deps.workflow.stop(
        GROUPS['death-group'].workflowId,
        dossier.id,
        `death registration revoked by ${officer.pin}`,
      );
    }
    // 1. The citizen: alive again, residence and household restored (one transaction with the history entry).
    const citizen = await deps.population.getCitizen(form.deceasedPin);
    if (!citizen) throw new ConflictError('The citizen is no longer in the NPDB.');
    if (citizen.status === 'deceased' && citizen.deathDate === form.deathDate) {
      const { version: _v, deathDate: _d, permanentResidenceDeleted, ...record } = citizen;
      const restored: Citizen = {
        ...record,
        status: 'alive',
        ...(permanentResidenceDeleted?.dossierId === dossier.id
          ? {
              ...(permanentResidenceDeleted.householdId ? { householdId: permanentResidenceDeleted.householdId } : {}),
              ...(permanentResidenceDeleted.relationToHead
                ? { relationToHead: permanentResidenceDeleted.relationToHead }
                : {}),
            }
          : permanentResidenceDeleted
            ? { permanentResidenceDeleted }
            : {}),
      };
      await deps.population.updateCitizen(citizen, restored, change);
    }
    // 2. The e-ID account the death disabled.
    await deps.accounts.reenableAfterReversal(form.deceasedPin, dossier.id, at);
    // The e-death extract no longer holds: anyone verifying it learns it was revoked.
    if (dossier.documents.deathExtractNumber) {
      await deps.documents.revoke(dossier.documents.deathExtractNumber, at, reason.trim());
    }
    // 3. Mark the steps and the dossier.
    for (const step of steps) {
      if (step.status !== 'approved') continue;
      const recovery =
        step.stepId === 'GrantFuneralAllowance' && dossier.documents.funeralAllowance
          ? ` The funeral allowance of ${dossier.documents.funeralAllowance.amountVnd} VND is to be recovered by ${dossier.documents.funeralAllowance.payer}.`
          : '';
      await deps.store.reverseStep(
        dossier.id,
        step.stepId,
        {
          at,
          kind: 'step-reversed',
          stepId: step.stepId,
          actor: officer.pin,
          text: {
            vi: `Bước "${STEPS[step.stepId].title.vi}" được hủy bỏ do thu hồi đăng ký khai tử.`,
            en: `Step "${STEPS[step.stepId].title.en}" is reversed with the revocation of the death registration.${recovery}`,
          },
        },
        reason.trim(),
      );
    }
    const text = revokedText(dossier, reason.trim());
    const moved = await deps.store.moveStatus(
      dossier.id,
      ['completed', 'processing', 'submitted', 'rejected', 'failed'],
      'revoked',
      { at, kind: 'revoked', actor: officer.pin, text },
      {
        outcome: { ...text, at },
        // A dossier that ended rejected or failed released its subject then, and a service's dossier whatever its
        // outcome; deleting the claim again would fail the whole transaction.
        releaseSubject:
          dossier.status !== 'rejected' &&
          dossier.status !== 'failed' &&
          !(isService && dossier.status === 'completed'),
        notifications: [
          { notification: { pin: dossier.applicantPin, kind: 'dossier', text: text.vi }, id: `${dossier.id}#revoked` },
          {
            notification: { pin: form.deceasedPin, kind: 'dossier', text: text.vi },
            id: `${dossier.id}#revoked-subject`,
          },
        ],
        stepUpdates: steps
          .filter((s) => s.status === 'awaiting-officer')
          .map((s) => ({ stepId: s.stepId, status: 'cancelled' as const, reason: 'death registration revoked' })),
      },
    );
    if (!moved && (await deps.store.get(dossier.id))?.status !== 'revoked') {
      // Everything above is done and idempotent; only the dossier's own record is missing. Asking again finishes it.
      throw new ConflictError('The dossier changed while it was being revoked; send the revocation again.');
    }
    return { dossierId, status: 'revoked' as const, alreadyRevoked: false };
  };

/** The people a dossier is about or for: an officer who is one of them may not decide on it. */
export const partiesOf = (dossier: Dossier): Set<string> => {
  const form = dossier.form as Partial<BirthForm & DeathForm>;
  return new Set(
    [
      dossier.applicantPin,
      form.motherPin,
      form.fatherPin,
      form.householdOf,
      form.deceasedPin,
      form.funeralAllowance?.recipientPin,
      dossier.documents.pin,
      ...(dossier.parties ?? []),
    ].filter((pin): pin is string => pin !== undefined),
  );
};

/** A 403 for an officer who is a party to the dossier. */
export const refuseConflictOfInterest = (officer: CitizenPrincipal, dossier: Dossier) => {
  if (partiesOf(dossier).has(officer.pin)) {
    throw new ForbiddenError(
      'You are a party to this dossier (applicant, parent, child, deceased or recipient); another officer must decide it.',
    );
  }
};
