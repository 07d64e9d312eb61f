/**
 * A dossier (hồ sơ): one application by a citizen that drives several agencies' steps. The dossier, its
 * steps and its timeline are kept in the Dossiers table (shared/adapters/dynamodb/dossier-store.ts); the
 * ports below are what the use cases need from storage, queues and the workflow engine.
 */
import { randomNumberPart } from '../domain/issued-numbers.ts';
import type { Agency } from '../identity/account.ts';
import * as z from '../validation/zod.ts';
import type { DossierKind, StepId } from './catalogue.ts';
import type { BirthForm, DeathForm } from './forms.ts';

/**
 * `awaiting-payment`: a dossier with a fee, held before its first step until the payment is confirmed (it then
 * becomes `submitted`); `expired`: its payment did not arrive in time (see shared/payments/).
 */
export type DossierStatus =
  | 'awaiting-payment'
  | 'expired'
  | 'submitted'
  | 'processing'
  | 'completed'
  | 'rejected'
  | 'failed'
  | 'revoked';
export type StepStatus = 'pending' | 'awaiting-officer' | 'approved' | 'rejected' | 'cancelled' | 'reversed';

export interface Text {
  readonly vi: string;
  readonly en: string;
}

/** What the group has issued so far; the citizen sees it on the dossier. */
export interface DossierDocuments {
  birthCertificateNumber?: string;
  pin?: string;
  healthInsuranceCardNumber?: string;
  healthInsuranceValidUntil?: string;
  deathExtractNumber?: string;
  funeralAllowance?: { amountVnd: number; payer: Agency; recipientPin: string };
  survivorBenefitDecision?: string;
  /** The notice of result of a single-agency service (verifiable at GET /v1/documents/{number}). */
  noticeNumber?: string;
}

/**
 * The essential service a single-agency dossier is for, copied from the catalogue at intake (owners and time
 * limits change by decision; a dossier keeps those it was filed under).
 */
export interface ServiceRef {
  readonly code: number;
  readonly slug: string;
  readonly name: Text;
  /** The officers' agency that decides the dossier. */
  readonly agency: Agency;
  readonly dueWorkingDays: number;
  /** The fee of the catalogue at intake (VND); a dossier with a fee waits for payment before its step opens. */
  readonly feeVnd: number;
}

/** A service's e-form, validated by the service's own zod schema (shared/services/procedures/). */
export type ServiceForm = Readonly<Record<string, unknown>>;

export interface Dossier {
  readonly id: string;
  /** A procedure group, or `service` for a single-agency essential service (then `service` says which). */
  readonly group: DossierKind;
  readonly service?: ServiceRef;
  /** PINs of everyone the dossier concerns besides the applicant (the access log and conflicts of interest). */
  readonly parties?: readonly string[];
  readonly applicantPin: string;
  /** The commune that handles the dossier, and its province (whose intake queue carries it). */
  readonly communeCode: string;
  readonly provinceCode: string;
  readonly form: BirthForm | DeathForm | ServiceForm;
  /** The steps this dossier runs, in order (the death group's optional procedures are chosen by the family). */
  readonly steps: readonly StepId[];
  readonly status: DossierStatus;
  readonly submittedAt: string;
  /** The working day the time limits count from (after 15:00 or on a day off: the next working day). */
  readonly receiptDate: string;
  /** The date the whole group is due, by the statutory working days. */
  readonly expectedBy: string;
  readonly documents: DossierDocuments;
  readonly outcome?: Text & { readonly at: string };
  /** The fee, its receipt once paid and its refund, for a dossier that costs something (shared/payments/). */
  readonly payment?: DossierPayment;
  /** The fee exemption applied at intake: the fee it waived, and how the ground was established (no payment then). */
  readonly feeExemption?: DossierFeeExemption;
  /** The birth or death the dossier is about: one live dossier per subject. */
  readonly subject?: string;
  /** Set while the dossier is counted as completed on time in the indicators (shared/statistics/dossier-kpis.ts). */
  readonly countedOnTime?: boolean;
  /** The latest resumption of a group that had failed or been refused (see shared/dossiers/resume-group.ts). */
  readonly resumption?: Resumption;
}

/** A failed or refused group taken up again from one of its steps, by an officer or an operator. */
export interface Resumption {
  /** 1 for the first resumption of the dossier; its workflow execution is named after it. */
  readonly count: number;
  readonly fromStep: StepId;
  /** The status the dossier was resumed from. */
  readonly after: 'failed' | 'rejected';
  readonly at: string;
  /** `<officer PIN>` or `operator:<name>`. */
  readonly by: string;
  readonly reason: string;
}

/** One line of a fee: a service's fee from the catalogue, or a priced extra (shared/payments/fees.ts). */
export interface FeeLine {
  readonly item: string;
  readonly text: Text;
  readonly quantity: number;
  readonly unitVnd: number;
  readonly amountVnd: number;
}

export interface DossierFee {
  readonly amountVnd: number;
  /** The fee schedule the amounts come from; printed on the receipt. */
  readonly scheduleVersion: string;
  readonly lines: readonly FeeLine[];
}

/**
 * A fee waived at intake on one of the service's exemption grounds (shared/services/fee-exemptions.ts): from the
 * NPDB (`fact` says what it showed), or declared with evidence, which the deciding officer confirms (a false ground
 * is a refusal; the citizen files again and pays).
 */
export interface DossierFeeExemption {
  readonly id: string;
  readonly text: Text;
  readonly legalBasis: string;
  readonly establishedBy: 'npdb' | 'declaration';
  readonly fact?: Text;
  readonly evidenceReference?: string;
  /** The fee not charged, line by line. */
  readonly waived: DossierFee;
}

/** The e-receipt (biên lai điện tử) of a confirmed payment. */
export interface Receipt {
  readonly number: string;
  readonly amountVnd: number;
  readonly scheduleVersion: string;
  readonly paidAt: string;
  /** The merchant's transaction reference and the gateway's transaction number. */
  readonly txnRef: string;
  readonly gatewayTransactionNo: string;
  readonly bankCode: string;
}

export interface Refund {
  readonly amountVnd: number;
  readonly refundedAt: string;
  readonly gatewayTransactionNo: string;
  readonly reason: string;
}

export interface DossierPayment extends DossierFee {
  /** After this instant an unpaid dossier expires. */
  readonly payBy: string;
  readonly receipt?: Receipt;
  readonly refund?: Refund;
}

export interface Finding {
  readonly check: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface StepState {
  readonly dossierId: string;
  readonly stepId: StepId;
  readonly agency: Agency;
  readonly status: StepStatus;
  readonly openedAt?: string;
  /** The statutory due date, and the instant (17:00 that day) after which the step is overdue. */
  readonly dueDate?: string;
  readonly dueAt?: string;
  readonly findings?: readonly Finding[];
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly reason?: string;
  /** Set when the step was approved automatically because every check passed and the province allows it. */
  readonly automatic?: boolean;
  readonly overdueFlaggedAt?: string;
  readonly result?: Readonly<Record<string, unknown>>;
}

export type TimelineKind =
  | 'submitted'
  | 'started'
  | 'step-opened'
  | 'step-approved'
  | 'step-rejected'
  | 'step-overdue'
  | 'step-reversed'
  | 'completed'
  | 'rejected'
  | 'failed'
  | 'revoked'
  | 'awaiting-payment'
  | 'paid'
  | 'expired'
  | 'refunded'
  | 'resumed';

export interface TimelineEvent {
  readonly at: string;
  readonly kind: TimelineKind;
  readonly stepId?: StepId;
  /** PIN of the officer or citizen, or `system`. */
  readonly actor: string;
  readonly text: Text;
}

/** An officer's inbox entry: a step waiting for their agency in their jurisdiction. */
export interface OfficerTask {
  readonly taskId: string;
  readonly dossierId: string;
  readonly stepId: StepId;
  readonly group: DossierKind;
  readonly agency: Agency;
  readonly provinceCode: string;
  readonly communeCode: string;
  readonly openedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly findings: readonly Finding[];
  readonly status?: StepStatus;
}

/** `HS01-20261123-7K3M9Q2XAB`: province, Vietnam date of submission, 10 random base32 characters. */
export const newDossierId = (provinceCode: string, vietnamDate: string): string =>
  `HS${provinceCode}-${vietnamDate.replaceAll('-', '')}-${randomNumberPart(10)}`;

export const DOSSIER_ID_PATTERN = /^HS\d{2}-\d{8}-[A-Z2-9]{10}$/;

export const taskIdOf = (dossierId: string, stepId: StepId): string => `${dossierId}.${stepId}`;

export const parseTaskId = (taskId: string): { dossierId: string; stepId: string } | undefined => {
  const [dossierId, stepId, ...rest] = taskId.split('.');
  if (!dossierId || !stepId || rest.length > 0 || !DOSSIER_ID_PATTERN.test(dossierId)) return undefined;
  return { dossierId, stepId };
};

/** The message a province intake queue carries: only the dossier ID (the dossier itself is the record). */
export const IntakeMessageSchema = z.strictObject({
  dossierId: z.string().check(z.regex(DOSSIER_ID_PATTERN, 'not a dossier ID')),
});
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;
