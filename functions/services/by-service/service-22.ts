/** Service 22's function: its dossiers filed online, decided in the owner agency's system. */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_22 } from '../../../shared/services/catalogue/by-service/22-exam-and-admission-registration.ts';
import { ownerAgencyProcedure } from '../../../shared/services/procedures/owner-agencies.ts';

export const handler = serviceDossierHandler(SERVICE_22, ownerAgencyProcedure(22));
