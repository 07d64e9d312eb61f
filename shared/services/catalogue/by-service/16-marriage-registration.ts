/** Service 16: marriage registration. One entry of the catalogue (../index.ts). */
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { CIVIL_STATUS_DECREE, CIVIL_STATUS_LAW, t } from '../texts.ts';

export const SERVICE_16: Service = {
  code: 16,
  slug: 'marriage-registration',
  name: t('Đăng ký kết hôn', 'Marriage registration'),
  owner: OWNERS.justice,
  legalBasis: [CIVIL_STATUS_LAW, CIVIL_STATUS_DECREE, 'Luật Hôn nhân và gia đình 52/2014/QH13'],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: NO_FEE,
  documentsIssued: [t('Giấy chứng nhận kết hôn', 'Marriage certificate')],
  needs: [
    t('Cả hai bên có mặt khi trao giấy chứng nhận kết hôn', 'Both parties present when the certificate is handed over'),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/marriage-registration/dossiers' },
};
