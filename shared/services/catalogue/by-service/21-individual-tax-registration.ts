/** Service 21: first tax registration, or an update, for individuals. One entry of the catalogue (../index.ts). */
import { DECIDED_IN_OWNER_SYSTEM, NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_21: Service = {
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
};
