/** Service 22: high-school exam and university admission registration. One entry of the catalogue (../index.ts). */
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_22: Service = {
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
};
