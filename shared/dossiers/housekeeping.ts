/**
 * Scheduled sweeps that keep the guarantees when something in the middle failed:
 * - `requeueStalledDossiers`: a dossier still `submitted` a while after intake lost its queue message (the
 *   process died after the write, or the send failed): queue it again. The consumer starts one workflow per
 *   dossier ID, so a duplicate is harmless. A dossier still `submitted` is most often only waiting behind a
 *   backed-up consumer, so each dossier is re-sent with exponential back-off (after 5, 10, 20 minutes, then every
 *   30 minutes) and a sweep re-sends at most a bounded number per province: no resend storm on a backlog.
 * - `flagOverdueSteps`: a step past its statutory deadline is flagged once to the supervisors of its agency in
 *   the province (their channel in the outbox, and `overdue` in every inbox).
 */

import { overdueText } from './notification-texts.ts';
import type { DossierRepository, IntakeQueuePort, RequeueStore } from './ports.ts';

/** How long a dossier may stay `submitted` before the sweep queues it again. */
export const STALLED_AFTER_SECONDS = 60;
/** The wait after a dossier's first re-send before another one: a dossier re-sent once is most likely queued. */
export const FIRST_REQUEUE_BACKOFF_SECONDS = 300;
/** The longest wait between two re-sends of the same dossier. */
export const MAX_REQUEUE_BACKOFF_SECONDS = 1800;
/** Re-sends per province and sweep at most. */
export const MAX_REQUEUES_PER_SWEEP = 100;

/** The wait after the `count`-th re-send (1-based) before the next one: 5, 10, 20, then every 30 minutes. */
export const requeueBackoffSeconds = (count: number): number =>
  Math.min(MAX_REQUEUE_BACKOFF_SECONDS, FIRST_REQUEUE_BACKOFF_SECONDS * 2 ** Math.min(Math.max(count - 1, 0), 20));

/**
 * Queues again the dossiers still `submitted` after the threshold whose back-off has passed, each once per sweep:
 * records the re-send first (a concurrent sweep then sends nothing), then sends. A send that fails leaves the dossier
 * for its next back-off and fails the run (the alarm), after every other province was swept.
 */
export const requeueStalledDossiers =
  (deps: {
    store: RequeueStore;
    queue: IntakeQueuePort;
    provinces: readonly string[];
    now: () => Date;
    stalledAfterSeconds?: number;
    maxPerSweep?: number;
  }) =>
  async (): Promise<{ requeued: number }> => {
    const now = deps.now();
    const stalledAfter = deps.stalledAfterSeconds ?? STALLED_AFTER_SECONDS;
    const before = new Date(now.getTime() - stalledAfter * 1000);
    let requeued = 0;
    const failed: string[] = [];
    // One province's trouble (its queue missing or throttled) must not stop the sweep for the others.
    for (const provinceCode of deps.provinces) {
      try {
        const stalled = await deps.store.listStalled(
          provinceCode,
          before.toISOString(),
          now.toISOString(),
          deps.maxPerSweep ?? MAX_REQUEUES_PER_SWEEP,
        );
        for (const dossier of stalled) {
          const next = new Date(now.getTime() + requeueBackoffSeconds(dossier.requeueCount + 1) * 1000);
          const marked = await deps.store.markRequeued(
            dossier.id,
            dossier.requeueCount,
            now.toISOString(),
            next.toISOString(),
          );
          if (!marked) continue;
          await deps.queue.send(provinceCode, { dossierId: dossier.id });
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
  (deps: {
    store: Pick<DossierRepository, 'listOverdue' | 'flagOverdue'>;
    provinces: readonly string[];
    now: () => Date;
  }) =>
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
