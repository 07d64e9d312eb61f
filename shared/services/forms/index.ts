/**
 * The e-form of every single-agency dossier service, by catalogue code: what the portal validates with before it
 * sends, and what the API validates on receipt (each procedure's `form`). Browser-safe: no server code is reachable
 * from here, so the portal imports it into a lazily loaded route.
 */
import type * as z from '../../validation/zod.ts';
import { BirthRegistrationForm, DeathRegistrationForm } from './civil-status.ts';
import { CriminalRecordForm } from './criminal-record.ts';
import { HouseholdHealthInsuranceForm } from './health-insurance.ts';
import { IdCardForm } from './id-card.ts';
import { MarriageForm } from './marriage.ts';
import { OWNER_AGENCY_FORMS } from './owner-agencies.ts';
import { PermanentResidenceForm } from './permanent-residence.ts';
import { OvernightStayForm, TemporaryAbsenceForm } from './residence.ts';
import { TemporaryResidenceForm } from './temporary-residence.ts';

export const SERVICE_FORMS: Readonly<Record<number, z.ZodMiniType>> = {
  2: IdCardForm,
  3: PermanentResidenceForm,
  4: TemporaryResidenceForm,
  5: TemporaryAbsenceForm,
  6: OvernightStayForm,
  14: BirthRegistrationForm,
  15: DeathRegistrationForm,
  16: MarriageForm,
  20: HouseholdHealthInsuranceForm,
  12: CriminalRecordForm,
  ...OWNER_AGENCY_FORMS,
};

export const serviceForm = (code: number): z.ZodMiniType | undefined => SERVICE_FORMS[code];
