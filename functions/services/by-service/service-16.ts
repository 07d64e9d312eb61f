/** Service 16's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_16 } from '../../../shared/services/catalogue/by-service/16-marriage-registration.ts';
import { marriageRegistration } from '../../../shared/services/procedures/marriage.ts';

export const handler = serviceDossierHandler(SERVICE_16, marriageRegistration);
