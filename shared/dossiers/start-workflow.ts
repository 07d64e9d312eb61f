/**
 * The province consumer's use case: start the group's Standard workflow for a queued dossier, named after the
 * dossier ID, so that a message delivered twice (or re-sent by the housekeeping sweep) starts one execution.
 */

import { GROUPS, type GroupId, isServiceDossier } from './catalogue.ts';
import { type Dossier, type IntakeMessage, IntakeMessageSchema } from './dossier.ts';
import { startedText } from './notification-texts.ts';
import type { DossierRepository, WorkflowPort } from './ports.ts';

export { IntakeMessageSchema };

/** A message that can never succeed; it is retried until it reaches the dead-letter queue for an operator. */
export class PoisonMessageError extends Error {}

/**
 * The execution input: the dossier ID alone. The steps read everything else from the dossier, and an optional step
 * the applicant did not request is skipped by its task (`openHumanStep`), not by a Choice state.
 */
export const workflowInput = (dossier: Pick<Dossier, 'id'>) => ({ dossierId: dossier.id });

export const startDossierWorkflow =
  (deps: {
    store: Pick<DossierRepository, 'get' | 'markStarted'>;
    workflow: WorkflowPort;
    now: () => Date;
    /** Runs a single-agency service's dossier, which has no workflow (shared/dossiers/service-dossier.ts). */
    runService?: (dossier: Dossier) => Promise<'started' | 'already-started' | 'awaiting-payment'>;
  }) =>
  async (body: string): Promise<'started' | 'already-started' | 'awaiting-payment'> => {
    let message: IntakeMessage;
    try {
      message = IntakeMessageSchema.parse(JSON.parse(body));
    } catch (error) {
      throw new PoisonMessageError(`Not an intake message: ${(error as Error).message}`);
    }
    const dossier = await deps.store.get(message.dossierId);
    if (!dossier) throw new PoisonMessageError(`Dossier ${message.dossierId} does not exist.`);
    if (isServiceDossier(dossier)) {
      if (!deps.runService) throw new Error('This consumer cannot run service dossiers (no runService).');
      return deps.runService(dossier);
    }
    if (dossier.status !== 'submitted') return 'already-started';
    const group = GROUPS[dossier.group as GroupId];
    const result = await deps.workflow.start(group.workflowId, dossier.id, workflowInput(dossier));
    await deps.store.markStarted(dossier.id, {
      at: deps.now().toISOString(),
      kind: 'started',
      actor: 'system',
      text: startedText(dossier),
    });
    return result;
  };
