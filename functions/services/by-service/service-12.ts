/** Service 12's function: its dossiers filed online (shared/lambda/service-dossier-handler.ts). */
import { serviceDossierHandler } from '../../../shared/lambda/service-dossier-handler.ts';
import { SERVICE_12 } from '../../../shared/services/catalogue/by-service/12-criminal-record-certificate.ts';
import { criminalRecordCertificate } from '../../../shared/services/procedures/criminal-record.ts';

export const handler = serviceDossierHandler(SERVICE_12, criminalRecordCertificate);
