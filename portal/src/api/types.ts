/**
 * Shapes of the API answers the portal reads. Request bodies come from the shared zod schemas
 * (shared/dossiers/forms.ts); these mirror what the use cases in shared/ return.
 */
import type { DossierFeeExemption, DossierPayment } from '../../../shared/dossiers/dossier.ts';
import type { FeeExemption } from '../../../shared/services/catalogue/schema.ts';

export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export interface Residence {
  readonly provinceCode: string;
  readonly communeCode: string;
  readonly address?: string;
  readonly communeName?: string;
  readonly provinceName?: string;
  readonly since?: string;
}

export interface HouseholdMember {
  readonly pin: string;
  readonly fullName: string;
  readonly relationToHead?: 'head' | 'spouse' | 'child' | 'parent' | 'other';
  readonly birthDate: string;
  readonly status: string;
}

export interface MyRecord {
  readonly pin: string;
  readonly fullName: string;
  readonly sex: 'male' | 'female';
  readonly birthDate: string;
  readonly status: 'alive' | 'deceased';
  readonly ethnicity?: string;
  readonly nationality?: string;
  readonly permanentResidence?: Residence;
  readonly temporaryResidence?: Residence;
  readonly household?: {
    readonly id: string;
    readonly relationToHead?: HouseholdMember['relationToHead'];
    readonly members: readonly HouseholdMember[];
  };
  readonly linkedNumbers: {
    readonly healthInsurance?: {
      readonly cardNumber?: string;
      readonly validUntil?: string;
      readonly coverageStatus?: string;
    };
    readonly oldIdNumber?: string;
  };
}

export interface Child {
  readonly pin: string;
  readonly fullName: string;
  readonly birthDate: string;
  readonly sex?: string;
}

export interface DossierDocuments {
  readonly birthCertificateNumber?: string;
  readonly pin?: string;
  readonly healthInsuranceCardNumber?: string;
  readonly healthInsuranceValidUntil?: string;
  readonly deathExtractNumber?: string;
  readonly funeralAllowance?: { readonly amountVnd: number; readonly payer: string; readonly recipientPin: string };
  readonly survivorBenefitDecision?: string;
  /** A single-agency service's notice of result (`TB…`), verifiable with its step's verification code. */
  readonly noticeNumber?: string;
}

export interface StepView {
  readonly stepId: string;
  readonly title: Bilingual;
  readonly agency: string;
  readonly status: string;
  readonly dueDate?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly automatic?: boolean;
  readonly reason?: string;
  readonly result?: Record<string, unknown>;
}

/** A dossier's fee, its e-receipt and any refund, and the payment page: the API's own types (docs/payments.md). */
export type { PaymentPage } from '../../../shared/payments/payments.ts';
export type PaymentView = DossierPayment;
export type { DossierFeeExemption, FeeExemption };

export interface DossierView {
  readonly id: string;
  readonly group: 'birth-group' | 'death-group' | 'service';
  readonly title: Bilingual;
  readonly status: string;
  readonly submittedAt: string;
  readonly receiptDate: string;
  readonly expectedBy: string;
  readonly handledBy: { readonly provinceCode: string; readonly communeCode: string };
  readonly documents: DossierDocuments;
  readonly outcome?: Bilingual & { readonly at: string };
  readonly steps: readonly StepView[];
  readonly payment?: PaymentView;
  /** The fee waived at intake on an exemption ground (then there is no payment). */
  readonly feeExemption?: DossierFeeExemption;
  readonly timeline: readonly {
    readonly at: string;
    readonly kind: string;
    readonly stepId?: string;
    readonly actor: string;
    readonly text: Bilingual;
  }[];
}

export interface DossierSummary {
  readonly id: string;
  readonly group: 'birth-group' | 'death-group' | 'service';
  /** The procedure's name (a group's or an essential service's). */
  readonly title?: Bilingual;
  readonly status: string;
  readonly submittedAt: string;
  readonly expectedBy: string;
  readonly documents: DossierDocuments;
}

/** The 202 answer of POST /v1/dossiers (header `idempotent-replayed: true` on a replay). */
export interface SubmitResult {
  readonly id: string;
  readonly group: 'birth-group' | 'death-group';
  readonly status: string;
  readonly receiptDate: string;
  readonly expectedBy: string;
}

export interface Finding {
  readonly check: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface OfficerTask {
  readonly taskId: string;
  readonly dossierId: string;
  readonly stepId: string;
  readonly group: 'birth-group' | 'death-group';
  readonly agency: string;
  readonly provinceCode: string;
  readonly communeCode: string;
  readonly openedAt: string;
  readonly dueDate: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly findings: readonly Finding[];
  readonly status?: string;
}

export type { AccessLogViewEntry, MyAccessLogPage } from '../../../shared/access-log/list-my-access-log.ts';

export interface ConsentView {
  readonly clientId: string;
  readonly clientName?: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly grantedAt: string;
  readonly expiresAt: string;
  readonly revokedAt?: string;
}

export interface VerifiedDocument {
  readonly valid: boolean;
  readonly number: string;
  readonly type: string;
  readonly issuedAt: string;
  readonly statement?: Bilingual;
  readonly revokedAt?: string;
}

export interface ServiceEntry {
  readonly code: number;
  readonly slug: string;
  readonly name: Bilingual;
  readonly owner: { readonly agency: string; readonly name: Bilingual };
  readonly eidLevel: 1 | 2;
  readonly deadlineWorkingDays?: number;
  readonly fee?: {
    readonly amountVnd: number;
    /** The reduced fee for filing online, where the fee circular sets one. */
    readonly onlineAmountVnd?: number;
    /** The structured exemption grounds (shared/services/catalogue/schema.ts). */
    readonly exemptions?: readonly FeeExemption[];
  };
  readonly documentsIssued?: readonly Bilingual[];
  readonly needs?: readonly Bilingual[];
  readonly online: 'full' | 'catalogue-only';
  readonly start?:
    | { readonly kind: 'group'; readonly group: 'birth-group' | 'death-group' }
    | { readonly kind: 'route'; readonly path: string }
    /** A single-agency dossier, filed at `/v1/services/<slug>/dossiers`. */
    | { readonly kind: 'dossier'; readonly path: string };
}
