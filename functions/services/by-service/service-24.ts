/** Service 24's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_24 } from '../../../shared/services/catalogue/by-service/24-low-voltage-power-connection.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_24, ownerAgencyProcedure(24));
