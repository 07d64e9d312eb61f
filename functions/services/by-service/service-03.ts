/** Service 3's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_03 } from '../../../shared/services/catalogue/by-service/03-permanent-residence-registration.ts';
import { permanentResidenceRegistration } from '../../../shared/services/procedures/permanent-residence.ts';

export const handler = serviceDossierHandler(SERVICE_03, permanentResidenceRegistration);
