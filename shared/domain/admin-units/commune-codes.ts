/**
 * Where each commune-level unit in force lies, by its code alone: what a rule needs to route a dossier or to check an
 * address. The codes weigh about 4 KB in a bundle, where ./communes.ts, with every unit's names and amendments, weighs
 * about 38 KB; only functions that show or search names need that one. A unit keeps its province through every
 * amendment (amendments rename units, they never move or add one), so no date is needed here.
 *
 * The data (./commune-codes-data.ts) is generated from ./communes-data/ by scripts/generate-commune-codes.ts, and
 * test/unit/shared/domain/admin-units/commune-codes.test.ts fails while the two disagree.
 */
import { COMMUNE_CODES } from './commune-codes-data.ts';
import type { ProvinceCode } from './provinces.ts';

export interface CommunePlace {
  /** The 2025 province the unit is in. */
  readonly provinceCode: ProvinceCode;
  /** The pre-2025 province the unit was formed in (see `Commune.legacyProvinceCode`). */
  readonly legacyProvinceCode: string;
}

/** The codes a string of COMMUNE_CODES holds (see commune-codes-data.ts for the encoding). */
export const decodeCodes = (encoded: string): string[] => {
  const codes: string[] = [];
  let code = 0;
  for (let at = 0; at < encoded.length; ) {
    const long = encoded[at] === '-';
    const digits = long ? encoded.slice(at + 1, at + 5) : (encoded[at] as string);
    at += long ? 5 : 1;
    code += Number.parseInt(digits, 36);
    codes.push(String(code).padStart(5, '0'));
  }
  return codes;
};

let places: ReadonlyMap<string, CommunePlace> | undefined;

/** The index, built on the first lookup (about 3,300 entries). */
const index = (): ReadonlyMap<string, CommunePlace> => {
  if (places) return places;
  const built = new Map<string, CommunePlace>();
  for (const [provinceCode, groups] of Object.entries(COMMUNE_CODES)) {
    for (const [legacyProvinceCode, codes] of Object.entries(groups)) {
      const place: CommunePlace = { provinceCode: provinceCode as ProvinceCode, legacyProvinceCode };
      for (const code of decodeCodes(codes)) built.set(code, place);
    }
  }
  places = built;
  return built;
};

/** The province (and legacy province) of a unit in force by its 5-digit code; undefined for an unknown code. */
export const communePlace = (code: string): CommunePlace | undefined => index().get(code);
