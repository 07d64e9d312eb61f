/** Service 18: the death group of interconnected procedures. One entry of the catalogue (../index.ts). */

import { GROUPS } from '../../../dossiers/catalogue.ts';
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { CIVIL_STATUS_LAW, DEATH_EXTRACT, DEATH_NOTICE, INTERCONNECTION_DECREE, t } from '../texts.ts';

export const SERVICE_18: Service = {
  code: GROUPS['death-group'].serviceNumber,
  slug: 'death-group',
  name: GROUPS['death-group'].title,
  owner: OWNERS.justice,
  legalBasis: [
    INTERCONNECTION_DECREE,
    CIVIL_STATUS_LAW,
    'Luật Cư trú 68/2020/QH14',
    'Luật Bảo hiểm xã hội 41/2024/QH15',
  ],
  eidLevel: 2,
  deadlineWorkingDays: GROUPS['death-group'].dueWorkingDays,
  fee: NO_FEE,
  documentsIssued: [
    DEATH_EXTRACT,
    t('Xóa đăng ký thường trú', 'Deletion of the permanent residence'),
    t('Quyết định hưởng trợ cấp mai táng', 'Decision granting the funeral allowance'),
    t('Quyết định hưởng chế độ tử tuất (nếu chọn)', 'Decision on the survivor benefit (if chosen)'),
  ],
  needs: [
    DEATH_NOTICE,
    t('Tài khoản nhận trợ cấp của người lo mai táng', 'The bank account of the person who arranged the funeral'),
  ],
  online: 'full',
  start: { kind: 'group', group: 'death-group' },
};
