/**
 * The workflow side of a dossier's steps:
 * - `openHumanStep`: a `.waitForTaskToken` task calls it with its token. It runs the step's checks; if the
 *   province auto-approves the step and every check passed, the step is approved at once, otherwise it goes
 *   to the inbox of the officers of the step's agency with jurisdiction over the commune.
 * - `decide`: approval (apply the effect, record it, hand the result to the workflow) or rejection (record
 *   it, fail the task with `StepRejected`), for officers and for auto-approval alike.
 * Approving a group's last step completes the dossier before the workflow is told (./finish-dossier.ts).
 * Each is safe to run twice: decisions are conditional writes, effects are idempotent, and a task token
 * that no longer waits is ignored.
 */
import { ConflictError, DomainError, NotFoundError } from '../domain/errors.ts';
import { dueDate, endOfWorkingDay } from '../domain/working-days.ts';
import { type StepId, stepDueWorkingDays } from './catalogue.ts';
import type { Dossier, StepState } from './dossier.ts';
import type { StoredDossier, StoredStep } from './dossier-records.ts';
import { completeIfLastStep, notify } from './finish-dossier.ts';
import { openedText, rejectedStepText } from './notification-texts.ts';
import { readOnce } from './population-reads.ts';
import type { DossierRepository, WorkflowPort } from './ports.ts';
import { STEP_RULES, type StepDeps, stepAgency } from './step-rules.ts';

/** The error a rejected step fails its task with; the state machines catch it. */
export const STEP_REJECTED = 'StepRejected';
export const AUTO_APPROVAL_ACTOR = 'system:auto-approval';
/**
 * After this long a decision's claim on a step (see DossierRepository.claimDecision) is taken to be abandoned. It must
 * exceed the timeout of every function that decides (30 s): a claim this old belongs to a request that has ended.
 */
export const DECISION_CLAIM_SECONDS = 120;

export interface RunStepDeps extends StepDeps {
  readonly store: DossierRepository;
  readonly workflow: WorkflowPort;
  /** Whether the province lets this step be approved without an officer when every check passes. */
  readonly autoApproves: (provinceCode: string, stepId: StepId) => boolean;
  readonly now: () => Date;
}

/** The dossier and its stored steps, in one read. */
const loadDossier = async (deps: RunStepDeps, dossierId: string): Promise<StoredDossier> => {
  const loaded = await deps.store.load(dossierId);
  if (!loaded) throw new NotFoundError(`Dossier ${dossierId} is not found.`);
  return loaded;
};

/**
 * Tells the waiting workflow how a decided step ended; a token that no longer waits is fine. Then, and only then,
 * the step leaves the officers' inbox: if the callback fails, the officer still sees the decision there and
 * deciding again delivers it. Returns the step as it stands afterwards.
 */
/**
 * Hands a decided step to its workflow through `token`. A decision (`fromDecision`) also tries the token stored on the
 * step when that is another one, first: the step's task may have run twice at once (a Lambda retry after a timeout
 * gets a new token while the first invocation, still running, decides with the old one), and the retry stores its
 * newer token on the step. Only the newest is live; a dead one answers "gone".
 */
const deliver = async (
  deps: RunStepDeps,
  dossier: Dossier,
  step: StoredStep,
  token = step.taskToken,
  fromDecision = false,
): Promise<StoredStep> => {
  const tokens = [...new Set([...(fromDecision ? [step.taskToken] : []), token])].filter(
    (t): t is string => t !== undefined,
  );
  if (step.status !== 'approved' && step.status !== 'rejected') return step;
  await completeIfLastStep(deps, dossier, step);
  if (tokens.length === 0) return step;
  for (const each of tokens) {
    if (step.status === 'approved') {
      await deps.workflow.succeed(each, { stepId: step.stepId, status: 'approved' });
    } else {
      await deps.workflow.fail(each, STEP_REJECTED, JSON.stringify({ stepId: step.stepId, reason: step.reason ?? '' }));
    }
  }
  if (!step.inInbox) return step;
  await deps.store.markDelivered(step.dossierId, step.stepId);
  const { inInbox: _delivered, ...rest } = step;
  return rest;
};

/** The 409 for a decision the step no longer takes: decided otherwise, cancelled or reversed. */
const conflictWith = (step: StoredStep | undefined): ConflictError =>
  new ConflictError(
    step?.status === 'approved' || step?.status === 'rejected'
      ? `This step was already ${step.status} by ${step.decidedBy ?? 'someone'} at ${step.decidedAt ?? '?'}.`
      : `This step is ${step?.status ?? 'gone'}; it can no longer be decided.`,
  );

export interface Decision {
  readonly decision: 'approve' | 'reject';
  readonly actor: string;
  readonly reason?: string;
  readonly automatic?: boolean;
}

/**
 * Approves or rejects a step. Returns the stored step; if it had already been decided the other way, a
 * ConflictError names who decided it. `read`: the step as the caller has just read it (absent if it was never
 * opened), which spares reading it again; every write below is conditioned on the stored state, so a step that moved
 * since is refused by its condition, never overwritten.
 */
export const decide = async (
  deps: RunStepDeps,
  dossier: Dossier,
  stepId: StepId,
  decision: Decision,
  taskToken?: string,
  read?: { readonly step: StoredStep | undefined },
): Promise<StoredStep> => {
  const now = deps.now();
  const at = now.toISOString();
  const current = read ? read.step : await deps.store.getStep(dossier.id, stepId);
  const wanted = decision.decision === 'approve' ? 'approved' : 'rejected';
  if (current && (current.status === 'approved' || current.status === 'rejected')) {
    if (current.status !== wanted) {
      throw new ConflictError(
        `This step was already ${current.status} by ${current.decidedBy ?? 'someone'} at ${current.decidedAt ?? '?'}.`,
      );
    }
    return deliver(deps, dossier, current, taskToken ?? current.taskToken, true);
  }
  if (current && current.status !== 'awaiting-officer' && current.status !== 'pending') {
    throw new ConflictError(`This step is ${current.status}; it can no longer be decided.`);
  }
  /** This decision's own claim, if it may give it up (no other claim for the same decision was live). */
  let claimed: { decision: Decision['decision']; actor: string; at: string } | undefined;
  if (current?.status === 'awaiting-officer') {
    // Reserve the step for this decision first: an approval writes its effect before the decision is recorded, so
    // a rejection recorded meanwhile would leave e.g. a citizen recorded as dead under a refused registration. An
    // approval's claim stays until an approval is recorded (see DossierRepository.claimDecision).
    const claim = { decision: decision.decision, actor: decision.actor, at };
    const staleBefore = new Date(now.getTime() - DECISION_CLAIM_SECONDS * 1000).toISOString();
    let result = await deps.store.claimDecision(dossier.id, stepId, { ...claim, staleBefore });
    const abandoned = !result.claimed ? result.step : undefined;
    if (
      decision.decision === 'reject' &&
      abandoned?.status === 'awaiting-officer' &&
      abandoned.claimedDecision === 'approve' &&
      abandoned.claimedAt !== undefined &&
      abandoned.claimedAt < staleBefore &&
      !(await STEP_RULES[stepId].applied({ dossier, now, deps }))
    ) {
      // An approval's claim has expired (its decider outlived any request timeout, so it died) and nothing of its
      // effect is in the registries: the step is back to be decided, a rejection included.
      result = await deps.store.claimDecision(dossier.id, stepId, {
        ...claim,
        staleBefore,
        expiredApprovalAt: abandoned.claimedAt,
      });
    }
    if (!result.claimed) {
      const step = result.step;
      if (step?.status === wanted) return deliver(deps, dossier, step, taskToken ?? step.taskToken, true);
      if (step?.status === 'awaiting-officer' && step.claimedDecision === 'approve') {
        throw new ConflictError(
          `An approval of this step by ${step.claimedBy ?? 'someone'} (${step.claimedAt ?? '?'}) is being recorded and its effect may already be written, so the step can no longer be rejected. Reload it in a moment; if it is still open, approve it to complete that approval.`,
        );
      }
      if (step?.status === 'awaiting-officer') {
        throw new ConflictError(
          `${step.claimedBy ?? 'Someone'} is recording a decision (${step.claimedDecision ?? '?'}) on this step right now; reload it in a moment.`,
        );
      }
      throw conflictWith(step);
    }
    if (!result.shared) claimed = claim;
  }
  const base = {
    dossierId: dossier.id,
    stepId,
    agency: stepAgency(stepId, dossier),
    decidedBy: decision.actor,
    decidedAt: at,
  };
  let outcome: Awaited<ReturnType<DossierRepository['decideStep']>>;
  if (decision.decision === 'approve') {
    let effect: Awaited<ReturnType<(typeof STEP_RULES)[StepId]['apply']>>;
    try {
      effect = await STEP_RULES[stepId].apply({ dossier, now, deps }, decision.actor, decision.reason);
    } catch (error) {
      // A refusal by the step's rule (a DomainError: 409, 422...) comes before its effect's write, or is that
      // conditional write failing: nothing was written, so give the step back to be decided otherwise at once. Any
      // other failure (an outage) may have left part of the effect: keep the claim, only an approval completes it.
      // Nor when another approval held a live claim as this one claimed: it may be writing the effect right now.
      if (claimed && error instanceof DomainError) {
        await deps.store.releaseClaim(dossier.id, stepId, claimed).catch(() => false);
      }
      throw error;
    }
    outcome = await deps.store.decideStep({
      ...base,
      status: 'approved',
      ...(decision.automatic ? { automatic: true } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
      result: effect.result,
      ...(effect.documents ? { documents: effect.documents } : {}),
      event: { at, kind: 'step-approved', stepId, actor: decision.actor, text: effect.text },
      // A step approved without an officer is told in the completion message (completedText), not on its own.
      notifications: decision.automatic ? [] : notify(dossier, `${stepId}#approved`, effect.text),
    });
  } else {
    // An approval that wrote this dossier's own effect and died before recording it, holding no claim (an
    // auto-approval's task): only an approval may complete the step, never a rejection over that effect.
    if (await STEP_RULES[stepId].ownEffectWritten?.({ dossier, now, deps })) {
      if (claimed) await deps.store.releaseClaim(dossier.id, stepId, claimed).catch(() => false);
      throw new ConflictError(
        'An earlier approval of this step already wrote its effect to the registries and did not finish recording it, so the step can no longer be rejected; approve it to complete that approval.',
      );
    }
    const reason = decision.reason ?? '';
    const text = rejectedStepText(stepId, reason);
    outcome = await deps.store.decideStep({
      ...base,
      status: 'rejected',
      reason,
      event: { at, kind: 'step-rejected', stepId, actor: decision.actor, text },
      notifications: notify(dossier, `${stepId}#rejected`, text),
    });
  }
  if (outcome.step.status !== wanted) throw conflictWith(outcome.step);
  return deliver(deps, dossier, outcome.step, taskToken ?? outcome.step.taskToken ?? current?.taskToken, true);
};

export interface StepTaskInput {
  readonly dossierId: string;
  readonly stepId: StepId;
  /** Absent for a service dossier run without a workflow (shared/dossiers/service-dossier.ts). */
  readonly taskToken?: string;
}

/** What a step's task answers: its status, or `not-requested` for an optional step the dossier does not include. */
export type StepTaskStatus = StepState['status'] | 'not-requested';

/**
 * A human step's task: check, then auto-approve or put it in the officers' inbox. An optional step the applicant did
 * not request (the death group's allowance and benefit) passes at once: the state machine runs every step in order
 * and lets this answer skip it, which costs the same one transition a Choice state before it would, and no more.
 */
export const openHumanStep =
  (shared: RunStepDeps) =>
  async (input: StepTaskInput): Promise<{ stepId: StepId; status: StepTaskStatus }> => {
    // This invocation's check and (auto-)approval read the same people: once (population-reads.ts).
    const deps = { ...shared, population: readOnce(shared.population) };
    const { dossier, steps } = await loadDossier(deps, input.dossierId);
    if (!dossier.steps.includes(input.stepId)) {
      if (input.taskToken)
        await deps.workflow.succeed(input.taskToken, { stepId: input.stepId, status: 'not-requested' });
      return { stepId: input.stepId, status: 'not-requested' };
    }
    const existing = steps.find((s) => s.stepId === input.stepId);
    if (existing && (existing.status === 'approved' || existing.status === 'rejected')) {
      await deliver(deps, dossier, existing, input.taskToken);
      return { stepId: input.stepId, status: existing.status };
    }
    const now = deps.now();
    const findings = await STEP_RULES[input.stepId].check({ dossier, now, deps });
    const passed = findings.every((f) => f.passed);
    if (passed && deps.autoApproves(dossier.provinceCode, input.stepId)) {
      const step = await decide(
        deps,
        dossier,
        input.stepId,
        { decision: 'approve', actor: AUTO_APPROVAL_ACTOR, automatic: true },
        input.taskToken,
        { step: existing },
      );
      return { stepId: input.stepId, status: step.status };
    }
    const due = dueDate(now, stepDueWorkingDays(input.stepId, dossier));
    const dueAt = endOfWorkingDay(due).toISOString();
    const text = openedText(input.stepId, due);
    const opened = await deps.store.openStep(
      {
        dossierId: dossier.id,
        stepId: input.stepId,
        agency: stepAgency(input.stepId, dossier),
        status: 'awaiting-officer',
        openedAt: now.toISOString(),
        dueDate: due,
        dueAt,
        findings,
      },
      { provinceCode: dossier.provinceCode, communeCode: dossier.communeCode, group: dossier.group },
      input.taskToken,
      { at: now.toISOString(), kind: 'step-opened', stepId: input.stepId, actor: 'system', text },
    );
    if (opened.step.status === 'approved' || opened.step.status === 'rejected') {
      await deliver(deps, dossier, opened.step, input.taskToken);
    }
    return { stepId: input.stepId, status: opened.step.status };
  };
