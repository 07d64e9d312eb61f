/** Service 13: renewal or re-issue of a driving licence. One entry of the catalogue (../index.ts). */
import { described } from '../exemptions.ts';
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_13: Service = {
  code: 13,
  slug: 'driving-licence-renewal',
  name: t('Cấp đổi, cấp lại giấy phép lái xe', 'Renewal or re-issue of a driving licence'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Trật tự, an toàn giao thông đường bộ 36/2024/QH15', 'Thông tư 35/2024/TT-BCA'],
  eidLevel: 2,
  deadlineWorkingDays: 5,
  fee: {
    amountVnd: 135_000,
    onlineAmountVnd: 115_000,
    exemptions: [
      described('online-filing', t('115.000 đ khi nộp trực tuyến', '115,000 VND online'), 'Thông tư 37/2023/TT-BTC'),
    ],
    note: configuredFeeNote('Thông tư 37/2023/TT-BTC'),
  },
  documentsIssued: [t('Giấy phép lái xe', 'Driving licence')],
  needs: [t('Giấy khám sức khỏe điện tử của người lái xe', "The driver's electronic health certificate")],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/driving-licence-renewal/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
