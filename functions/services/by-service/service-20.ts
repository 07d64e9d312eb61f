/** Service 20's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { householdHealthInsurance } from '../../../shared/services/procedures/household-health-insurance.ts';

export const handler = serviceDossierHandler(householdHealthInsurance);
