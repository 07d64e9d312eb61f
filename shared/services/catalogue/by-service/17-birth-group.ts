/** Service 17: the birth group of interconnected procedures. One entry of the catalogue (../index.ts). */

import { GROUPS } from '../../../dossiers/catalogue.ts';
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { BIRTH_CERTIFICATE, CIVIL_STATUS_LAW, HOSPITAL_BIRTH_PAPER, INTERCONNECTION_DECREE, t } from '../texts.ts';

export const SERVICE_17: Service = {
  code: GROUPS['birth-group'].serviceNumber,
  slug: 'birth-group',
  name: GROUPS['birth-group'].title,
  owner: OWNERS.justice,
  legalBasis: [INTERCONNECTION_DECREE, CIVIL_STATUS_LAW, 'Luật Cư trú 68/2020/QH14', 'Luật Bảo hiểm y tế 25/2008/QH12'],
  eidLevel: 2,
  deadlineWorkingDays: GROUPS['birth-group'].dueWorkingDays,
  fee: NO_FEE,
  documentsIssued: [
    BIRTH_CERTIFICATE,
    t('Số định danh cá nhân của trẻ', "The child's personal identification number"),
    t('Thông báo đăng ký thường trú', 'Notice of the registered permanent residence'),
    t('Thẻ bảo hiểm y tế điện tử (mã TE)', 'Electronic health-insurance card (category TE)'),
  ],
  needs: [
    HOSPITAL_BIRTH_PAPER,
    t('Ý kiến đồng ý của chủ hộ nơi trẻ đăng ký thường trú', 'Consent of the head of the household the child joins'),
  ],
  online: 'full',
  start: { kind: 'group', group: 'birth-group' },
};
