/**
 * The contract between the dossier engine and one essential service's rules (a file in shared/services/procedures/).
 * The engine does everything services share: intake with an Idempotency-Key, the province intake queue, the
 * officers' inbox step, the timeline, notifications and the access log. A service says only:
 * - its e-form (a zod schema: what the citizen provides beyond the NPDB);
 * - `intake`: who may file it and where it is handled (reads only; a 4xx names the field, nothing is written);
 * - `rule`: what its one decision checks, and what approving it does to the registries (idempotent).
 */
import type { StoredCitizen } from '../domain/citizen-record.ts';
import type { Agency } from '../identity/account.ts';
import type * as z from '../validation/zod.ts';
import type { DossierFee, ServiceForm } from './dossier.ts';
import type { PopulationPort } from './ports.ts';
import type { StepRule } from './steps/common.ts';

export interface IntakeContext<F> {
  readonly applicant: StoredCitizen;
  readonly form: F;
  /** Today in Vietnam. */
  readonly today: string;
  readonly population: Pick<PopulationPort, 'getCitizen' | 'listHouseholdMembers'>;
}

export interface IntakeRouting {
  /** The commune whose officers (of the service's agency) decide the dossier, and its province. */
  readonly communeCode: string;
  readonly provinceCode: string;
  /** Everyone the dossier concerns besides the applicant. */
  readonly parties: readonly string[];
  /** A key that must not have a live dossier already (e.g. one pending registration per person and service). */
  readonly subject?: string;
  /**
   * What this dossier costs when the amount depends on the form (e.g. service 20's premium per member): the dossier
   * then waits `awaiting-payment` with these lines, as a catalogue fee does. Left out, the catalogue fee applies; an
   * amount of 0 is free (no payment step).
   */
  readonly fee?: DossierFee;
}

export interface ServiceProcedure<F extends ServiceForm = ServiceForm> {
  /** The service's code in the catalogue (shared/services/catalogue/). */
  readonly code: number;
  /** The officers' agency that decides it. */
  readonly agency: Agency;
  readonly form: z.ZodMiniType<F, unknown>;
  intake(context: IntakeContext<F>): Promise<IntakeRouting>;
  readonly rule: StepRule;
}
