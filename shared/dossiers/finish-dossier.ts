/**
 * The end of a dossier: its outcome (completed, rejected, failed) recorded once, what did not run cancelled, the
 * citizen told, a paid dossier that did not complete refunded.
 * - A group completes in the function that approves its last step (`completeIfLastStep`), before the workflow is
 *   told: the state machines end with that step, with no state of their own for the outcome, which would cost a
 *   transition and an invocation on every group. A refused or failed group ends in its state machine's
 *   `NotifyRejection`/`NotifyFailure` state (functions/dossiers/notify-citizen.ts).
 * - A service dossier ends through `finishServiceDossier` (./service-dossier.ts).
 * Safe to run twice: the status moves once (a conditional write), the notification has one ID per outcome.
 */

import { NotFoundError } from '../domain/errors.ts';
import { SERVICE_DOSSIER, type StepId } from './catalogue.ts';
import type { Dossier, Text } from './dossier.ts';
import type { StoredStep } from './dossier-records.ts';
import { completionText, failedText, rejectedText } from './notification-texts.ts';
import type { DossierRepository, RefundRequests } from './ports.ts';
import { childRegistered, type StepDeps } from './steps/common.ts';

export interface FinishDeps extends Pick<StepDeps, 'population'> {
  readonly store: DossierRepository;
  readonly now: () => Date;
  readonly refunds?: RefundRequests;
}

/** The citizen's notification of a change to their dossier, with an ID that makes it written once. */
export const notify = (dossier: Dossier, id: string, text: Text) => [
  { notification: { pin: dossier.applicantPin, kind: 'dossier' as const, text: text.vi }, id: `${dossier.id}#${id}` },
];

/**
 * Completes a group whose last step `step` is approved (anything else: nothing). Runs before the workflow is told
 * of the step, so a workflow that has ended always has its dossier completed; a retry completes it then.
 */
export const completeIfLastStep = async (
  deps: FinishDeps,
  dossier: Pick<Dossier, 'id' | 'group' | 'steps' | 'status'>,
  step: Pick<StoredStep, 'stepId' | 'status'>,
): Promise<void> => {
  if (dossier.group === SERVICE_DOSSIER || step.status !== 'approved' || dossier.steps.at(-1) !== step.stepId) return;
  await finishDossier(deps)({ dossierId: dossier.id, outcome: 'completed' });
};

export interface FinishInput {
  readonly dossierId: string;
  readonly outcome: 'completed' | 'rejected' | 'failed';
  /** The Catch's error output: `{ Error, Cause }`. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

const rejectionOf = (error: FinishInput['error']): { stepId?: StepId; reason: string } => {
  try {
    const cause = JSON.parse(error?.Cause ?? '{}') as { stepId?: StepId; reason?: string };
    return { ...(cause.stepId ? { stepId: cause.stepId } : {}), reason: cause.reason ?? 'no reason given' };
  } catch {
    return { reason: 'no reason given' };
  }
};

/** The end of every path of a group: records the outcome, cancels what did not run, notifies the citizen. */
export const finishDossier =
  (deps: FinishDeps) =>
  async (input: FinishInput): Promise<{ dossierId: string; status: Dossier['status'] }> => {
    const view = await deps.store.view(input.dossierId);
    if (!view) throw new NotFoundError(`Dossier ${input.dossierId} is not found.`);
    const { dossier, steps } = view;
    const at = deps.now().toISOString();
    // What is left to cancel, from this (fresh) view: a retry after a conflict sees the steps decided meanwhile.
    const decided = new Set(
      steps.filter((s) => s.status !== 'awaiting-officer' && s.status !== 'pending').map((s) => s.stepId),
    );
    const cancel = dossier.steps
      .filter((id) => !decided.has(id))
      .map((stepId) => ({ stepId, status: 'cancelled' as const, reason: 'the group ended before this step' }));
    let status: Dossier['status'];
    let text: Text;
    if (input.outcome === 'completed') {
      status = 'completed';
      text = completionText(dossier, steps, view.timeline);
    } else if (input.outcome === 'rejected') {
      const rejection = rejectionOf(input.error);
      status = 'rejected';
      text = rejectedText(dossier, rejection.stepId, rejection.reason);
    } else {
      status = 'failed';
      text = failedText(dossier);
    }
    const moved = await deps.store.moveStatus(
      dossier.id,
      ['processing', 'submitted'],
      status,
      {
        at,
        kind: status === 'completed' ? 'completed' : status === 'rejected' ? 'rejected' : 'failed',
        actor: 'system',
        text,
      },
      {
        outcome: { ...text, at },
        // The completion's text follows from the dossier and its steps (completionText): the store keeps its time.
        ...(status === 'completed' ? { outcomeFromSteps: true } : {}),
        provinceCode: dossier.provinceCode,
        notifications: notify(dossier, status, text),
        stepUpdates: input.outcome === 'completed' ? [] : cancel,
        // A refused or failed dossier frees its birth or death for a new application, unless the child was already
        // registered: applying again would then give the same child a second PIN. A service's subject (one live
        // dossier per citizen and service) is freed whatever the outcome.
        releaseSubject:
          dossier.group === 'service' || (status !== 'completed' && !(await childRegistered(dossier, deps))),
        // The documents its steps issued, onto the dossier's own item (see DossierRepository.load), and the dossier just
        // read, which the move needs for its counters.
        documents: dossier.documents,
        read: dossier,
      },
    );
    // A decision handed to the workflow whose step stayed listed (its officer's request died in between): the group
    // has ended, nothing waits for it any more.
    for (const step of steps) {
      if (step.inInbox && (step.status === 'approved' || step.status === 'rejected')) {
        await deps.store.markDelivered(dossier.id, step.stepId);
      }
    }
    const final = moved ? status : ((await deps.store.get(dossier.id))?.status ?? status);
    // A paid dossier that ends refused or failed is refunded (idempotent: a retry asks again, nothing more).
    if ((final === 'rejected' || final === 'failed') && dossier.payment?.receipt && deps.refunds) {
      await deps.refunds.requestRefund(dossier.id, dossier.payment.receipt.txnRef, text.en, at);
    }
    return { dossierId: dossier.id, status: final };
  };
