/** Service 5: temporary-absence declaration. One entry of the catalogue (../index.ts). */
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_05: Service = {
  code: 5,
  slug: 'temporary-absence-declaration',
  name: t('Khai báo tạm vắng', 'Temporary-absence declaration'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Cư trú 68/2020/QH14', 'Nghị định 154/2024/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 1,
  fee: NO_FEE,
  documentsIssued: [t('Xác nhận khai báo tạm vắng', 'Acknowledgement of the temporary-absence declaration')],
  needs: [t('Thời gian và nơi đến trong thời gian vắng mặt', 'Period and destination of the absence')],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/temporary-absence-declaration/dossiers' },
};
