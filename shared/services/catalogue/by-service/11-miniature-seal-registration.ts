/** Service 11: registration of miniature, embossed and wax seals. One entry of the catalogue (../index.ts). */
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_11: Service = {
  code: 11,
  slug: 'miniature-seal-registration',
  name: t('Đăng ký con dấu thu nhỏ, dấu nổi, dấu xi', 'Registration of miniature, embossed and wax seals'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Nghị định 99/2016/NĐ-CP', 'Nghị định 56/2023/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 3,
  fee: { amountVnd: 50_000, exemptions: [], note: configuredFeeNote('Thông tư 218/2016/TT-BTC') },
  documentsIssued: [t('Giấy chứng nhận đã đăng ký mẫu con dấu', 'Certificate of the registered seal')],
  needs: [t('Văn bản đề nghị của tổ chức nêu lý do', "The organisation's request stating the reason")],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/miniature-seal-registration/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
