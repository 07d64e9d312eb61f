/** Service 10's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_10 } from '../../../shared/services/catalogue/by-service/10-seal-registration.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_10, ownerAgencyProcedure(10));
