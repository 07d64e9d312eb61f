/** Essential services 19–25: land, health insurance, tax, education, employment and electricity. */
import { described } from './exemptions.ts';
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, NO_FEE, OWNERS } from './owners.ts';
import type { Service } from './schema.ts';

const t = (vi: string, en: string) => ({ vi, en });

export const OTHER_AGENCY_SERVICES: readonly Service[] = [
  {
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
  },
  {
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
  },
  {
    code: 21,
    slug: 'individual-tax-registration',
    name: t(
      'Đăng ký thuế lần đầu, thay đổi thông tin đăng ký thuế cho cá nhân',
      'First tax registration, or an update, for individuals',
    ),
    owner: OWNERS.finance,
    legalBasis: ['Luật Quản lý thuế 38/2019/QH14', 'Thông tư 86/2024/TT-BTC'],
    eidLevel: 2,
    deadlineWorkingDays: 3,
    fee: NO_FEE,
    documentsIssued: [
      t('Thông báo mã số thuế (mã số thuế là số định danh cá nhân)', 'Tax-number notice (the tax number is the PIN)'),
    ],
    needs: [t('Cơ quan chi trả thu nhập (nếu có)', 'Who pays the income (if any)')],
    online: 'full',
    start: { kind: 'dossier', path: '/v1/services/individual-tax-registration/dossiers' },
    boundary: DECIDED_IN_OWNER_SYSTEM,
  },
  {
    code: 22,
    slug: 'exam-and-admission-registration',
    name: t(
      'Đăng ký dự thi tốt nghiệp THPT và xét tuyển đại học',
      'High-school exam and university admission registration',
    ),
    owner: OWNERS.education,
    legalBasis: ['Luật Giáo dục 43/2019/QH14', 'Thông tư 24/2024/TT-BGDĐT', 'Thông tư 08/2022/TT-BGDĐT'],
    eidLevel: 2,
    deadlineWorkingDays: 0,
    fee: {
      amountVnd: 0,
      exemptions: [],
      note: configuredFeeNote('quy định của từng cơ sở đào tạo về lệ phí xét tuyển'),
    },
    documentsIssued: [
      t(
        'Xác nhận đăng ký dự thi và nguyện vọng xét tuyển',
        'Confirmation of the exam registration and admission choices',
      ),
    ],
    needs: [t('Môn thi và các nguyện vọng xét tuyển', 'Exam subjects and the admission choices in order')],
    online: 'full',
    start: { kind: 'dossier', path: '/v1/services/exam-and-admission-registration/dossiers' },
    boundary: DECIDED_IN_OWNER_SYSTEM,
  },
  {
    code: 23,
    slug: 'unemployment-benefit',
    name: t('Giải quyết hưởng trợ cấp thất nghiệp', 'Unemployment benefit'),
    owner: OWNERS.homeAffairs,
    legalBasis: ['Luật Việc làm 74/2025/QH15', 'Nghị định 28/2015/NĐ-CP'],
    eidLevel: 2,
    deadlineWorkingDays: 20,
    fee: NO_FEE,
    documentsIssued: [t('Quyết định hưởng trợ cấp thất nghiệp', 'Decision granting the unemployment benefit')],
    needs: [
      t('Quyết định thôi việc hoặc giấy tờ chấm dứt hợp đồng lao động', 'The termination of the employment contract'),
      t('Tài khoản nhận trợ cấp', 'The bank account for the benefit'),
    ],
    online: 'full',
    start: { kind: 'dossier', path: '/v1/services/unemployment-benefit/dossiers' },
    boundary: DECIDED_IN_OWNER_SYSTEM,
  },
  {
    code: 24,
    slug: 'low-voltage-power-connection',
    name: t('Cấp điện mới từ lưới điện hạ áp', 'New low-voltage power connection'),
    owner: OWNERS.evn,
    legalBasis: ['Luật Điện lực 61/2024/QH15'],
    eidLevel: 2,
    deadlineWorkingDays: 3,
    fee: NO_FEE,
    documentsIssued: [t('Hợp đồng mua bán điện', 'Power purchase contract')],
    needs: [
      t(
        'Địa điểm sử dụng điện và giấy tờ về quyền sử dụng địa điểm',
        'Where the power is used, and the right to use that place',
      ),
    ],
    online: 'full',
    start: { kind: 'dossier', path: '/v1/services/low-voltage-power-connection/dossiers' },
    boundary: DECIDED_IN_OWNER_SYSTEM,
  },
  {
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
  },
];
