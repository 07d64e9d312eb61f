/** Service 20's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_20 } from '../../../shared/services/catalogue/by-service/20-household-health-insurance.ts';
import { householdHealthInsurance } from '../../../shared/services/procedures/household-health-insurance.ts';

export const handler = serviceDossierHandler(SERVICE_20, householdHealthInsurance);
