/** Service 15: death registration. One entry of the catalogue (../index.ts). */
import { NO_FEE, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { CIVIL_STATUS_DECREE, CIVIL_STATUS_LAW, DEATH_EXTRACT, DEATH_NOTICE, t } from '../texts.ts';

export const SERVICE_15: Service = {
  code: 15,
  slug: 'death-registration',
  name: t('Đăng ký khai tử', 'Death registration'),
  owner: OWNERS.justice,
  legalBasis: [CIVIL_STATUS_LAW, CIVIL_STATUS_DECREE],
  eidLevel: 2,
  deadlineWorkingDays: 0,
  fee: NO_FEE,
  documentsIssued: [DEATH_EXTRACT],
  needs: [DEATH_NOTICE],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/death-registration/dossiers' },
};
