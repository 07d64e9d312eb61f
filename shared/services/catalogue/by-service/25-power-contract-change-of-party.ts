/** Service 25: change of party on a power contract. One entry of the catalogue (../index.ts). */
import { DECIDED_IN_OWNER_SYSTEM, NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_25: Service = {
  code: 25,
  slug: 'power-contract-change-of-party',
  name: t('Thay đổi chủ thể hợp đồng mua bán điện', 'Change of party on a power contract'),
  owner: OWNERS.evn,
  legalBasis: ['Luật Điện lực 61/2024/QH15'],
  eidLevel: 2,
  deadlineWorkingDays: 3,
  fee: NO_FEE,
  documentsIssued: [t('Hợp đồng mua bán điện mới', 'New power purchase contract')],
  needs: [
    t(
      'Số hợp đồng hiện tại và giấy tờ về quyền sử dụng địa điểm',
      'The current contract number, and the right to use the place',
    ),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/power-contract-change-of-party/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
