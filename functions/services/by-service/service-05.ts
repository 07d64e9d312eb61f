/** Service 5's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_05 } from '../../../shared/services/catalogue/by-service/05-temporary-absence-declaration.ts';
import { temporaryAbsenceDeclaration } from '../../../shared/services/procedures/temporary-absence.ts';

export const handler = serviceDossierHandler(SERVICE_05, temporaryAbsenceDeclaration);
