/** Service 23's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_23 } from '../../../shared/services/catalogue/by-service/23-unemployment-benefit.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_23, ownerAgencyProcedure(23));
