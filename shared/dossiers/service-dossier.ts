/**
 * A single-agency service's dossier runs without Step Functions: its one decision needs no orchestration, and a
 * Standard execution would add a state machine, its transitions and a task token per dossier for nothing (see
 * docs/services.md, "Why no workflow"). The province intake consumer opens the step (checks, then auto-approval
 * or the officers' inbox) and, once the step is decided (by auto-approval at once, or by an officer later),
 * `finishServiceDossier` records the outcome exactly as a group's last state does. Both are safe to run twice: the
 * step is opened once (a conditional write), decisions are conditional, `finishDossier` moves the status once.
 */
import { isServiceDossier, SERVICE_STEP } from './catalogue.ts';
import type { Dossier } from './dossier.ts';
import { finishDossier } from './finish-dossier.ts';
import { startedText } from './notification-texts.ts';
import type { RefundRequests } from './ports.ts';
import { openHumanStep, type RunStepDeps } from './run-step.ts';

export { isServiceDossier, SERVICE_STEP };

/**
 * Records the outcome of a service dossier whose step is decided; nothing if it is still open. A refused dossier that
 * was paid asks for its refund (`refunds`), as a group's end does.
 */
export const finishServiceDossier = async (
  deps: Pick<RunStepDeps, 'store' | 'now' | 'population'> & { readonly refunds?: RefundRequests },
  dossierId: string,
): Promise<Dossier['status'] | undefined> => {
  const step = await deps.store.getStep(dossierId, SERVICE_STEP);
  if (step?.status !== 'approved' && step?.status !== 'rejected') return undefined;
  const finished = await finishDossier(deps)({
    dossierId,
    outcome: step.status === 'approved' ? 'completed' : 'rejected',
    ...(step.status === 'rejected'
      ? { error: { Error: 'StepRejected', Cause: JSON.stringify({ stepId: SERVICE_STEP, reason: step.reason ?? '' }) } }
      : {}),
  });
  return finished.status;
};

/**
 * The intake consumer's path for a service dossier: mark it started, open its step, finish it if the
 * step was decided at once. A dossier already `processing` is run again (the consumer died half-way): every part is
 * idempotent.
 */
export const runServiceDossier =
  (deps: RunStepDeps) =>
  async (dossier: Dossier): Promise<'started' | 'already-started'> => {
    // A dossier with a fee never gets here unpaid: intake holds it `awaiting-payment` and only its payment queues it.
    if (dossier.status !== 'submitted' && dossier.status !== 'processing') return 'already-started';
    if (dossier.status === 'submitted') {
      await deps.store.markStarted(dossier.id, {
        at: deps.now().toISOString(),
        kind: 'started',
        actor: 'system',
        text: startedText(dossier),
      });
    }
    await openHumanStep(deps)({ dossierId: dossier.id, stepId: SERVICE_STEP });
    await finishServiceDossier(deps, dossier.id);
    return dossier.status === 'submitted' ? 'started' : 'already-started';
  };
