/** Service 9: ordinary passport. One entry of the catalogue (../index.ts). */
import { configuredFeeNote, DECIDED_IN_OWNER_SYSTEM, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_09: Service = {
  code: 9,
  slug: 'ordinary-passport',
  name: t('Cấp hộ chiếu phổ thông', 'Ordinary passport'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Xuất cảnh, nhập cảnh của công dân Việt Nam 49/2019/QH14', 'Thông tư 25/2021/TT-BTC'],
  eidLevel: 2,
  deadlineWorkingDays: 8,
  fee: { amountVnd: 200_000, exemptions: [], note: configuredFeeNote('Thông tư 25/2021/TT-BTC') },
  documentsIssued: [t('Hộ chiếu phổ thông', 'Ordinary passport')],
  needs: [t('Ảnh chân dung theo quy cách', 'A portrait photo to specification')],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/ordinary-passport/dossiers' },
  boundary: DECIDED_IN_OWNER_SYSTEM,
};
