/** Service 24: new low-voltage power connection. One entry of the catalogue (../index.ts). */
import { DECIDED_IN_OWNER_SYSTEM, NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_24: Service = {
  code: 24,
  slug: 'low-voltage-power-connection',
  name: t('Cấp điện mới từ lưới điện hạ áp', 'New low-voltage power connection'),
  owner: OWNERS.evn,
  legalBasis: ['Luật Điện lực 61/2024/QH15'],
  eidLevel: 2,
  deadlineWorkingDays: 3,
  fee: NO_FEE,
  documentsIssued: [t('Hợp đồng mua bán điện', 'Power purchase contract')],
  needs: [
    t(
      'Địa điểm sử dụng điện và giấy tờ về quyền sử dụng địa điểm',
      'Where the power is used, and the right to use that place',
    ),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/low-voltage-power-connection/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
