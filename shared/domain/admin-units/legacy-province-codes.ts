/**
 * The 63 legacy 3-digit province codes, the valid first three digits of a PIN, without the provinces themselves
 * (./legacy-provinces.ts, whose entries must use exactly these codes): what parsing a PIN needs, in a few hundred
 * bytes of a bundle instead of every province's names.
 */
// biome-ignore format: 63 codes, 14 to a line
export const LEGACY_PROVINCE_CODES = [
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022',
  '024', '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042',
  '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066',
  '067', '068', '070', '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087',
  '089', '091', '092', '093', '094', '095', '096',
] as const;

export type LegacyProvinceCode = (typeof LEGACY_PROVINCE_CODES)[number];

const codes: ReadonlySet<string> = new Set(LEGACY_PROVINCE_CODES);

/** Whether a 3-digit string is one of the 63 legacy province codes (the valid first three digits of a PIN). */
export const isLegacyProvinceCode = (code: string): code is LegacyProvinceCode => codes.has(code);
