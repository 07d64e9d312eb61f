/** Service 10: registration of a new seal. One entry of the catalogue (../index.ts). */
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_10: Service = {
  code: 10,
  slug: 'seal-registration',
  name: t('Đăng ký mẫu con dấu mới', 'Registration of a new seal'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Nghị định 99/2016/NĐ-CP', 'Nghị định 56/2023/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 3,
  fee: { amountVnd: 50_000, exemptions: [], note: configuredFeeNote('Thông tư 218/2016/TT-BTC') },
  documentsIssued: [t('Giấy chứng nhận đã đăng ký mẫu con dấu', 'Certificate of the registered seal')],
  needs: [
    t('Văn bản thành lập hoặc cho phép hoạt động của tổ chức', "The organisation's founding or licensing document"),
  ],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/seal-registration/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
