/** Service 9's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_09 } from '../../../shared/services/catalogue/by-service/09-ordinary-passport.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_09, ownerAgencyProcedure(9));
