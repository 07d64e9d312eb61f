/** Service 1: confirmation of the old 9-digit ID number. One entry of the catalogue (../index.ts). */
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_01: Service = {
  code: 1,
  slug: 'old-id-number-confirmation',
  name: t('Xác nhận số Chứng minh nhân dân 9 số', 'Confirmation of the old 9-digit ID number'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Căn cước 26/2023/QH15', 'Nghị định 70/2024/NĐ-CP', 'Thông tư 46/2022/TT-BCA'],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: NO_FEE,
  documentsIssued: [
    t(
      'Giấy xác nhận số Chứng minh nhân dân (điện tử, có mã kiểm tra)',
      'Confirmation of the old ID number (electronic, with a verification code)',
    ),
  ],
  needs: [],
  online: 'full',
  start: { kind: 'route', path: '/v1/services/old-id-confirmations' },
};
