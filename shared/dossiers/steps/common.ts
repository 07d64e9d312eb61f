/**
 * What the step rules share: their ports and context, and the helpers several steps use. Each step's own rule is in
 * the file named for it; step-rules.ts gathers them.
 */
import { randomBytes } from 'node:crypto';
import type { CorrectionNoticePorts } from '../../access-log/correction-notices.ts';
import type { ChangeContext, StoredCitizen } from '../../domain/citizen-record.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { Agency } from '../../identity/account.ts';
import { STEPS, type StepId } from '../catalogue.ts';
import type { Dossier, DossierDocuments, Finding, Text } from '../dossier.ts';
import type { BirthForm, DeathForm } from '../forms.ts';
import type { AccountsPort, DocumentsPort, PopulationPort, RegistrySerials } from '../ports.ts';

export interface StepDeps {
  readonly population: PopulationPort;
  readonly serials: RegistrySerials;
  readonly accounts: AccountsPort;
  readonly documents: DocumentsPort;
  /**
   * The citizens' access log, read and appended to: a record correction tells the agencies that read a corrected
   * field (shared/access-log/correction-notices.ts). Only the function that decides officers' tasks is given it.
   */
  readonly accessLog?: CorrectionNoticePorts;
}

export interface StepContext {
  readonly dossier: Dossier;
  readonly now: Date;
  readonly deps: StepDeps;
}

export interface StepEffect {
  readonly result: Readonly<Record<string, unknown>>;
  readonly documents?: DossierDocuments;
  /** The citizen's notification for the approved step. */
  readonly text: Text;
}

export interface StepRule {
  check(context: StepContext): Promise<Finding[]>;
  /**
   * `note`: what the deciding officer wrote with the approval (the decision's `reason`), for a step whose effect
   * states what the officer found outside the NPDB (service 12: the judicial-records check).
   */
  apply(context: StepContext, actor: string, note?: string): Promise<StepEffect>;
  /**
   * Whether any part of `apply`'s effect is already written to the registries (an approver died after writing it).
   * Only then must an abandoned approval be completed by an approval; otherwise the step may still be refused.
   */
  applied(context: StepContext): Promise<boolean>;
  /**
   * Whether this very dossier's effect is written (keyed by the dossier, unlike `applied`, which may also answer for
   * the same fact written by another dossier, e.g. a death already recorded). When it is, no rejection is recorded
   * at all, claim or no claim: only an approval completes the step. For rules whose effect no retry may orphan
   * without a claim (an auto-approval that wrote it and died before recording the step): the child's PIN, a death,
   * a deleted residence, a TE card, a person placed in a household (`residenceDossierId`). Read on rejections only.
   */
  ownEffectWritten?(context: StepContext): Promise<boolean>;
}

export const birthForm = (d: Dossier) => d.form as BirthForm;
export const deathForm = (d: Dossier) => d.form as DeathForm;
export const finding = (check: string, passed: boolean, detail: string): Finding => ({ check, passed, detail });
export const change = (actor: string, action: string, dossier: Dossier, at: Date): ChangeContext => ({
  actor,
  action,
  reason: `dossier ${dossier.id}`,
  at: at.toISOString(),
});
export const verificationCode = () => randomBytes(6).toString('hex').toUpperCase();
/**
 * The day the citizen filed the dossier (Vietnam time): the registration limits (60 days for a birth, 15 for a
 * death) are met by filing in time, however late the step is checked (a backed-up queue, a redrive, a retry).
 */
export const filedOn = (d: Dossier) => vietnamDate(new Date(d.submittedAt));
/** Document numbers derive from the dossier ID, so a retried step finds the same document. */
export const numberFor = (prefix: string, dossier: Dossier) => `${prefix}${dossier.id.slice(2)}`;

/** The agency that decides a step of this dossier (a welfare beneficiary's funeral allowance is welfare's). */
export const stepAgency = (stepId: StepId, dossier: Dossier): Agency => {
  if (stepId === 'ServiceDecision' && dossier.service) return dossier.service.agency;
  return stepId === 'GrantFuneralAllowance' && deathForm(dossier).funeralAllowance?.basis === 'social-protection'
    ? 'welfare'
    : STEPS[stepId].agency;
};

export const requireRecord = async (deps: StepDeps, pin: string | undefined, what: string): Promise<StoredCitizen> => {
  const citizen = pin ? await deps.population.getCitizen(pin) : undefined;
  if (!citizen) throw new ConflictError(`The ${what} (${pin ?? 'not recorded'}) is not in the NPDB.`);
  return citizen;
};

/** The person whose household the child joins (the form's `householdOf`, else the applicant). */
export const householdPerson = (d: Dossier) => birthForm(d).householdOf ?? d.applicantPin;

export const birthClaimKey = (dossierId: string) => `BIRTH#${dossierId}`;

/**
 * Whether a birth dossier already wrote the child into the NPDB (a PIN was issued, even if the step's decision was
 * never recorded). Such a birth is registered for good: a second dossier for it would issue a second PIN.
 */
export const childRegistered = async (dossier: Dossier, deps: Pick<StepDeps, 'population'>): Promise<boolean> =>
  dossier.group === 'birth-group' &&
  (dossier.documents.pin !== undefined || (await deps.population.readClaim(birthClaimKey(dossier.id))) !== undefined);

/** The child's record, if the birth dossier already created it. */
export const childOf = async (dossier: Dossier, deps: StepDeps) => {
  const pin = dossier.documents.pin ?? (await deps.population.readClaim(birthClaimKey(dossier.id)));
  return pin ? deps.population.getCitizen(pin) : undefined;
};

export const isRelative = (applicant: StoredCitizen | undefined, deceased: StoredCitizen) =>
  applicant !== undefined &&
  ((applicant.householdId !== undefined && applicant.householdId === deceased.householdId) ||
    applicant.pin === deceased.spousePin ||
    applicant.pin === deceased.motherPin ||
    applicant.pin === deceased.fatherPin ||
    applicant.motherPin === deceased.pin ||
    applicant.fatherPin === deceased.pin);

/** Benefits follow a registered death: none is granted once the registration was revoked. */
export const requireRegisteredDeath = async (deps: StepDeps, dossier: Dossier) => {
  const deceased = await deps.population.getCitizen(deathForm(dossier).deceasedPin);
  if (deceased?.status !== 'deceased') {
    throw new ConflictError('The death in this dossier is not (or no longer) registered; no benefit can be granted.');
  }
};
