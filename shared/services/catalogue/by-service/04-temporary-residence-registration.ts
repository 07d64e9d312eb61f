/** Service 4: temporary residence registration. One entry of the catalogue (../index.ts). */
import { described } from '../exemptions.ts';
import { configuredFeeNote, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_04: Service = {
  code: 4,
  slug: 'temporary-residence-registration',
  name: t('Đăng ký tạm trú', 'Temporary residence registration'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Cư trú 68/2020/QH14', 'Nghị định 154/2024/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 3,
  fee: {
    amountVnd: 15_000,
    onlineAmountVnd: 7_000,
    exemptions: [
      described('online-filing', t('7.000 đ khi nộp trực tuyến', '7,000 VND online'), 'Thông tư 75/2022/TT-BTC'),
    ],
    note: configuredFeeNote('Thông tư 75/2022/TT-BTC'),
  },
  documentsIssued: [t('Thông báo kết quả đăng ký tạm trú', 'Notice of the registered temporary residence')],
  needs: [
    t(
      'Giấy tờ chứng minh chỗ ở hợp pháp (hợp đồng thuê, cho ở nhờ)',
      'Proof of lawful accommodation (tenancy or loan agreement)',
    ),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/temporary-residence-registration/dossiers' },
};
