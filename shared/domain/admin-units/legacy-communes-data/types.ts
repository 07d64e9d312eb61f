/**
 * Row of the pre-July-2025 commune list: [5-digit code, official name with its kind, district, codes of the 2025
 * unit(s) it became part of (more than one when it was divided)].
 */
export type LegacyCommuneRow = readonly [
  code: string,
  fullName: string,
  districtName: string,
  successorCodes: readonly string[],
];
