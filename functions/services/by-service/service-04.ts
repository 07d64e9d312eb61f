/** Service 4's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_04 } from '../../../shared/services/catalogue/by-service/04-temporary-residence-registration.ts';
import { temporaryResidenceRegistration } from '../../../shared/services/procedures/temporary-residence.ts';

export const handler = serviceDossierHandler(SERVICE_04, temporaryResidenceRegistration);
