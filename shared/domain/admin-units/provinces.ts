/**
 * The 34 provincial-level units in force since 1 July 2025 (Resolution 202/2025/QH15, codes from
 * Decision 19/2025/QĐ-TTg). `mergedLegacyCodes` lists the 3-digit codes of the pre-2025 provinces that
 * form the unit; the first one is the province whose name the new unit kept (its 2-digit code may be
 * another member's: Lào Cai is now 15, Yên Bái's old code).
 */
export interface Province {
  readonly code: string;
  readonly name: string;
  readonly nameAscii: string;
  readonly kind: 'city' | 'province';
  readonly mergedLegacyCodes: readonly string[];
}

export const PROVINCES = [
  { code: '01', name: 'Hà Nội', nameAscii: 'Ha Noi', kind: 'city', mergedLegacyCodes: ['001'] },
  { code: '04', name: 'Cao Bằng', nameAscii: 'Cao Bang', kind: 'province', mergedLegacyCodes: ['004'] },
  { code: '08', name: 'Tuyên Quang', nameAscii: 'Tuyen Quang', kind: 'province', mergedLegacyCodes: ['008', '002'] },
  { code: '11', name: 'Điện Biên', nameAscii: 'Dien Bien', kind: 'province', mergedLegacyCodes: ['011'] },
  { code: '12', name: 'Lai Châu', nameAscii: 'Lai Chau', kind: 'province', mergedLegacyCodes: ['012'] },
  { code: '14', name: 'Sơn La', nameAscii: 'Son La', kind: 'province', mergedLegacyCodes: ['014'] },
  { code: '15', name: 'Lào Cai', nameAscii: 'Lao Cai', kind: 'province', mergedLegacyCodes: ['010', '015'] },
  { code: '19', name: 'Thái Nguyên', nameAscii: 'Thai Nguyen', kind: 'province', mergedLegacyCodes: ['019', '006'] },
  { code: '20', name: 'Lạng Sơn', nameAscii: 'Lang Son', kind: 'province', mergedLegacyCodes: ['020'] },
  { code: '22', name: 'Quảng Ninh', nameAscii: 'Quang Ninh', kind: 'province', mergedLegacyCodes: ['022'] },
  { code: '24', name: 'Bắc Ninh', nameAscii: 'Bac Ninh', kind: 'province', mergedLegacyCodes: ['027', '024'] },
  { code: '25', name: 'Phú Thọ', nameAscii: 'Phu Tho', kind: 'province', mergedLegacyCodes: ['025', '026', '017'] },
  { code: '31', name: 'Hải Phòng', nameAscii: 'Hai Phong', kind: 'city', mergedLegacyCodes: ['031', '030'] },
  { code: '33', name: 'Hưng Yên', nameAscii: 'Hung Yen', kind: 'province', mergedLegacyCodes: ['033', '034'] },
  { code: '37', name: 'Ninh Bình', nameAscii: 'Ninh Binh', kind: 'province', mergedLegacyCodes: ['037', '035', '036'] },
  { code: '38', name: 'Thanh Hóa', nameAscii: 'Thanh Hoa', kind: 'province', mergedLegacyCodes: ['038'] },
  { code: '40', name: 'Nghệ An', nameAscii: 'Nghe An', kind: 'province', mergedLegacyCodes: ['040'] },
  { code: '42', name: 'Hà Tĩnh', nameAscii: 'Ha Tinh', kind: 'province', mergedLegacyCodes: ['042'] },
  { code: '44', name: 'Quảng Trị', nameAscii: 'Quang Tri', kind: 'province', mergedLegacyCodes: ['045', '044'] },
  { code: '46', name: 'Huế', nameAscii: 'Hue', kind: 'city', mergedLegacyCodes: ['046'] },
  { code: '48', name: 'Đà Nẵng', nameAscii: 'Da Nang', kind: 'city', mergedLegacyCodes: ['048', '049'] },
  { code: '51', name: 'Quảng Ngãi', nameAscii: 'Quang Ngai', kind: 'province', mergedLegacyCodes: ['051', '062'] },
  { code: '52', name: 'Gia Lai', nameAscii: 'Gia Lai', kind: 'province', mergedLegacyCodes: ['064', '052'] },
  { code: '56', name: 'Khánh Hòa', nameAscii: 'Khanh Hoa', kind: 'province', mergedLegacyCodes: ['056', '058'] },
  { code: '66', name: 'Đắk Lắk', nameAscii: 'Dak Lak', kind: 'province', mergedLegacyCodes: ['066', '054'] },
  { code: '68', name: 'Lâm Đồng', nameAscii: 'Lam Dong', kind: 'province', mergedLegacyCodes: ['068', '067', '060'] },
  { code: '75', name: 'Đồng Nai', nameAscii: 'Dong Nai', kind: 'province', mergedLegacyCodes: ['075', '070'] },
  {
    code: '79',
    name: 'Thành phố Hồ Chí Minh',
    nameAscii: 'Ho Chi Minh City',
    kind: 'city',
    mergedLegacyCodes: ['079', '074', '077'],
  },
  { code: '80', name: 'Tây Ninh', nameAscii: 'Tay Ninh', kind: 'province', mergedLegacyCodes: ['072', '080'] },
  { code: '82', name: 'Đồng Tháp', nameAscii: 'Dong Thap', kind: 'province', mergedLegacyCodes: ['087', '082'] },
  { code: '86', name: 'Vĩnh Long', nameAscii: 'Vinh Long', kind: 'province', mergedLegacyCodes: ['086', '083', '084'] },
  { code: '91', name: 'An Giang', nameAscii: 'An Giang', kind: 'province', mergedLegacyCodes: ['089', '091'] },
  { code: '92', name: 'Cần Thơ', nameAscii: 'Can Tho', kind: 'city', mergedLegacyCodes: ['092', '094', '093'] },
  { code: '96', name: 'Cà Mau', nameAscii: 'Ca Mau', kind: 'province', mergedLegacyCodes: ['096', '095'] },
] as const satisfies readonly Province[];

export type ProvinceCode = (typeof PROVINCES)[number]['code'];

export const PROVINCE_CODES: readonly ProvinceCode[] = /* @__PURE__ */ PROVINCES.map((p) => p.code);

/** The 2022 pilot provinces of the interconnected groups: Hà Nội and Ninh Bình (which absorbed Hà Nam). */
export const PILOT_PROVINCE_CODES: readonly ProvinceCode[] = ['01', '37'];

// Marked pure so that a bundle that imports this module without calling it leaves it out (esbuild keeps top-level
// calls otherwise).
const byCode = /* @__PURE__ */ new Map<string, Province>(/* @__PURE__ */ PROVINCES.map((p) => [p.code, p]));

export const isProvinceCode = (code: string): code is ProvinceCode => byCode.has(code);

export const findProvince = (code: string): Province | undefined => byCode.get(code);
