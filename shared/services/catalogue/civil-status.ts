/** Essential services 14–18: civil status, and the two interconnected procedure groups built on it. */
import { GROUPS } from '../../dossiers/catalogue.ts';
import { NO_FEE, OWNERS } from './owners.ts';
import type { Service } from './schema.ts';

const t = (vi: string, en: string) => ({ vi, en });
const CIVIL_STATUS_LAW = 'Luật Hộ tịch 60/2014/QH13';
const CIVIL_STATUS_DECREE = 'Nghị định 87/2020/NĐ-CP';
const INTERCONNECTION_DECREE = 'Nghị định 63/2024/NĐ-CP';
const BIRTH_CERTIFICATE = t('Giấy khai sinh điện tử', 'Electronic birth certificate');
const DEATH_EXTRACT = t('Trích lục khai tử điện tử', 'Electronic death extract');
const HOSPITAL_BIRTH_PAPER = t('Giấy chứng sinh của cơ sở y tế', "The hospital's birth certificate (giấy chứng sinh)");
const DEATH_NOTICE = t('Giấy báo tử hoặc giấy tờ thay giấy báo tử', 'Death notice, or a document standing for one');

export const CIVIL_STATUS_SERVICES: readonly Service[] = [
  {
    code: 14,
    slug: 'birth-registration',
    name: t('Đăng ký khai sinh', 'Birth registration'),
    owner: OWNERS.justice,
    legalBasis: [CIVIL_STATUS_LAW, CIVIL_STATUS_DECREE, 'Luật Căn cước 26/2023/QH15'],
    eidLevel: 2,
    deadlineWorkingDays: 0,
    fee: NO_FEE,
    documentsIssued: [
      BIRTH_CERTIFICATE,
      t('Số định danh cá nhân của trẻ', "The child's personal identification number"),
    ],
    needs: [HOSPITAL_BIRTH_PAPER],
    online: 'full',
    start: { kind: 'dossier', path: '/v1/services/birth-registration/dossiers' },
  },
  {
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
  },
  {
    code: 16,
    slug: 'marriage-registration',
    name: t('Đăng ký kết hôn', 'Marriage registration'),
    owner: OWNERS.justice,
    legalBasis: [CIVIL_STATUS_LAW, CIVIL_STATUS_DECREE, 'Luật Hôn nhân và gia đình 52/2014/QH13'],
    eidLevel: 2,
    deadlineWorkingDays: 0,
    fee: NO_FEE,
    documentsIssued: [t('Giấy chứng nhận kết hôn', 'Marriage certificate')],
    needs: [
      t(
        'Cả hai bên có mặt khi trao giấy chứng nhận kết hôn',
        'Both parties present when the certificate is handed over',
      ),
    ],
    online: 'full',
    start: { kind: 'dossier', path: '/v1/services/marriage-registration/dossiers' },
  },
  {
    code: GROUPS['birth-group'].serviceNumber,
    slug: 'birth-group',
    name: GROUPS['birth-group'].title,
    owner: OWNERS.justice,
    legalBasis: [
      INTERCONNECTION_DECREE,
      CIVIL_STATUS_LAW,
      'Luật Cư trú 68/2020/QH14',
      'Luật Bảo hiểm y tế 25/2008/QH12',
    ],
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
  },
  {
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
  },
];
