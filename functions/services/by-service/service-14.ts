/** Service 14's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_14 } from '../../../shared/services/catalogue/by-service/14-birth-registration.ts';
import { birthRegistration } from '../../../shared/services/procedures/birth-registration.ts';

export const handler = serviceDossierHandler(SERVICE_14, birthRegistration);
