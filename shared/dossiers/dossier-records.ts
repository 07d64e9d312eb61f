/**
 * What the dossier store keeps and answers, as the use cases see it: a dossier with its steps and timeline, a step
 * with its task token and decision claim, and the writes that move them. The port is DossierRepository
 * (./ports.ts); shared/adapters/dynamodb/dossier-store.ts implements it on the Dossiers table.
 */
import type { Agency } from '../identity/account.ts';
import type { Notification } from '../identity/notifications.ts';
import type { StepId } from './catalogue.ts';
import type {
  Dossier,
  DossierDocuments,
  Finding,
  Resumption,
  StepState,
  StepStatus,
  TimelineEvent,
} from './dossier.ts';

export interface StoredStep extends StepState {
  readonly taskToken?: string;
  /**
   * Whether the step is listed in an officers' inbox: from its opening until its decision was handed to the workflow
   * (see `markDelivered`), or it was cancelled. A decided step still listed is one whose workflow was not yet told.
   */
  readonly inInbox?: boolean;
  /** The decision an actor is applying right now (see `claimDecision`). */
  readonly claimedDecision?: 'approve' | 'reject';
  readonly claimedBy?: string;
  readonly claimedAt?: string;
}

/** A dossier as its own functions read it: its steps with their tokens and claims. */
export interface StoredDossier {
  readonly dossier: Dossier;
  readonly steps: readonly StoredStep[];
  readonly timeline: readonly TimelineEvent[];
}

export interface DossierView {
  readonly dossier: Dossier;
  /** With `inInbox` on the steps still listed in an officers' inbox (see StoredStep). */
  readonly steps: readonly (StepState & { readonly inInbox?: boolean })[];
  readonly timeline: readonly TimelineEvent[];
}

/** A notification to the citizen, written with the change it reports. */
export interface NotificationWrite {
  readonly notification: Notification;
  /** Unique per change (e.g. `<dossier>#<step>#approved`), so a notification is never written twice. */
  readonly id: string;
}

export interface StepDecision {
  readonly dossierId: string;
  readonly stepId: StepId;
  readonly status: Extract<StepStatus, 'approved' | 'rejected' | 'cancelled'>;
  /** The agency that decides the step for this dossier (stored for steps never opened in an inbox). */
  readonly agency?: Agency;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reason?: string;
  readonly automatic?: boolean;
  readonly findings?: readonly Finding[];
  readonly result?: Readonly<Record<string, unknown>>;
  /** Documents the decision issues: kept on the step item, part of the dossier's documents (see `dossierOf`). */
  readonly documents?: DossierDocuments;
  readonly event: TimelineEvent;
  readonly notifications?: readonly NotificationWrite[];
}

export type DecideOutcome =
  | { readonly applied: true; readonly step: StoredStep }
  | { readonly applied: false; readonly step: StoredStep };

/** What a move of the dossier's status writes besides the status (`moveStatus`). */
export interface MoveExtra {
  readonly outcome?: Dossier['outcome'];
  /**
   * The outcome's text is `completionText` of the dossier and its steps (a completed group): the store may keep only
   * its time, and derive the text again when it reads the dossier.
   */
  readonly outcomeFromSteps?: boolean;
  readonly provinceCode?: string;
  readonly notifications?: readonly NotificationWrite[];
  readonly stepUpdates?: readonly { stepId: StepId; status: StepStatus; reason?: string }[];
  /** Frees the dossier's subject, so a new dossier for the same birth or death can be submitted. */
  readonly releaseSubject?: boolean;
  /** Every document the dossier issued, copied onto its item as it ends (see dossierOf). */
  readonly documents?: Dossier['documents'];
  /**
   * The dossier as the caller has just read it (strongly consistent), which spares reading it again: the write is
   * conditioned on its status, and a dossier that moved since is read afresh.
   */
  readonly read?: Dossier;
}

export interface ResumptionWrite {
  readonly dossierId: string;
  readonly resumption: Resumption;
  /** The steps to run again (the one that failed or was refused, and those after it): never an approved one. */
  readonly resetSteps: readonly StepId[];
  /** The dossier's birth or death, claimed again (it was released when the group ended, unless a PIN was issued). */
  readonly subject?: string;
  readonly event: TimelineEvent;
  readonly notifications?: readonly NotificationWrite[];
}

export type ResumptionOutcome =
  | { readonly resumed: true }
  /** The dossier is no longer in `resumption.after`, or another resumption was recorded first: nothing written. */
  | { readonly resumed: false; readonly reason: 'dossier-changed' }
  /** Another dossier holds the birth or death meanwhile (the family applied again): nothing written. */
  | { readonly resumed: false; readonly reason: 'subject-taken'; readonly heldBy: string }
  /** A step to clear was approved or claimed for an approval meanwhile: nothing written. */
  | { readonly resumed: false; readonly reason: 'step-changed' };

export type CreateOutcome =
  | { created: true }
  | { created: false; reason: 'idempotency'; dossierId: string; fingerprint: string }
  | { created: false; reason: 'subject'; dossierId: string };

/** An actor's claim to apply a decision to a step (`claimDecision`). */
export interface DecisionClaim {
  readonly decision: 'approve' | 'reject';
  readonly actor: string;
  readonly at: string;
  readonly staleBefore: string;
  /**
   * The time of an expired approval's claim that this rejection takes over: only after the caller checked that
   * the approval's effect was not written (StepRule.applied), and only that very claim, still expired.
   */
  readonly expiredApprovalAt?: string;
}

export type ClaimOutcome =
  | { readonly claimed: true; readonly shared: boolean }
  | { readonly claimed: false; readonly step: StoredStep | undefined };
