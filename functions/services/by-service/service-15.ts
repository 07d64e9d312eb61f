/** Service 15's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_15 } from '../../../shared/services/catalogue/by-service/15-death-registration.ts';
import { deathRegistration } from '../../../shared/services/procedures/death-registration.ts';

export const handler = serviceDossierHandler(SERVICE_15, deathRegistration);
