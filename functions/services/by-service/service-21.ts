/** Service 21's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_21 } from '../../../shared/services/catalogue/by-service/21-individual-tax-registration.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_21, ownerAgencyProcedure(21));
