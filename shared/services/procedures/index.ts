/**
 * The rules of every essential service run as a single-agency dossier, by catalogue code. Adding a service is its
 * catalogue entry (with `start: { kind: 'dossier', ... }`) plus its rules file, listed here; docs/services.md.
 */
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { birthRegistration } from './birth-registration.ts';
import { criminalRecordCertificate } from './criminal-record.ts';
import { deathRegistration } from './death-registration.ts';
import { householdHeadChange } from './household-head-change.ts';
import { householdHealthInsurance } from './household-health-insurance.ts';
import { idCardRenewal } from './id-card.ts';
import { marriageRegistration } from './marriage.ts';
import { overnightStayNotification } from './overnight-stay.ts';
import { OWNER_AGENCY_PROCEDURES } from './owner-agencies.ts';
import { permanentResidenceRegistration } from './permanent-residence.ts';
import { recordCorrection } from './record-correction.ts';
import { temporaryAbsenceDeclaration } from './temporary-absence.ts';
import { temporaryResidenceRegistration } from './temporary-residence.ts';

const ALL: readonly ServiceProcedure[] = [
  permanentResidenceRegistration as unknown as ServiceProcedure,
  temporaryResidenceRegistration as unknown as ServiceProcedure,
  temporaryAbsenceDeclaration as unknown as ServiceProcedure,
  overnightStayNotification as unknown as ServiceProcedure,
  marriageRegistration as unknown as ServiceProcedure,
  idCardRenewal as unknown as ServiceProcedure,
  criminalRecordCertificate as unknown as ServiceProcedure,
  birthRegistration as unknown as ServiceProcedure,
  deathRegistration as unknown as ServiceProcedure,
  householdHealthInsurance as unknown as ServiceProcedure,
  ...OWNER_AGENCY_PROCEDURES,
  // Not one of the 25: a citizen's correction of their own record (code 0, `POST /v1/me/record-corrections`).
  recordCorrection as unknown as ServiceProcedure,
  // Nor this: a household's new head (code 100, `POST /v1/me/household-head-changes`).
  householdHeadChange as unknown as ServiceProcedure,
];

export const SERVICE_PROCEDURES: ReadonlyMap<number, ServiceProcedure> = new Map(ALL.map((p) => [p.code, p]));

export const serviceProcedure = (code: number): ServiceProcedure | undefined => SERVICE_PROCEDURES.get(code);
