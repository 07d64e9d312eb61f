/**
 * Dossiers of the interconnected procedure groups in the Dossiers table: one class whose methods are kept by idea in
 * dossier-lifecycle.ts (intake, reads), dossier-status-moves.ts (start, end, revocation), dossier-steps.ts (opening,
 * claiming, deciding, delivering and reversing a step), dossier-inbox.ts (the officers' inbox, overdue steps) and
 * dossier-resumption.ts (a failed or refused group taken up again); the items, and what the parts share, in
 * dossier-items.ts. Every change is one conditional write or transaction, conditioned on the state it moves from.
 */

import type { DossierRepository } from '../../dossiers/ports.ts';
import * as inbox from './dossier-inbox.ts';
import { DossierTable } from './dossier-items.ts';
import * as lifecycle from './dossier-lifecycle.ts';
import * as resumption from './dossier-resumption.ts';
import * as moves from './dossier-status-moves.ts';
import * as steps from './dossier-steps.ts';

export {
  type DecideOutcome,
  type DossierView,
  dossierKey,
  dossierPk,
  type NotificationWrite,
  type StepDecision,
  type StoredDossier,
  type StoredStep,
  sharedClaim,
} from './dossier-items.ts';
export type { ResumptionOutcome, ResumptionWrite } from './dossier-resumption.ts';

/** The arguments of a part's method after the table. */
type Args<F> = F extends (table: DossierTable, ...rest: infer R) => unknown ? R : never;

export class DossierStore extends DossierTable implements DossierRepository {
  readonly create = (...a: Args<typeof lifecycle.create>) => lifecycle.create(this, ...a);
  readonly findByIdempotencyKey = (...a: Args<typeof lifecycle.findByIdempotencyKey>) =>
    lifecycle.findByIdempotencyKey(this, ...a);
  readonly get = (...a: Args<typeof lifecycle.get>) => lifecycle.get(this, ...a);
  readonly load = (...a: Args<typeof lifecycle.load>) => lifecycle.load(this, ...a);
  readonly view = (...a: Args<typeof lifecycle.view>) => lifecycle.view(this, ...a);
  readonly listByApplicant = (...a: Args<typeof lifecycle.listByApplicant>) => lifecycle.listByApplicant(this, ...a);
  readonly markStarted = (...a: Args<typeof moves.markStarted>) => moves.markStarted(this, ...a);
  readonly moveStatus = (...a: Args<typeof moves.moveStatus>) => moves.moveStatus(this, ...a);

  readonly getStep = (...a: Args<typeof steps.getStep>) => steps.getStep(this, ...a);
  readonly openStep = (...a: Args<typeof steps.openStep>) => steps.openStep(this, ...a);
  readonly decideStep = (...a: Args<typeof steps.decideStep>) => steps.decideStep(this, ...a);
  readonly markDelivered = (...a: Args<typeof steps.markDelivered>) => steps.markDelivered(this, ...a);
  readonly claimDecision = (...a: Args<typeof steps.claimDecision>) => steps.claimDecision(this, ...a);
  readonly releaseClaim = (...a: Args<typeof steps.releaseClaim>) => steps.releaseClaim(this, ...a);
  readonly reverseStep = (...a: Args<typeof steps.reverseStep>) => steps.reverseStep(this, ...a);

  readonly listInbox = (...a: Args<typeof inbox.listInbox>) => inbox.listInbox(this, ...a);
  readonly listOverdue = (...a: Args<typeof inbox.listOverdue>) => inbox.listOverdue(this, ...a);
  readonly flagOverdue = (...a: Args<typeof inbox.flagOverdue>) => inbox.flagOverdue(this, ...a);

  readonly recordResumption = (...a: Args<typeof resumption.recordResumption>) =>
    resumption.recordResumption(this, ...a);
}
