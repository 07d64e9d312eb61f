/** Service 12: criminal-record certificate. One entry of the catalogue (../index.ts). */
import { byAge, declaredGrounds } from '../exemptions.ts';
import { configuredFeeNote, OWNERS } from '../owners.ts';
import type { Service } from '../schema.ts';
import { CRIMINAL_RECORD_FEES, t } from '../texts.ts';

const CRIMINAL_RECORD_GROUNDS = declaredGrounds(CRIMINAL_RECORD_FEES);

export const SERVICE_12: Service = {
  code: 12,
  slug: 'criminal-record-certificate',
  name: t('Cấp phiếu lý lịch tư pháp', 'Criminal-record certificate'),
  owner: OWNERS.publicSecurity,
  legalBasis: ['Luật Lý lịch tư pháp 28/2009/QH12', 'Nghị định 111/2010/NĐ-CP'],
  eidLevel: 2,
  deadlineWorkingDays: 10,
  fee: {
    amountVnd: 200_000,
    exemptions: [
      byAge('child', t('Trẻ em (dưới 16 tuổi)', 'Children (under 16)'), CRIMINAL_RECORD_FEES, { under: 16 }),
      byAge('elderly', t('Người cao tuổi (từ đủ 60 tuổi)', 'Elderly people (60 or over)'), CRIMINAL_RECORD_FEES, {
        atLeast: 60,
      }),
      CRIMINAL_RECORD_GROUNDS.disability,
      CRIMINAL_RECORD_GROUNDS.poorHousehold,
      CRIMINAL_RECORD_GROUNDS.revolutionMerit,
    ],
    note: configuredFeeNote('Thông tư 244/2016/TT-BTC'),
  },
  documentsIssued: [t('Phiếu lý lịch tư pháp (số 1 hoặc số 2)', 'Criminal-record certificate (form 1 or 2)')],
  needs: [t('Mục đích sử dụng phiếu', 'What the certificate is for')],
  online: 'full',
  start: { kind: 'dossier', path: '/v1/services/criminal-record-certificate/dossiers' },
};
