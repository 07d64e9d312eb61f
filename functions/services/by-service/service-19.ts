/** Service 19's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_19 } from '../../../shared/services/catalogue/by-service/19-land-title-update.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_19, ownerAgencyProcedure(19));
