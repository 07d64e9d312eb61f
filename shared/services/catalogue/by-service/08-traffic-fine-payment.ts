/** Service 8: payment of camera-detected traffic fines. One entry of the catalogue (../index.ts). */
import { DECIDED_IN_OWNER_SYSTEM, NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_08: Service = {
  code: 8,
  slug: 'traffic-fine-payment',
  name: t('Nộp phạt vi phạm giao thông phát hiện qua hình ảnh', 'Payment of camera-detected traffic fines'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Xử lý vi phạm hành chính 15/2012/QH13', 'Nghị định 168/2024/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: NO_FEE,
  documentsIssued: [t('Biên lai thu tiền phạt điện tử', 'Electronic receipt of the fine')],
  needs: [t('Số quyết định xử phạt', 'Number of the penalty decision')],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/traffic-fine-payment/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
