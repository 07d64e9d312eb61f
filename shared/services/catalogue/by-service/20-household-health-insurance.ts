/** Service 20: household health-insurance renewal with the family discount. One entry of the catalogue (../index.ts). */
import { described } from '../exemptions.ts';
import { OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_20: Service = {
  code: 20,
  slug: 'household-health-insurance',
  name: t(
    'Gia hạn thẻ bảo hiểm y tế theo hộ gia đình có giảm trừ mức đóng',
    'Household health-insurance renewal with the family discount',
  ),
  owner: OWNERS.socialSecurity,
  legalBasis: ['Luật Bảo hiểm y tế 25/2008/QH12 (sửa đổi 51/2024/QH15)', 'Nghị định 188/2025/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: {
    amountVnd: 0,
    exemptions: [
      described(
        'household-discount',
        t(
          'Người thứ hai đóng 70%, thứ ba 60%, thứ tư 50%, từ thứ năm 40% mức của người thứ nhất',
          'The second member pays 70%, the third 60%, the fourth 50%, the fifth and later 40% of the first',
        ),
        'Luật Bảo hiểm y tế 25/2008/QH12 (sửa đổi 51/2024/QH15)',
      ),
    ],
    note: t(
      'Không có lệ phí; phí bảo hiểm là 4,5% mức lương cơ sở mỗi tháng cho người thứ nhất.',
      'No fee; the premium is 4.5% of the base salary a month for the first member.',
    ),
  },
  documentsIssued: [t('Thẻ bảo hiểm y tế điện tử', 'Electronic health-insurance card')],
  needs: [
    t('Danh sách thành viên hộ tham gia và số tháng gia hạn', 'Which household members renew, for how many months'),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/household-health-insurance/dossiers' },
};
