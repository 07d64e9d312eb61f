/** Service 16's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { marriageRegistration } from '../../../shared/services/procedures/marriage.ts';

export const handler = serviceDossierHandler(marriageRegistration);
