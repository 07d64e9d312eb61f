/** Service 6's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { overnightStayNotification } from '../../../shared/services/procedures/overnight-stay.ts';

export const handler = serviceDossierHandler(overnightStayNotification);
