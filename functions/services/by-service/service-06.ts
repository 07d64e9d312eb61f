/** Service 6's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_06 } from '../../../shared/services/catalogue/by-service/06-overnight-stay-notification.ts';
import { overnightStayNotification } from '../../../shared/services/procedures/overnight-stay.ts';

export const handler = serviceDossierHandler(SERVICE_06, overnightStayNotification);
