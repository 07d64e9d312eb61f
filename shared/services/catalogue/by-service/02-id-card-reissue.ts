/** Service 2: renewal or re-issue of the ID card. One entry of the catalogue (../index.ts). */
import { declaredGrounds, described } from '../exemptions.ts';
import { configuredFeeNote, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

const ONLINE_HALF_FEE = t(
  'Giảm 50% khi nộp trực tuyến (nếu chính sách còn hiệu lực)',
  'Half the fee when applied for online (while the policy applies)',
);
const ID_CARD_GROUNDS = declaredGrounds('Thông tư 73/2024/TT-BTC');

export const SERVICE_02: Service = {
  code: 2,
  slug: 'id-card-reissue',
  name: t('Cấp đổi, cấp lại thẻ căn cước', 'Renewal or re-issue of the ID card'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Căn cước 26/2023/QH15', 'Nghị định 70/2024/NĐ-CP', 'Thông tư 73/2024/TT-BTC'],
  eidLevel: 2,
  deadlineWorkingDays: 7,
  fee: {
    amountVnd: 50_000,
    exemptions: [
      described(
        'online-half-fee',
        ONLINE_HALF_FEE,
        'Thông tư 73/2024/TT-BTC',
        t('Chưa áp dụng tại đây: thu đủ mức phí.', 'Not applied here: the full amount is charged.'),
      ),
      ID_CARD_GROUNDS.poorHousehold,
      ID_CARD_GROUNDS.revolutionMerit,
      ID_CARD_GROUNDS.orphan,
    ],
    note: configuredFeeNote(
      'Thông tư 73/2024/TT-BTC (cấp đổi 50.000 đ, miễn khi đổi ở tuổi 25, 40, 60; cấp lại 70.000 đ)',
    ),
  },
  documentsIssued: [t('Thẻ căn cước', 'ID card')],
  needs: [
    t(
      'Thu nhận ảnh chân dung, vân tay, mống mắt tại cơ quan Công an',
      'Portrait, fingerprints and iris captured at a police office',
    ),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/id-card-reissue/dossiers' },
};
