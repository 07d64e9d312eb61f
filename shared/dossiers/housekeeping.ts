/**
 * Scheduled sweeps that keep the guarantees when something in the middle failed:
 * - `requeueStalledDossiers`: a dossier still `submitted` a while after intake lost its queue message (the
 *   process died after the write, or the send failed): queue it again. The consumer starts one workflow per
 *   dossier ID, so a duplicate is harmless.
 * - `flagOverdueSteps`: a step past its statutory deadline is flagged once to the supervisors of its agency in
 *   the province (their channel in the outbox, and `overdue` in every inbox).
 */
import type { DossierStore } from '../adapters/dynamodb/dossier-store.ts';
import { overdueText } from './notification-texts.ts';
import type { IntakeQueuePort } from './ports.ts';

/** How long a dossier may stay `submitted` before the sweep queues it again. */
export const STALLED_AFTER_SECONDS = 60;

export const requeueStalledDossiers =
  (deps: {
    store: Pick<DossierStore, 'listStalled'>;
    queue: IntakeQueuePort;
    provinces: readonly string[];
    now: () => Date;
    stalledAfterSeconds?: number;
  }) =>
  async (): Promise<{ requeued: number }> => {
    const before = new Date(deps.now().getTime() - (deps.stalledAfterSeconds ?? STALLED_AFTER_SECONDS) * 1000);
    let requeued = 0;
    const failed: string[] = [];
    // One province's trouble (its queue missing or throttled) must not stop the sweep for the others.
    for (const provinceCode of deps.provinces) {
      try {
        for (const dossierId of await deps.store.listStalled(provinceCode, before.toISOString())) {
          await deps.queue.send(provinceCode, { dossierId });
          requeued++;
        }
      } catch (error) {
        failed.push(`${provinceCode}: ${(error as Error).message}`);
      }
    }
    if (failed.length > 0) {
      // Fail the run (the function's Errors alarm) after every other province was swept.
      throw new Error(`Requeue failed for ${failed.length} province(s): ${failed.join('; ')}`);
    }
    return { requeued };
  };

/** The outbox channel of the supervisors of an agency in a province. */
export const supervisorChannel = (agency: string, provinceCode: string) => `SUPERVISORS#${agency}#${provinceCode}`;

export const flagOverdueSteps =
  (deps: { store: Pick<DossierStore, 'listOverdue' | 'flagOverdue'>; provinces: readonly string[]; now: () => Date }) =>
  async (): Promise<{ flagged: number }> => {
    const now = deps.now().toISOString();
    let flagged = 0;
    for (const provinceCode of deps.provinces) {
      for (const step of await deps.store.listOverdue(provinceCode, now)) {
        const text = overdueText({ id: step.dossierId }, step.stepId, step.dueDate ?? '');
        const done = await deps.store.flagOverdue(
          step.dossierId,
          step.stepId,
          { at: now, kind: 'step-overdue', stepId: step.stepId, actor: 'system', text },
          [
            {
              notification: { pin: supervisorChannel(step.agency, provinceCode), kind: 'dossier', text: text.vi },
              id: `${step.dossierId}#${step.stepId}#overdue`,
            },
          ],
        );
        if (done) flagged++;
      }
    }
    return { flagged };
  };
