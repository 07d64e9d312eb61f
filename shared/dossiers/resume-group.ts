/**
 * Resuming a group that failed (a step still failing after its retries) or was refused (an officer rejected a step):
 * without it, a birth whose PIN was issued has no way forward, since its subject stays claimed so that the child
 * never gets a second PIN. A resumption takes the group up again from the step that failed, or from an earlier one:
 * - the steps before it stay as they are; those approved replay their recorded outcome, nothing is applied twice;
 * - the step and those after it are cleared (their history stays on the timeline) and run again;
 * - the dossier is `processing` again, with its `resumption` (count, step, who, why), a timeline event and the
 *   citizen's notification, in one conditional transaction; then a new execution of the group's state machine,
 *   named `<dossier>-resume-<count>`, runs from the first step: the approved ones replay, the cleared ones run again.
 * Asking again (a retried request, an operator re-running the command) finds the dossier `processing` under the same
 * resumption and only starts that execution, which its name makes happen once. Anything else is a 409.
 */

import type { Principal } from '../auth/principal.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { GROUPS, type GroupId, STEP_IDS, type StepId } from './catalogue.ts';
import { DOSSIER_ID_PATTERN, type Dossier, type Resumption } from './dossier.ts';
import type { StoredStep } from './dossier-records.ts';
import { resumedText } from './notification-texts.ts';
import { refuseConflictOfInterest, requireOfficer, roleCovers } from './officer-access.ts';
import type { DossierRepository, WorkflowPort } from './ports.ts';
import { workflowInput } from './start-workflow.ts';
import { stepAgency } from './steps/common.ts';

export interface ResumeDeps {
  readonly store: Pick<DossierRepository, 'view' | 'get' | 'recordResumption'>;
  readonly workflow: WorkflowPort;
  readonly now: () => Date;
}

export interface ResumeRequest {
  /** `<officer PIN>` or `operator:<name>`, recorded on the dossier and the timeline. */
  readonly actor: string;
  readonly reason: string;
  /** Default: the step that failed or was refused. An earlier step replays the approved ones in between. */
  readonly fromStep?: StepId;
}

export interface ResumeResult {
  readonly dossierId: string;
  readonly status: 'processing';
  readonly resumption: Resumption;
  /** The execution of the group's state machine that runs the resumption. */
  readonly executionName: string;
  /** True when this request found the resumption already recorded (a retry) and only made sure it runs. */
  readonly alreadyResumed: boolean;
}

/** The execution that runs a dossier's n-th resumption (the first execution is named after the dossier alone). */
export const resumptionExecutionName = (dossierId: string, count: number): string => `${dossierId}-resume-${count}`;

const RESUMABLE = ['failed', 'rejected'] as const;
type ResumableStatus = (typeof RESUMABLE)[number];
const isResumable = (status: Dossier['status']): status is ResumableStatus =>
  (RESUMABLE as readonly string[]).includes(status);

/** The first step of the dossier not approved: the one that failed or was refused. */
export const failedStepOf = (dossier: Dossier, steps: readonly Pick<StoredStep, 'stepId' | 'status'>[]) =>
  dossier.steps.find((id) => steps.find((s) => s.stepId === id)?.status !== 'approved');

const notResumable = (dossier: Dossier): ConflictError =>
  new ConflictError(
    dossier.status === 'processing' || dossier.status === 'submitted'
      ? `Dossier ${dossier.id} is still being processed; only a failed or refused group can be resumed.`
      : `Dossier ${dossier.id} is ${dossier.status}; only a failed or refused group can be resumed.`,
  );

const ensureRunning = async (deps: ResumeDeps, dossier: Dossier, resumption: Resumption): Promise<ResumeResult> => {
  const executionName = resumptionExecutionName(dossier.id, resumption.count);
  await deps.workflow.start(GROUPS[dossier.group as GroupId].workflowId, executionName, {
    ...workflowInput(dossier),
    resumeFrom: resumption.fromStep,
  });
  return { dossierId: dossier.id, status: 'processing', resumption, executionName, alreadyResumed: false };
};

/** The step a resumption starts from, checked against the dossier (a 400 names `fromStep`, a 409 says why not). */
export const resumptionStep = (
  dossier: Dossier,
  steps: readonly Pick<StoredStep, 'stepId' | 'status'>[],
  fromStep?: StepId,
): StepId => {
  const failed = failedStepOf(dossier, steps);
  if (!failed) throw new ConflictError(`Every step of dossier ${dossier.id} is approved; there is nothing to resume.`);
  if (fromStep === undefined) return failed;
  if (!dossier.steps.includes(fromStep)) {
    throw new ValidationError(`Dossier ${dossier.id} has no step ${fromStep}.`, [
      { field: 'fromStep', message: `one of ${dossier.steps.join(', ')}` },
    ]);
  }
  if (dossier.steps.indexOf(fromStep) > dossier.steps.indexOf(failed)) {
    throw new ConflictError(
      `Step ${failed} before ${fromStep} is not done (${steps.find((s) => s.stepId === failed)?.status ?? 'never run'}); resume from ${failed}.`,
    );
  }
  return fromStep;
};

/**
 * Resumes a failed or refused group (see the module comment): checks the dossier can be resumed from the step,
 * records the resumption, then starts its execution. A retry of the same resumption only starts the execution.
 */
export const resumeDossier =
  (deps: ResumeDeps) =>
  async (dossierId: string, request: ResumeRequest): Promise<ResumeResult> => {
    const view = DOSSIER_ID_PATTERN.test(dossierId) ? await deps.store.view(dossierId) : undefined;
    if (!view) throw new NotFoundError(`No dossier ${dossierId}.`);
    return resumeViewed(deps, view.dossier, view.steps, request);
  };

const resumeViewed = async (
  deps: ResumeDeps,
  dossier: Dossier,
  steps: readonly Pick<StoredStep, 'stepId' | 'status'>[],
  request: ResumeRequest,
): Promise<ResumeResult> => {
  const reason = request.reason.trim();
  if (reason.length < 10) {
    throw new ValidationError('State why the group is resumed (at least 10 characters).', [
      { field: 'reason', message: 'at least 10 characters' },
    ]);
  }
  if (dossier.group === 'service') {
    throw new ConflictError(
      `Dossier ${dossier.id} is a single-step service; a refused one is filed again, it is not resumed.`,
    );
  }
  if (!isResumable(dossier.status)) {
    const current = dossier.resumption;
    // The same resumption asked again: make sure its execution runs (a start by the same name happens once).
    if (
      dossier.status === 'processing' &&
      current &&
      (request.fromStep === undefined || request.fromStep === current.fromStep)
    ) {
      return { ...(await ensureRunning(deps, dossier, current)), alreadyResumed: true };
    }
    throw notResumable(dossier);
  }
  const fromStep = resumptionStep(dossier, steps, request.fromStep);
  const at = deps.now().toISOString();
  const resumption: Resumption = {
    count: (dossier.resumption?.count ?? 0) + 1,
    fromStep,
    after: dossier.status,
    at,
    by: request.actor,
    reason,
  };
  const from = dossier.steps.indexOf(fromStep);
  const resetSteps = dossier.steps
    .slice(from)
    .filter((id) => steps.find((s) => s.stepId === id)?.status !== 'approved');
  const text = resumedText(dossier, fromStep, reason);
  const outcome = await deps.store.recordResumption({
    dossierId: dossier.id,
    resumption,
    resetSteps,
    ...(dossier.subject ? { subject: dossier.subject } : {}),
    event: { at, kind: 'resumed', stepId: fromStep, actor: request.actor, text },
    notifications: [
      {
        notification: { pin: dossier.applicantPin, kind: 'dossier', text: text.vi },
        id: `${dossier.id}#resumed#${resumption.count}`,
      },
    ],
  });
  if (!outcome.resumed) {
    if (outcome.reason === 'subject-taken') {
      throw new ConflictError(
        `Dossier ${outcome.heldBy}, filed since, now handles this ${dossier.group === 'birth-group' ? 'birth' : 'death'}; dossier ${dossier.id} can no longer be resumed.`,
      );
    }
    // Someone else resumed it (or a step changed) meanwhile: answer from what is stored now.
    const current = await deps.store.get(dossier.id);
    if (current?.status === 'processing' && current.resumption?.count === resumption.count) {
      return { ...(await ensureRunning(deps, current, current.resumption)), alreadyResumed: true };
    }
    throw new ConflictError(`Dossier ${dossier.id} changed while it was being resumed; reload it and try again.`);
  }
  return ensureRunning(deps, { ...dossier, status: 'processing', resumption }, resumption);
};

/**
 * An officer resumes a group from the step that failed or was refused: an officer of that step's agency with
 * jurisdiction over the dossier's commune (others get a 404, as for any dossier outside their jurisdiction), not a
 * party to it, with a reason the citizen reads.
 */
export const resumeDossierAsOfficer =
  (deps: ResumeDeps) =>
  async (principal: Principal | undefined, dossierId: string, body: { reason: string }): Promise<ResumeResult> => {
    const officer = requireOfficer(principal);
    const notFound = new NotFoundError(`No dossier ${dossierId} in your jurisdiction.`);
    const view = DOSSIER_ID_PATTERN.test(dossierId) ? await deps.store.view(dossierId) : undefined;
    if (!view) throw notFound;
    const { dossier, steps } = view;
    // The step whose agency the officer must hold: the one to resume, or (a retry) the one already resumed from; for
    // a group that has nothing to resume (completed), any of its steps, so that its officers learn why (409).
    const step =
      dossier.status === 'processing' && dossier.resumption
        ? dossier.resumption.fromStep
        : failedStepOf(dossier, steps);
    const agencies = (step ? [step] : dossier.steps).map((id) => stepAgency(id, dossier));
    const covered = officer.officerRoles.some((r) =>
      agencies.some((agency) => roleCovers(r, agency, dossier.provinceCode, dossier.communeCode)),
    );
    if (!covered) throw notFound;
    refuseConflictOfInterest(officer, dossier);
    return resumeViewed(deps, dossier, steps, { actor: officer.pin, reason: body.reason });
  };

/** Parses a step name given by an operator. */
export const parseStepId = (value: string): StepId => {
  const found = STEP_IDS.find((id) => id === value);
  if (!found) {
    throw new ValidationError(`No step ${value}.`, [{ field: 'fromStep', message: `one of ${STEP_IDS.join(', ')}` }]);
  }
  return found;
};
