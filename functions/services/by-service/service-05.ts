/** Service 5's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { temporaryAbsenceDeclaration } from '../../../shared/services/procedures/temporary-absence.ts';

export const handler = serviceDossierHandler(temporaryAbsenceDeclaration);
