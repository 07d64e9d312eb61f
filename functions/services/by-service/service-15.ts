/** Service 15's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { deathRegistration } from '../../../shared/services/procedures/death-registration.ts';

export const handler = serviceDossierHandler(deathRegistration);
