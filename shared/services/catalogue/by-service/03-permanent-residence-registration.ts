/** Service 3: permanent residence registration. One entry of the catalogue (../index.ts). */
import { described } from '../exemptions.ts';
import { configuredFeeNote, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_03: Service = {
  code: 3,
  slug: 'permanent-residence-registration',
  name: t('Đăng ký thường trú', 'Permanent residence registration'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Cư trú 68/2020/QH14', 'Nghị định 154/2024/NĐ-CP', 'Thông tư 53/2025/TT-BCA'],
  eidLevel: 2,
  deadlineWorkingDays: 7,
  fee: {
    amountVnd: 20_000,
    onlineAmountVnd: 10_000,
    exemptions: [
      described('online-filing', t('10.000 đ khi nộp trực tuyến', '10,000 VND online'), 'Thông tư 75/2022/TT-BTC'),
    ],
    note: configuredFeeNote('Thông tư 75/2022/TT-BTC'),
  },
  documentsIssued: [t('Thông báo kết quả đăng ký thường trú', 'Notice of the registered permanent residence')],
  needs: [
    t(
      'Giấy tờ chứng minh chỗ ở hợp pháp (nếu CSDL chưa có)',
      'Proof of lawful accommodation (where the databases do not hold it)',
    ),
    t('Ý kiến đồng ý của chủ hộ', "The household head's consent"),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/permanent-residence-registration/dossiers' },
};
