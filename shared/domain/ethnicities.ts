/**
 * The 54 ethnic groups of Vietnam as the General Statistics Office lists them (Decision 121-TCTK/PPCĐ, 1979; the
 * list the NPDB records `ethnicity` against). A correction of a citizen's ethnicity must name one of them; spellings
 * differ (with or without diacritics, "Ê Đê" or "Ê-đê"), so a name is matched on its folded form and stored in the
 * spelling below.
 */
import { foldForSearch } from './names.ts';

export const ETHNIC_GROUPS = [
  'Kinh',
  'Tày',
  'Thái',
  'Mường',
  'Khmer',
  'Hoa',
  'Nùng',
  'Mông',
  'Dao',
  'Gia Rai',
  'Ê Đê',
  'Ba Na',
  'Sán Chay',
  'Chăm',
  'Cơ Ho',
  'Xơ Đăng',
  'Sán Dìu',
  'Hrê',
  'Ra Glai',
  'Mnông',
  'Thổ',
  'Xtiêng',
  'Khơ Mú',
  'Bru-Vân Kiều',
  'Cơ Tu',
  'Giáy',
  'Tà Ôi',
  'Mạ',
  'Giẻ-Triêng',
  'Co',
  'Chơ Ro',
  'Xinh Mun',
  'Hà Nhì',
  'Chu Ru',
  'Lào',
  'La Chí',
  'Kháng',
  'Phù Lá',
  'La Hủ',
  'La Ha',
  'Pà Thẻn',
  'Lự',
  'Ngái',
  'Chứt',
  'Lô Lô',
  'Mảng',
  'Cơ Lao',
  'Bố Y',
  'Cống',
  'Si La',
  'Pu Péo',
  'Rơ Măm',
  'Brâu',
  'Ơ Đu',
] as const;

const fold = (name: string) => foldForSearch(name.replace(/-/g, ' '));
const BY_FOLDED = new Map<string, string>(ETHNIC_GROUPS.map((name) => [fold(name), name]));

/** The listed spelling of an ethnic group named in any common spelling, or undefined if it is not one of the 54. */
export const ethnicGroupNamed = (name: string): string | undefined => BY_FOLDED.get(fold(name));
