/** Service 14's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { birthRegistration } from '../../../shared/services/procedures/birth-registration.ts';

export const handler = serviceDossierHandler(birthRegistration);
