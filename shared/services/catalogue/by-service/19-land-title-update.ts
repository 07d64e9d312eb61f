/** Service 19: land-title update after a change of the holder's identity or address (one entry of ../index.ts). */
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_19: Service = {
  code: 19,
  slug: 'land-title-update',
  name: t(
    'Đăng ký biến động đất đai do thay đổi thông tin nhân thân, địa chỉ của người sử dụng đất',
    "Land-title update after a change of the holder's identity or address",
  ),
  owner: OWNERS.agricultureEnvironment,
  legalBasis: ['Luật Đất đai 31/2024/QH15', 'Nghị định 101/2024/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 10,
  fee: { amountVnd: 0, exemptions: [], note: configuredFeeNote('nghị quyết của Hội đồng nhân dân cấp tỉnh') },
  documentsIssued: [
    t(
      'Giấy chứng nhận quyền sử dụng đất được xác nhận thay đổi',
      'Land-use right certificate endorsed with the change',
    ),
  ],
  needs: [t('Bản gốc Giấy chứng nhận quyền sử dụng đất', 'The original land-use right certificate')],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/land-title-update/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
