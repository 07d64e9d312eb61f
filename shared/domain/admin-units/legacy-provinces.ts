/**
 * The 63 provincial-level units in force until 30 June 2025. Their 3-digit codes live on in every personal
 * identification number (the first three digits name the province where the birth was registered), so they must
 * stay resolvable long after the July 2025 merger into 34 units (Resolution 202/2025/QH15).
 */
import type { LegacyProvinceCode } from './legacy-province-codes.ts';
import { findProvince, type Province, type ProvinceCode } from './provinces.ts';

export { isLegacyProvinceCode, LEGACY_PROVINCE_CODES, type LegacyProvinceCode } from './legacy-province-codes.ts';

export interface LegacyProvince {
  /** 3-digit code as used in PINs (the 2-digit statistical code with a leading zero). */
  readonly code: LegacyProvinceCode;
  readonly name: string;
  readonly nameAscii: string;
  /** Centrally-run city or province, as on 30 June 2025. */
  readonly kind: 'city' | 'province';
  /** The 2-digit unit it became part of on 2025-07-01. */
  readonly newProvinceCode: ProvinceCode;
}

/** First day of the 34-unit map. */
export const PROVINCE_MERGER_DATE = '2025-07-01';
/** Last day the 63 legacy provinces were in force. */
export const LEGACY_PROVINCES_UNTIL = '2025-06-30';

export const LEGACY_PROVINCES = [
  { code: '001', name: 'Hà Nội', nameAscii: 'Ha Noi', kind: 'city', newProvinceCode: '01' },
  { code: '002', name: 'Hà Giang', nameAscii: 'Ha Giang', kind: 'province', newProvinceCode: '08' },
  { code: '004', name: 'Cao Bằng', nameAscii: 'Cao Bang', kind: 'province', newProvinceCode: '04' },
  { code: '006', name: 'Bắc Kạn', nameAscii: 'Bac Kan', kind: 'province', newProvinceCode: '19' },
  { code: '008', name: 'Tuyên Quang', nameAscii: 'Tuyen Quang', kind: 'province', newProvinceCode: '08' },
  { code: '010', name: 'Lào Cai', nameAscii: 'Lao Cai', kind: 'province', newProvinceCode: '15' },
  { code: '011', name: 'Điện Biên', nameAscii: 'Dien Bien', kind: 'province', newProvinceCode: '11' },
  { code: '012', name: 'Lai Châu', nameAscii: 'Lai Chau', kind: 'province', newProvinceCode: '12' },
  { code: '014', name: 'Sơn La', nameAscii: 'Son La', kind: 'province', newProvinceCode: '14' },
  { code: '015', name: 'Yên Bái', nameAscii: 'Yen Bai', kind: 'province', newProvinceCode: '15' },
  { code: '017', name: 'Hòa Bình', nameAscii: 'Hoa Binh', kind: 'province', newProvinceCode: '25' },
  { code: '019', name: 'Thái Nguyên', nameAscii: 'Thai Nguyen', kind: 'province', newProvinceCode: '19' },
  { code: '020', name: 'Lạng Sơn', nameAscii: 'Lang Son', kind: 'province', newProvinceCode: '20' },
  { code: '022', name: 'Quảng Ninh', nameAscii: 'Quang Ninh', kind: 'province', newProvinceCode: '22' },
  { code: '024', name: 'Bắc Giang', nameAscii: 'Bac Giang', kind: 'province', newProvinceCode: '24' },
  { code: '025', name: 'Phú Thọ', nameAscii: 'Phu Tho', kind: 'province', newProvinceCode: '25' },
  { code: '026', name: 'Vĩnh Phúc', nameAscii: 'Vinh Phuc', kind: 'province', newProvinceCode: '25' },
  { code: '027', name: 'Bắc Ninh', nameAscii: 'Bac Ninh', kind: 'province', newProvinceCode: '24' },
  { code: '030', name: 'Hải Dương', nameAscii: 'Hai Duong', kind: 'province', newProvinceCode: '31' },
  { code: '031', name: 'Hải Phòng', nameAscii: 'Hai Phong', kind: 'city', newProvinceCode: '31' },
  { code: '033', name: 'Hưng Yên', nameAscii: 'Hung Yen', kind: 'province', newProvinceCode: '33' },
  { code: '034', name: 'Thái Bình', nameAscii: 'Thai Binh', kind: 'province', newProvinceCode: '33' },
  { code: '035', name: 'Hà Nam', nameAscii: 'Ha Nam', kind: 'province', newProvinceCode: '37' },
  { code: '036', name: 'Nam Định', nameAscii: 'Nam Dinh', kind: 'province', newProvinceCode: '37' },
  { code: '037', name: 'Ninh Bình', nameAscii: 'Ninh Binh', kind: 'province', newProvinceCode: '37' },
  { code: '038', name: 'Thanh Hóa', nameAscii: 'Thanh Hoa', kind: 'province', newProvinceCode: '38' },
  { code: '040', name: 'Nghệ An', nameAscii: 'Nghe An', kind: 'province', newProvinceCode: '40' },
  { code: '042', name: 'Hà Tĩnh', nameAscii: 'Ha Tinh', kind: 'province', newProvinceCode: '42' },
  { code: '044', name: 'Quảng Bình', nameAscii: 'Quang Binh', kind: 'province', newProvinceCode: '44' },
  { code: '045', name: 'Quảng Trị', nameAscii: 'Quang Tri', kind: 'province', newProvinceCode: '44' },
  // A province until 31 Dec 2024, then the centrally-run city of Huế (Resolution 175/2024/QH15); same code.
  { code: '046', name: 'Thừa Thiên Huế', nameAscii: 'Thua Thien Hue', kind: 'city', newProvinceCode: '46' },
  { code: '048', name: 'Đà Nẵng', nameAscii: 'Da Nang', kind: 'city', newProvinceCode: '48' },
  { code: '049', name: 'Quảng Nam', nameAscii: 'Quang Nam', kind: 'province', newProvinceCode: '48' },
  { code: '051', name: 'Quảng Ngãi', nameAscii: 'Quang Ngai', kind: 'province', newProvinceCode: '51' },
  { code: '052', name: 'Bình Định', nameAscii: 'Binh Dinh', kind: 'province', newProvinceCode: '52' },
  { code: '054', name: 'Phú Yên', nameAscii: 'Phu Yen', kind: 'province', newProvinceCode: '66' },
  { code: '056', name: 'Khánh Hòa', nameAscii: 'Khanh Hoa', kind: 'province', newProvinceCode: '56' },
  { code: '058', name: 'Ninh Thuận', nameAscii: 'Ninh Thuan', kind: 'province', newProvinceCode: '56' },
  { code: '060', name: 'Bình Thuận', nameAscii: 'Binh Thuan', kind: 'province', newProvinceCode: '68' },
  { code: '062', name: 'Kon Tum', nameAscii: 'Kon Tum', kind: 'province', newProvinceCode: '51' },
  { code: '064', name: 'Gia Lai', nameAscii: 'Gia Lai', kind: 'province', newProvinceCode: '52' },
  { code: '066', name: 'Đắk Lắk', nameAscii: 'Dak Lak', kind: 'province', newProvinceCode: '66' },
  { code: '067', name: 'Đắk Nông', nameAscii: 'Dak Nong', kind: 'province', newProvinceCode: '68' },
  { code: '068', name: 'Lâm Đồng', nameAscii: 'Lam Dong', kind: 'province', newProvinceCode: '68' },
  { code: '070', name: 'Bình Phước', nameAscii: 'Binh Phuoc', kind: 'province', newProvinceCode: '75' },
  { code: '072', name: 'Tây Ninh', nameAscii: 'Tay Ninh', kind: 'province', newProvinceCode: '80' },
  { code: '074', name: 'Bình Dương', nameAscii: 'Binh Duong', kind: 'province', newProvinceCode: '79' },
  { code: '075', name: 'Đồng Nai', nameAscii: 'Dong Nai', kind: 'province', newProvinceCode: '75' },
  { code: '077', name: 'Bà Rịa - Vũng Tàu', nameAscii: 'Ba Ria - Vung Tau', kind: 'province', newProvinceCode: '79' },
  { code: '079', name: 'Hồ Chí Minh', nameAscii: 'Ho Chi Minh', kind: 'city', newProvinceCode: '79' },
  { code: '080', name: 'Long An', nameAscii: 'Long An', kind: 'province', newProvinceCode: '80' },
  { code: '082', name: 'Tiền Giang', nameAscii: 'Tien Giang', kind: 'province', newProvinceCode: '82' },
  { code: '083', name: 'Bến Tre', nameAscii: 'Ben Tre', kind: 'province', newProvinceCode: '86' },
  { code: '084', name: 'Trà Vinh', nameAscii: 'Tra Vinh', kind: 'province', newProvinceCode: '86' },
  { code: '086', name: 'Vĩnh Long', nameAscii: 'Vinh Long', kind: 'province', newProvinceCode: '86' },
  { code: '087', name: 'Đồng Tháp', nameAscii: 'Dong Thap', kind: 'province', newProvinceCode: '82' },
  { code: '089', name: 'An Giang', nameAscii: 'An Giang', kind: 'province', newProvinceCode: '91' },
  { code: '091', name: 'Kiên Giang', nameAscii: 'Kien Giang', kind: 'province', newProvinceCode: '91' },
  { code: '092', name: 'Cần Thơ', nameAscii: 'Can Tho', kind: 'city', newProvinceCode: '92' },
  { code: '093', name: 'Hậu Giang', nameAscii: 'Hau Giang', kind: 'province', newProvinceCode: '92' },
  { code: '094', name: 'Sóc Trăng', nameAscii: 'Soc Trang', kind: 'province', newProvinceCode: '92' },
  { code: '095', name: 'Bạc Liêu', nameAscii: 'Bac Lieu', kind: 'province', newProvinceCode: '96' },
  { code: '096', name: 'Cà Mau', nameAscii: 'Ca Mau', kind: 'province', newProvinceCode: '96' },
] as const satisfies readonly LegacyProvince[];

const byCode = /* @__PURE__ */ new Map<string, LegacyProvince>(
  /* @__PURE__ */ LEGACY_PROVINCES.map((p) => [p.code, p]),
);

/** The legacy province with a 3-digit code, e.g. to show "born in Hà Nam" for a PIN starting 035. */
export const findLegacyProvince = (code: string): LegacyProvince | undefined => byCode.get(code);

/**
 * The 2025 provincial unit a legacy province became part of (Hà Nam 035 → Ninh Bình 37). Only a statement about
 * territory: a PIN's first digits name the birth-registration province, never where the person lives now.
 */
export const newProvinceForLegacyCode = (code: string): Province | undefined => {
  const legacy = byCode.get(code);
  return legacy ? findProvince(legacy.newProvinceCode) : undefined;
};

/** The legacy provinces that form a 2025 unit, in the order of its mergedLegacyCodes (name-giver first). */
export const legacyProvincesOf = (newProvinceCode: string): readonly LegacyProvince[] =>
  (findProvince(newProvinceCode)?.mergedLegacyCodes ?? []).flatMap((code) => {
    const legacy = byCode.get(code);
    return legacy ? [legacy] : [];
  });
