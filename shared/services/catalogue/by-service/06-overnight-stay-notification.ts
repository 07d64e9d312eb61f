/** Service 6: overnight-stay notification. One entry of the catalogue (../index.ts). */
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_06: Service = {
  code: 6,
  slug: 'overnight-stay-notification',
  name: t('Thông báo lưu trú', 'Overnight-stay notification'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Cư trú 68/2020/QH14', 'Nghị định 154/2024/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: NO_FEE,
  documentsIssued: [t('Xác nhận đã tiếp nhận thông báo lưu trú', 'Acknowledgement of the overnight-stay notification')],
  needs: [t('Người lưu trú, nơi lưu trú và thời gian lưu trú', 'Who stays, where, and for how long')],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/overnight-stay-notification/dossiers' },
};
