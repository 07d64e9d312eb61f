/** Service 23: unemployment benefit. One entry of the catalogue (../index.ts). */
import { DECIDED_IN_OWNER_SYSTEM, NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { t } from '../texts.ts';

export const SERVICE_23: Service = {
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
};
