/** Service 7: motorbike registration and plates. One entry of the catalogue (../index.ts). */
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_07: Service = {
  code: 7,
  slug: 'motorbike-registration',
  name: t('Đăng ký, cấp biển số xe mô tô, xe gắn máy', 'Motorbike registration and plates'),
  owner: OWNERS.publicSecurity,
  legalBasis: [
    'Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15',
    'Thông tư 79/2024/TT-BCA',
    'Thông tư 60/2023/TT-BTC',
  ],
  eidLevel: 2,
  deadlineWorkingDays: 2,
  fee: {
    amountVnd: 150_000,
    exemptions: [],
    note: configuredFeeNote('Thông tư 60/2023/TT-BTC (mức thu theo khu vực)'),
  },
  documentsIssued: [t('Chứng nhận đăng ký xe', 'Vehicle registration certificate'), t('Biển số xe', 'Number plates')],
  needs: [
    t(
      'Chứng từ nguồn gốc xe và chứng từ lệ phí trước bạ (điện tử)',
      "The vehicle's origin papers and the registration-tax receipt (electronic)",
    ),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/motorbike-registration/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
