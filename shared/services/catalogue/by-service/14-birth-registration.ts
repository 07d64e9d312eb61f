/** Service 14: birth registration. One entry of the catalogue (../index.ts). */
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { BIRTH_CERTIFICATE, CIVIL_STATUS_DECREE, CIVIL_STATUS_LAW, HOSPITAL_BIRTH_PAPER, t } from '../texts.ts';

export const SERVICE_14: Service = {
  code: 14,
  slug: 'birth-registration',
  name: t('Đăng ký khai sinh', 'Birth registration'),
  owner: OWNERS.justice,
  legalBasis: [CIVIL_STATUS_LAW, CIVIL_STATUS_DECREE, 'Luật Căn cước 26/2023/QH15'],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: NO_FEE,
  documentsIssued: [BIRTH_CERTIFICATE, t('Số định danh cá nhân của trẻ', "The child's personal identification number")],
  needs: [HOSPITAL_BIRTH_PAPER],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/birth-registration/dossiers' },
};
