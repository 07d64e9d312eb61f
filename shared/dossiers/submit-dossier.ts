/**
 * Intake: a level-2 citizen submits one dossier for a procedure group. The dossier is written (with the
 * idempotency record and a claim on its subject) in one transaction, then its ID is queued to the intake
 * queue of the province that handles it. The dossier itself is the outbox: if the process dies between the
 * write and the send, or the send fails, the dossier stays `submitted` and the housekeeping sweep
 * (requeueStalledDossiers) queues it again; the consumer starts at most one workflow per dossier ID.
 */
import { createHash } from 'node:crypto';
import { ForbiddenError } from '../auth/principal.ts';
import { vietnamDate } from '../domain/clock.ts';
import { ageInYears } from '../domain/dates.ts';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors.ts';
import { dueDate, receiptDate } from '../domain/working-days.ts';
import { GROUPS, type StepId } from './catalogue.ts';
import { type Dossier, type DossierFee, newDossierId } from './dossier.ts';
import type { SubmitDossier } from './forms.ts';
import { receivedEvent } from './notification-texts.ts';
import type { DossierRepository, IntakeQueuePort, PopulationPort } from './ports.ts';
import { isRelative } from './steps/common.ts';

const sameHousehold = (a: { householdId?: string | undefined }, b: { householdId?: string | undefined }) =>
  a.householdId !== undefined && a.householdId === b.householdId;

export interface SubmitDeps {
  readonly store: Pick<DossierRepository, 'create' | 'findByIdempotencyKey' | 'get'>;
  readonly population: Pick<PopulationPort, 'getCitizen'>;
  readonly queue: IntakeQueuePort;
  readonly now: () => Date;
  /** Provinces that run the interconnected groups online (their intake queue exists). */
  readonly onboardedProvinces: ReadonlySet<string>;
  readonly log?: (message: string, error: unknown) => void;
  /**
   * What the submission costs (shared/payments/fees.ts); a dossier with a fee waits `awaiting-payment` for
   * `payment.windowMinutes`, is not queued, and starts once its payment is confirmed (shared/payments/).
   */
  readonly payment?: {
    readonly feeOf: (request: SubmitDossier) => DossierFee | undefined;
    readonly windowMinutes: number;
  };
}

export interface SubmitResult {
  readonly replayed: boolean;
  readonly dossier: Pick<Dossier, 'id' | 'group' | 'status' | 'submittedAt' | 'receiptDate' | 'expectedBy'> & {
    readonly steps: readonly StepId[];
    readonly communeCode: string;
    readonly provinceCode: string;
    readonly payment?: Dossier['payment'];
  };
}

/** A stable fingerprint of the request, so a reused Idempotency-Key with another body is refused. */
export const fingerprint = (request: SubmitDossier): string =>
  createHash('sha256')
    .update(JSON.stringify(request, Object.keys(flatten(request)).sort()))
    .digest('hex');

const flatten = (value: unknown, prefix = '', out: Record<string, true> = {}): Record<string, true> => {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      out[key] = true;
      flatten(inner, `${prefix}${key}.`, out);
    }
  }
  return out;
};

const summary = (dossier: Dossier): SubmitResult['dossier'] => ({
  id: dossier.id,
  group: dossier.group,
  status: dossier.status,
  submittedAt: dossier.submittedAt,
  receiptDate: dossier.receiptDate,
  expectedBy: dossier.expectedBy,
  steps: dossier.steps,
  communeCode: dossier.communeCode,
  provinceCode: dossier.provinceCode,
  ...(dossier.payment ? { payment: dossier.payment } : {}),
});

/**
 * Where the dossier is handled and what it covers, after the checks that make a dossier pointless. Services 14 and 15
 * (birth and death registration on their own) apply the same checks to their part of the group's form.
 */
export const route = async (
  deps: Pick<SubmitDeps, 'population'>,
  applicantPin: string,
  request: SubmitDossier,
  today: string,
): Promise<{ communeCode: string; provinceCode: string; steps: StepId[]; subject: string }> => {
  if (request.group === 'birth-group') {
    const form = request.form;
    if (form.child.birthDate > today) {
      throw new ValidationError('The birth date is in the future.', [
        { field: 'body.form.child.birthDate', message: 'must not be after today' },
      ]);
    }
    if (ageInYears(form.child.birthDate, today) >= 6) {
      throw new UnprocessableError(
        'This interconnected group is for children under 6; register an older child at the commune.',
        'body.form.child.birthDate',
      );
    }
    if (applicantPin !== form.motherPin && applicantPin !== form.fatherPin) {
      throw new UnprocessableError(
        "Only the child's mother or father can submit this group online.",
        'body.form.motherPin',
      );
    }
    const applicant = await deps.population.getCitizen(applicantPin);
    // Online, a parent may name only the other parent the NPDB already links to them (spouse or household), which the
    // applicant's own record shows; anyone else is identified in person at the commune. A PIN that names nobody gets
    // the same answer: telling it apart ("not in the NPDB") would answer for anyone's PIN whether it was issued.
    const otherPin = applicantPin === form.motherPin ? form.fatherPin : form.motherPin;
    const other = otherPin === undefined ? undefined : await deps.population.getCitizen(otherPin);
    const linked =
      applicant !== undefined &&
      other !== undefined &&
      (applicant.spousePin === other.pin || sameHousehold(applicant, other));
    if (otherPin !== undefined && !linked) {
      throw new UnprocessableError(
        'The other parent must be your spouse or a member of your household in the NPDB; otherwise apply at the commune, where both parents are identified in person.',
        applicantPin === form.motherPin ? 'body.form.fatherPin' : 'body.form.motherPin',
      );
    }
    const home = form.householdOf ? await deps.population.getCitizen(form.householdOf) : applicant;
    const homeAllowed =
      home !== undefined &&
      (home.pin === form.motherPin ||
        home.pin === form.fatherPin ||
        (applicant !== undefined && sameHousehold(applicant, home)));
    if (!home || !homeAllowed) {
      throw new UnprocessableError(
        "The child is registered in a parent's household or in your own household.",
        'body.form.householdOf',
      );
    }
    return {
      ...home.permanentResidence,
      steps: [...GROUPS['birth-group'].steps],
      subject: `birth#${form.motherPin}#${form.child.birthDate}#${form.child.fullName.toLocaleLowerCase('vi')}`,
    };
  }
  const form = request.form;
  if (form.deceasedPin === applicantPin) {
    throw new ValidationError('A citizen cannot register their own death.', [
      { field: 'body.form.deceasedPin', message: 'must not be your own PIN' },
    ]);
  }
  if (form.deathDate > today) {
    throw new ValidationError('The date of death is in the future.', [
      { field: 'body.form.deathDate', message: 'must not be after today' },
    ]);
  }
  const deceased = await deps.population.getCitizen(form.deceasedPin);
  const applicant = await deps.population.getCitizen(applicantPin);
  // Only a relative may file: otherwise anyone could block a family's filing or learn where a person lives.
  if (!deceased || !isRelative(applicant, deceased)) {
    throw new ForbiddenError(
      'You can register online the death of a member of your household, your spouse, a parent or a child. Others register at the commune.',
    );
  }
  if (deceased.status === 'deceased') {
    throw new ConflictError('This citizen is already recorded as deceased.');
  }
  if (form.deathDate < deceased.birthDate) {
    throw new ValidationError('The date of death is before the date of birth.', [
      { field: 'body.form.deathDate', message: `must not be before ${deceased.birthDate}` },
    ]);
  }
  // The funeral allowance's recipient is not looked up here: whether a PIN names a living citizen is not told to whoever
  // typed it. It is the officer's `recipient-in-npdb` finding, and the grant refuses it (grant-funeral-allowance.ts).
  const steps: StepId[] = ['RegisterDeath', 'DeletePermanentResidence'];
  if (form.alsoRequest.includes('funeral-allowance')) steps.push('GrantFuneralAllowance');
  if (form.alsoRequest.includes('survivor-benefit')) steps.push('GrantSurvivorBenefit');
  return { ...deceased.permanentResidence, steps, subject: `death#${form.deceasedPin}` };
};

export const submitDossier =
  (deps: SubmitDeps) =>
  async (applicantPin: string, request: SubmitDossier, idempotencyKey: string): Promise<SubmitResult> => {
    const print = fingerprint(request);
    const replay = async (dossierId: string, earlierPrint: string): Promise<SubmitResult> => {
      if (earlierPrint !== print) {
        throw new UnprocessableError(
          'This Idempotency-Key was already used for a different dossier; use a new key for a new application.',
          'header.Idempotency-Key',
        );
      }
      const dossier = await deps.store.get(dossierId);
      if (!dossier) throw new NotFoundError(`Dossier ${dossierId} is not found.`);
      return { replayed: true, dossier: summary(dossier) };
    };
    const earlier = await deps.store.findByIdempotencyKey(applicantPin, idempotencyKey);
    if (earlier) return replay(earlier.dossierId, earlier.fingerprint);

    const now = deps.now();
    const today = vietnamDate(now);
    const routing = await route(deps, applicantPin, request, today);
    if (!deps.onboardedProvinces.has(routing.provinceCode)) {
      throw new UnprocessableError(
        `Province ${routing.provinceCode} does not yet handle this group online; apply at the commune's one-stop desk.`,
      );
    }
    const group = GROUPS[request.group];
    const fee = deps.payment?.feeOf(request);
    const dossier: Dossier = {
      id: newDossierId(routing.provinceCode, today),
      group: request.group,
      applicantPin,
      communeCode: routing.communeCode,
      provinceCode: routing.provinceCode,
      form: request.form,
      steps: routing.steps,
      status: fee ? 'awaiting-payment' : 'submitted',
      submittedAt: now.toISOString(),
      receiptDate: receiptDate(now),
      expectedBy: dueDate(now, group.dueWorkingDays),
      documents: {},
      ...(fee && deps.payment
        ? {
            payment: {
              ...fee,
              payBy: new Date(now.getTime() + deps.payment.windowMinutes * 60_000).toISOString(),
            },
          }
        : {}),
    };
    const { text } = receivedEvent(dossier);
    const outcome = await deps.store.create(
      dossier,
      { key: idempotencyKey, fingerprint: print },
      [{ notification: { pin: applicantPin, kind: 'dossier', text: text.vi }, id: `${dossier.id}#submitted` }],
      routing.subject,
    );
    if (!outcome.created) {
      if (outcome.reason === 'idempotency') return replay(outcome.dossierId, outcome.fingerprint);
      const existing = await deps.store.get(outcome.dossierId);
      if (
        existing?.documents.pin !== undefined &&
        existing.status !== 'submitted' &&
        existing.status !== 'processing'
      ) {
        throw new ConflictError(
          `This birth is already registered by dossier ${outcome.dossierId} (personal identification number ${existing.documents.pin}); ask the commune to complete the remaining steps instead of applying again.`,
        );
      }
      throw new ConflictError(
        `A dossier for the same ${request.group === 'birth-group' ? 'birth' : 'death'} is already in progress: ${outcome.dossierId}.`,
      );
    }
    // A dossier with a fee is queued once its payment is confirmed (shared/payments/settle.ts).
    if (dossier.status !== 'submitted') return { replayed: false, dossier: summary(dossier) };
    try {
      await deps.queue.send(dossier.provinceCode, { dossierId: dossier.id });
    } catch (error) {
      // Not lost: the dossier is `submitted`, and the housekeeping sweep queues it again.
      deps.log?.('The intake message could not be sent now; the housekeeping sweep will send it', error);
    }
    return { replayed: false, dossier: summary(dossier) };
  };
