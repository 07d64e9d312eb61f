/**
 * Intake of a single-agency essential service's dossier: the same guarantees as a procedure group's (see
 * submit-dossier.ts): the dossier, its Idempotency-Key record, a claim on its subject, the timeline's first event and
 * the citizen's notification in one transaction, then its ID on the province intake queue (the dossier is the
 * outbox). The service's rules say who may file and where it is handled (`ServiceProcedure.intake`).
 */
import { createHash } from 'node:crypto';
import { ForbiddenError } from '../auth/principal.ts';
import { vietnamDate } from '../domain/clock.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { dueDate, receiptDate } from '../domain/working-days.ts';
import type { FeeExemption } from '../services/catalogue/schema.ts';
import { resolveFeeExemption, splitFeeExemption } from '../services/fee-exemptions.ts';
import { SERVICE_DOSSIER, SERVICE_STEP } from './catalogue.ts';
import { type Dossier, type DossierFee, newDossierId, type ServiceForm, type ServiceRef } from './dossier.ts';
import { receivedEvent } from './notification-texts.ts';
import type { DossierRepository, IntakeQueuePort, PopulationPort } from './ports.ts';
import type { ServiceProcedure } from './service-procedure.ts';

export interface SubmitServiceDeps {
  readonly store: Pick<DossierRepository, 'create' | 'findByIdempotencyKey' | 'get'>;
  readonly population: Pick<PopulationPort, 'getCitizen' | 'listHouseholdMembers'>;
  readonly queue: IntakeQueuePort;
  readonly now: () => Date;
  readonly onboardedProvinces: ReadonlySet<string>;
  readonly log?: (message: string, error: unknown) => void;
  /** The grounds the catalogue gives a service for not charging its fee (`Service.fee.exemptions`). */
  readonly exemptionsOf: (code: number) => readonly FeeExemption[];
  /**
   * What a service's dossier costs (shared/payments/service-fee.ts). A dossier with a fee is written
   * `awaiting-payment` and is not queued: the payment's confirmation (IPN) queues it, an unpaid one expires. Without
   * it nothing is charged.
   */
  readonly payment?: {
    readonly feeOf: (service: Omit<ServiceRef, 'agency'>) => DossierFee | undefined;
    readonly windowMinutes: number;
  };
}

export interface ServiceSubmitResult {
  readonly replayed: boolean;
  readonly dossier: Pick<
    Dossier,
    'id' | 'status' | 'submittedAt' | 'receiptDate' | 'expectedBy' | 'communeCode' | 'provinceCode'
  > & { readonly service: number };
}

/** Key order does not matter: `{a, b}` and `{b, a}` are the same request. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;

const fingerprintOf = (code: number, form: ServiceForm) =>
  createHash('sha256')
    .update(JSON.stringify(canonical({ service: code, form })))
    .digest('hex');

const summary = (dossier: Dossier): ServiceSubmitResult['dossier'] => ({
  id: dossier.id,
  service: dossier.service?.code ?? 0,
  status: dossier.status,
  submittedAt: dossier.submittedAt,
  receiptDate: dossier.receiptDate,
  expectedBy: dossier.expectedBy,
  communeCode: dossier.communeCode,
  provinceCode: dossier.provinceCode,
});

export const submitServiceDossier =
  (deps: SubmitServiceDeps) =>
  async <F extends ServiceForm>(
    procedure: ServiceProcedure<F>,
    service: Omit<ServiceRef, 'agency'>,
    applicantPin: string,
    form: F,
    idempotencyKey: string,
  ): Promise<ServiceSubmitResult> => {
    const print = fingerprintOf(service.code, form);
    const replay = async (dossierId: string, earlierPrint: string): Promise<ServiceSubmitResult> => {
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

    const applicant = await deps.population.getCitizen(applicantPin);
    if (applicant?.status !== 'alive') {
      throw new ForbiddenError('Your record in the National Population Database does not allow filing online.');
    }
    const now = deps.now();
    const today = vietnamDate(now);
    // The fee-exemption claim is the engine's, not the service's: its rules read the form without it.
    const { form: serviceForm, claim } = splitFeeExemption(form);
    const routing = await procedure.intake({ applicant, form: serviceForm, today, population: deps.population });
    if (!deps.onboardedProvinces.has(routing.provinceCode)) {
      throw new UnprocessableError(
        `Province ${routing.provinceCode} does not yet handle this service online; apply at the commune's one-stop desk.`,
      );
    }
    const parties = [...new Set(routing.parties)].filter((pin) => pin !== applicantPin);
    // A fee the rules computed from the form (e.g. a premium) comes before the catalogue's.
    const due = deps.payment ? (routing.fee ?? deps.payment.feeOf(service)) : undefined;
    const feeExemption = resolveFeeExemption({
      exemptions: deps.exemptionsOf(service.code),
      applicant,
      today,
      claim,
      fee: due,
    });
    // A waived fee has no payment step: the dossier starts at once, its exemption recorded on it. So has a fee the
    // rules computed as nothing (service 2's renewal because of age).
    const fee = feeExemption || due?.amountVnd === 0 ? undefined : due;
    const dossier: Dossier = {
      id: newDossierId(routing.provinceCode, today),
      group: SERVICE_DOSSIER,
      service: { ...service, agency: procedure.agency },
      ...(parties.length > 0 ? { parties } : {}),
      applicantPin,
      communeCode: routing.communeCode,
      provinceCode: routing.provinceCode,
      form: serviceForm,
      ...(feeExemption ? { feeExemption } : {}),
      steps: [SERVICE_STEP],
      status: fee ? 'awaiting-payment' : 'submitted',
      submittedAt: now.toISOString(),
      receiptDate: receiptDate(now),
      expectedBy: dueDate(now, Math.max(1, service.dueWorkingDays)),
      documents: {},
      ...(fee && deps.payment
        ? { payment: { ...fee, payBy: new Date(now.getTime() + deps.payment.windowMinutes * 60_000).toISOString() } }
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
      throw new ConflictError(
        'A dossier of yours for this service is already in progress; wait for its outcome before filing again.',
      );
    }
    // A dossier with a fee is queued once its payment is confirmed (shared/payments/payments.ts).
    if (dossier.status !== 'submitted') return { replayed: false, dossier: summary(dossier) };
    try {
      await deps.queue.send(dossier.provinceCode, { dossierId: dossier.id });
    } catch (error) {
      deps.log?.('The intake message could not be sent now; the housekeeping sweep will send it', error);
    }
    return { replayed: false, dossier: summary(dossier) };
  };
