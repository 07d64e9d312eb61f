/** Service 2's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_02 } from '../../../shared/services/catalogue/by-service/02-id-card-reissue.ts';
import { idCardRenewal } from '../../../shared/services/procedures/id-card.ts';

export const handler = serviceDossierHandler(SERVICE_02, idCardRenewal);
