/** Service 4's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { temporaryResidenceRegistration } from '../../../shared/services/procedures/temporary-residence.ts';

export const handler = serviceDossierHandler(temporaryResidenceRegistration);
