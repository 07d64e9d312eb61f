/**
 * Fee exemptions, applied (docs/services.md, "Fee exemptions"): the one engine rule over the catalogue's structured
 * exemptions (catalogue/schema.ts, `FeeExemptionSchema`). At intake a ground the NPDB establishes (the applicant's
 * age) waives the fee by itself; otherwise a ground the citizen declares in the form's optional
 * `feeExemption: {ground, evidenceReference}` waives it, and the officer confirms the evidence at the decision. A
 * waived dossier has no payment step. Browser-safe (zod and the catalogue's types): the portal builds its form with
 * `withFeeExemption` exactly as the API does.
 */
import { UnprocessableError } from '../domain/errors.ts';
import type { DossierFee, DossierFeeExemption } from '../dossiers/dossier.ts';
import * as z from '../validation/zod.ts';
import type { FeeExemption } from './catalogue/schema.ts';

/** The form's field for a declared ground; `body.form.feeExemption` in the API's errors. */
export const FEE_EXEMPTION_FIELD = 'feeExemption';
const FIELD = `body.form.${FEE_EXEMPTION_FIELD}`;

/** The decision step's check of a declared ground: never passed automatically, so an officer always confirms it. */
export const FEE_EXEMPTION_CHECK = 'fee-exemption-evidence';

export interface FeeExemptionClaim {
  readonly ground: string;
  readonly evidenceReference?: string;
}

export const declarableGrounds = (exemptions: readonly FeeExemption[]): FeeExemption[] =>
  exemptions.filter((e) => e.establishedBy.kind === 'declaration');

/** The claim's schema for a service's grounds: one of them, and the evidence's reference (a certificate number). */
export const feeExemptionClaimSchema = (grounds: readonly [string, ...string[]]) =>
  z.strictObject({
    ground: z.enum(grounds),
    evidenceReference: z.string().check(z.trim(), z.minLength(3), z.maxLength(100)),
  });

/**
 * A service's e-form with the optional `feeExemption` field added where the service offers declarable grounds
 * (the form unchanged otherwise, so a claim there is an unrecognised key). Forms that are not objects are unchanged.
 */
export const withFeeExemption = <S extends z.ZodMiniType>(exemptions: readonly FeeExemption[], form: S): S => {
  const grounds = declarableGrounds(exemptions).map((e) => e.id);
  const [first, ...rest] = grounds;
  if (first === undefined || !(form instanceof z.ZodMiniObject)) return form;
  const object: z.ZodMiniObject = form;
  return z.safeExtend(object, {
    [FEE_EXEMPTION_FIELD]: z.optional(feeExemptionClaimSchema([first, ...rest])),
  }) as never;
};

/** A form without its fee-exemption claim (what the service's own rules read), and the claim. */
export const splitFeeExemption = <F extends Readonly<Record<string, unknown>>>(
  form: F,
): { readonly form: F; readonly claim?: unknown } => {
  if (!(FEE_EXEMPTION_FIELD in form)) return { form };
  const { [FEE_EXEMPTION_FIELD]: claim, ...rest } = form;
  return { form: rest as F, claim };
};

/** Whole years from `birthDate` to `today` (ISO dates). */
export const ageOn = (birthDate: string, today: string): number => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
};

/** A declared claim checked against the service's grounds: 422 naming the field, before anything is written. */
const checkClaim = (exemptions: readonly FeeExemption[], claim: unknown): FeeExemption | undefined => {
  if (claim === undefined) return undefined;
  const parsed = z.strictObject({ ground: z.string(), evidenceReference: z.optional(z.string()) }).safeParse(claim);
  if (!parsed.success) {
    throw new UnprocessableError('A fee exemption is `{ground, evidenceReference}`.', FIELD);
  }
  const { ground, evidenceReference } = parsed.data;
  const exemption = exemptions.find((e) => e.id === ground);
  if (exemption?.establishedBy.kind !== 'declaration') {
    const offered = declarableGrounds(exemptions).map((e) => e.id);
    throw new UnprocessableError(
      offered.length > 0
        ? `This service offers no fee exemption "${ground}" to declare; the grounds are: ${offered.join(', ')}.`
        : 'This service offers no fee exemption to declare.',
      `${FIELD}.ground`,
    );
  }
  const reference = evidenceReference?.trim() ?? '';
  if (reference.length < 3 || reference.length > 100) {
    throw new UnprocessableError(
      `The exemption "${ground}" needs the reference of its evidence (${exemption.establishedBy.evidence.en}).`,
      `${FIELD}.evidenceReference`,
    );
  }
  return exemption;
};

export interface ExemptionInput {
  readonly exemptions: readonly FeeExemption[];
  readonly applicant: { readonly birthDate: string };
  /** Today in Vietnam. */
  readonly today: string;
  /** The form's `feeExemption`, as sent. */
  readonly claim: unknown;
  /** What the dossier would cost; nothing to waive when undefined. */
  readonly fee: DossierFee | undefined;
}

/**
 * The exemption a dossier gets, or undefined. A ground the NPDB establishes wins over a declared one (nothing for an
 * officer to confirm); a declared claim is checked even when nothing is due, so a bad claim is always a 422.
 */
export const resolveFeeExemption = (input: ExemptionInput): DossierFeeExemption | undefined => {
  const declared = checkClaim(input.exemptions, input.claim);
  if (!input.fee || input.fee.amountVnd <= 0) return undefined;
  const age = ageOn(input.applicant.birthDate, input.today);
  const automatic = input.exemptions.find((e) => {
    if (e.establishedBy.kind !== 'npdb') return false;
    const rule = e.establishedBy.applicantAge;
    return 'under' in rule ? age < rule.under : age >= rule.atLeast;
  });
  const base = (e: FeeExemption) => ({
    id: e.id,
    text: e.text,
    legalBasis: e.legalBasis,
    waived: input.fee as DossierFee,
  });
  if (automatic) {
    return {
      ...base(automatic),
      establishedBy: 'npdb',
      fact: { vi: `Theo CSDL quốc gia về dân cư: ${age} tuổi`, en: `From the NPDB: aged ${age}` },
    };
  }
  if (!declared) return undefined;
  const reference = (input.claim as FeeExemptionClaim).evidenceReference?.trim() ?? '';
  return { ...base(declared), establishedBy: 'declaration', evidenceReference: reference };
};
