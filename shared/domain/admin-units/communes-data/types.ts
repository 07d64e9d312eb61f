/** Row of the 2025 commune list: [5-digit code, official name with its kind, legacy province code (see Commune)]. */
export type CommuneRow = readonly [code: string, fullName: string, legacyProvinceCode: string];

/** A later change to a 2025 unit that keeps its code: [code, official name from that day, effective from, legal basis]. */
export type CommuneAmendmentRow = readonly [code: string, fullName: string, effectiveFrom: string, basis: string];
