/**
 * The 10,035 commune-level units of the 63 legacy provinces as they stood on 2025-06-30, and what each became on
 * 2025-07-01 (one unit, or several when it was divided). Residence records and old documents carry these codes,
 * and codes were reused (00004 is Phường Trúc Bạch until 2025-06-30 and Phường Ba Đình from 2025-07-01), so every
 * question here takes a date. Sources, checks and corrections: SOURCES.md.
 *
 * The tables are read on first use from a data file (./legacy-communes-compact.ts says where it is, about 145 KB), a
 * compact form of the readable tables in ./legacy-communes-data/ (about 265 KB), which stay the source, and decoded
 * one legacy province at a time.
 */
import { assertIsoDate } from '../dates.ts';
import { type Commune, findCommune, splitKind } from './communes.ts';
import { legacyCommunesCompact } from './legacy-communes-compact.ts';
import { findLegacyProvince, LEGACY_PROVINCES_UNTIL, PROVINCE_MERGER_DATE } from './legacy-provinces.ts';
import { findProvince } from './provinces.ts';

/** Before July 2025 there were also thị trấn (townships, the seat of a rural district). */
export type LegacyCommuneKind = 'ward' | 'commune' | 'township';

/** A commune-level unit of the three-level system in force until 2025-06-30. */
export interface LegacyCommune {
  readonly code: string;
  readonly name: string;
  readonly fullName: string;
  readonly kind: LegacyCommuneKind;
  /** Quận, huyện, thị xã or thành phố thuộc tỉnh, e.g. "Quận Ba Đình". */
  readonly districtName: string;
  readonly legacyProvinceCode: string;
  readonly effectiveUntil: string;
}

/** What a pre-2025 commune became on 2025-07-01. */
export interface LegacyCommuneMapping {
  readonly legacy: LegacyCommune;
  /** The 2025 unit(s), as first established; more than one when the old commune was divided. */
  readonly successors: readonly Commune[];
  readonly split: boolean;
  /** One sentence for a person, e.g. to show next to an old address. */
  readonly note: string;
}

/** The unit an address code denotes on a date: an old commune before 1 July 2025, a 2025 unit from then on. */
export type AddressUnit =
  | { readonly era: 'before-2025-07'; readonly commune: LegacyCommune }
  | { readonly era: 'from-2025-07'; readonly commune: Commune };

/** Which unit an address recorded under an old commune code belongs to on a date. */
export interface LegacyCodeResolution {
  readonly date: string;
  readonly legacy: LegacyCommune;
  /** `legacy`: the old commune was still in force that day. `successors`: the 2025 unit(s) in force that day. */
  readonly inForce: 'legacy' | 'successors';
  /** Empty before 2025-07-01; otherwise the version in force on `date` of each unit the old commune went to. */
  readonly units: readonly Commune[];
  /** True when the old commune was divided: the street address decides which of `units` applies. */
  readonly split: boolean;
  readonly note: string;
}

const KIND_BY_LETTER: Readonly<Record<string, string>> = { P: 'Phường ', X: 'Xã ', T: 'Thị trấn ' };
const LEGACY_KIND_PREFIXES: readonly (readonly [string, LegacyCommuneKind])[] = [
  ['Phường ', 'ward'],
  ['Xã ', 'commune'],
  ['Thị trấn ', 'township'],
];

interface Entry {
  readonly commune: LegacyCommune;
  readonly successorCodes: readonly string[];
}
interface ProvinceTable {
  readonly byCode: ReadonlyMap<string, Entry>;
  readonly communes: readonly LegacyCommune[];
  readonly predecessors: ReadonlyMap<string, readonly LegacyCommune[]>;
}

/** A district (`=` and its name's syllables) or a unit (see legacy-communes-compact.ts for the format). */
const COMPACT_LINE = /=([0-9a-z]+)|([PXT])(-[0-9a-z]{3}|[0-9a-z])([0-9a-z]+)>([0-9a-z]+)/y;

const fromBase36 = (digits: string): number => Number.parseInt(digits, 36);

/** Groups of three base-36 digits as numbers; undefined when the length is not a multiple of three. */
const threes = (digits: string): number[] | undefined =>
  digits.length % 3 === 0 ? (digits.match(/.{3}/g) ?? []).map(fromBase36) : undefined;

const codeOf = (value: number): string => String(value).padStart(5, '0');

/** The unit's code from the previous unit's code and the encoded gap. */
const nextCode = (previous: number, gap: string): number =>
  previous + fromBase36(gap.startsWith('-') ? gap.slice(1) : gap);

/**
 * The units of a compact table, in order, with the district each lies in. Throws on anything it cannot read, so a
 * damaged table fails the first lookup instead of answering with a wrong name.
 */
export const decodeLegacyTable = (
  legacyProvinceCode: string,
  table: string,
  syllables: readonly string[],
): { readonly commune: LegacyCommune; readonly successorCodes: readonly string[] }[] => {
  const fail = (at: number): never => {
    throw new Error(`Legacy commune data error in ${legacyProvinceCode} at ${at}: ${table.slice(at, at + 24)}`);
  };
  const words = (digits: string, at: number): string => {
    const parts = threes(digits)?.map((i) => syllables[i]);
    if (!parts || parts.length === 0 || parts.some((w) => w === undefined)) return fail(at);
    return parts.join(' ');
  };
  const units: { commune: LegacyCommune; successorCodes: string[] }[] = [];
  let districtName = '';
  let code = 0;
  // Sticky: each match must start where the previous one ended, so nothing between entries is skipped unread.
  const line = new RegExp(COMPACT_LINE);
  for (let at = 0; at < table.length; at = line.lastIndex) {
    const match = line.exec(table);
    if (!match) return fail(at);
    const [, district, letter, gap, name, successors] = match;
    if (district !== undefined) {
      districtName = words(district, at);
      continue;
    }
    const prefix = KIND_BY_LETTER[letter as string];
    const successorValues = threes(successors as string);
    if (prefix === undefined || !successorValues || successorValues.length === 0) return fail(at);
    code = nextCode(code, gap as string);
    const fullName = `${prefix}${words(name as string, at)}`;
    const [kind, shortName] = splitKind(fullName, LEGACY_KIND_PREFIXES);
    units.push({
      commune: {
        code: codeOf(code),
        name: shortName,
        fullName,
        kind,
        districtName,
        legacyProvinceCode,
        effectiveUntil: LEGACY_PROVINCES_UNTIL,
      },
      successorCodes: successorValues.map(codeOf),
    });
  }
  return units;
};

const decodeProvince = (legacyProvinceCode: string, table: string): ProvinceTable => {
  const { syllables } = legacyCommunesCompact();
  const byCode = new Map<string, Entry>();
  const communes: LegacyCommune[] = [];
  const predecessors = new Map<string, LegacyCommune[]>();
  for (const entry of decodeLegacyTable(legacyProvinceCode, table, syllables)) {
    byCode.set(entry.commune.code, entry);
    communes.push(entry.commune);
    for (const successor of entry.successorCodes) {
      predecessors.set(successor, [...(predecessors.get(successor) ?? []), entry.commune]);
    }
  }
  return { byCode, communes, predecessors };
};

/** Tables are decoded one legacy province at a time, when first asked about. */
const decoded = new Map<string, ProvinceTable>();
const provinceTable = (legacyProvinceCode: string): ProvinceTable | undefined => {
  const cached = decoded.get(legacyProvinceCode);
  if (cached) return cached;
  const table = legacyCommunesCompact().provinces[legacyProvinceCode];
  if (table === undefined) return undefined;
  const result = decodeProvince(legacyProvinceCode, table);
  decoded.set(legacyProvinceCode, result);
  return result;
};

/**
 * Which table holds a code. Codes were allotted province by province but not in one block each (Hà Tây's communes
 * kept their codes inside Hà Nội in 2008), so the index is built from the codes themselves (their gaps), without
 * decoding names.
 */
let provinceByCode: Map<string, string> | undefined;
const entryOf = (code: string): Entry | undefined => {
  if (!provinceByCode) {
    provinceByCode = new Map();
    for (const [province, table] of Object.entries(legacyCommunesCompact().provinces)) {
      let value = 0;
      for (const match of table.matchAll(/[PXT](-[0-9a-z]{3}|[0-9a-z])/g)) {
        value = nextCode(value, match[1] as string);
        provinceByCode.set(codeOf(value), province);
      }
    }
  }
  const province = provinceByCode.get(code);
  return province === undefined ? undefined : provinceTable(province)?.byCode.get(code);
};

/** A pre-2025 commune by its 5-digit code; undefined for codes not in force on 2025-06-30. */
export const findLegacyCommune = (code: string): LegacyCommune | undefined => entryOf(code)?.commune;

/** The pre-2025 communes of a legacy province (3-digit code), by code. */
export const legacyCommunesOfProvince = (legacyProvinceCode: string): readonly LegacyCommune[] =>
  provinceTable(legacyProvinceCode)?.communes ?? [];

/** The pre-2025 communes (or parts of them) that a 2025 unit was formed from; empty for the island zones. */
export const predecessorsOf = (newCode: string): readonly LegacyCommune[] => {
  const unit = findCommune(newCode);
  const legacyProvinces = unit ? (findProvince(unit.provinceCode)?.mergedLegacyCodes ?? []) : [];
  return legacyProvinces.flatMap((p) => provinceTable(p)?.predecessors.get(newCode) ?? []);
};

const listNames = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

const describeLegacy = (legacy: LegacyCommune): string =>
  `${legacy.fullName} (${legacy.districtName}, ${findLegacyProvince(legacy.legacyProvinceCode)?.name ?? legacy.legacyProvinceCode})`;

/**
 * What a pre-2025 commune became on 2025-07-01: one unit when it was merged whole, several when it was divided
 * (then the street address decides, which only the commune police can settle). Undefined for unknown codes.
 */
export const mapLegacyCommune = (oldCode: string): LegacyCommuneMapping | undefined => {
  const entry = entryOf(oldCode);
  if (!entry) return undefined;
  const successors = entry.successorCodes.map((code) => {
    const commune = findCommune(code, PROVINCE_MERGER_DATE);
    if (!commune) throw new Error(`Legacy commune data error: ${oldCode} maps to unknown code ${code}.`);
    return commune;
  });
  const legacy = entry.commune;
  const names = successors.map((s) => s.fullName);
  const split = successors.length > 1;
  const newProvince = successors[0] ? findProvince(successors[0].provinceCode)?.name : undefined;
  const note = split
    ? `${describeLegacy(legacy)} was divided on ${PROVINCE_MERGER_DATE} between ${listNames(names)} (${newProvince}); ` +
      'the street address decides which one an address now belongs to.'
    : `${describeLegacy(legacy)} became part of ${names[0]} (${newProvince}) on ${PROVINCE_MERGER_DATE}.`;
  return { legacy, successors, split, note };
};

/**
 * The unit a commune code denoted on a date: before 2025-07-01 the old commune, from then on the 2025 unit in force
 * that day. Undefined when the code denoted nothing on that date. Throws on a malformed date.
 */
export const resolveAddressUnit = (code: string, onDate: string): AddressUnit | undefined => {
  const date = assertIsoDate(onDate);
  if (date < PROVINCE_MERGER_DATE) {
    const legacy = findLegacyCommune(code);
    return legacy ? { era: 'before-2025-07', commune: legacy } : undefined;
  }
  const commune = findCommune(code, date);
  return commune ? { era: 'from-2025-07', commune } : undefined;
};

/**
 * Which unit an address recorded under the old commune code `oldCode` belongs to on `onDate`: the old commune
 * itself before 2025-07-01, afterwards the version in force that day of the unit(s) it became. Undefined for codes
 * that were not a commune on 2025-06-30. Throws on a malformed date.
 */
export const resolveLegacyCode = (oldCode: string, onDate: string): LegacyCodeResolution | undefined => {
  const date = assertIsoDate(onDate);
  const mapping = mapLegacyCommune(oldCode);
  if (!mapping) return undefined;
  const { legacy, split } = mapping;
  if (date < PROVINCE_MERGER_DATE) {
    return {
      date,
      legacy,
      inForce: 'legacy',
      units: [],
      split,
      note: `On ${date} ${describeLegacy(legacy)} was in force (until ${LEGACY_PROVINCES_UNTIL}). ${mapping.note}`,
    };
  }
  const units = mapping.successors.flatMap((s) => {
    const version = findCommune(s.code, date);
    return version ? [version] : [];
  });
  const renamed = units.filter((u) => u.effectiveFrom > PROVINCE_MERGER_DATE).map((u) => `now ${u.fullName}`);
  return {
    date,
    legacy,
    inForce: 'successors',
    units,
    split,
    note: renamed.length > 0 ? `${mapping.note} On ${date}: ${renamed.join(', ')}.` : mapping.note,
  };
};
