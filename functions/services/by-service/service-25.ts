/** Service 25's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_25 } from '../../../shared/services/catalogue/by-service/25-power-contract-change-of-party.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_25, ownerAgencyProcedure(25));
