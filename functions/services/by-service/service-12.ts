/** Service 12's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { criminalRecordCertificate } from '../../../shared/services/procedures/criminal-record.ts';

export const handler = serviceDossierHandler(criminalRecordCertificate);
