/**
 * Commune-level units (xã, phường, đặc khu) with effective dates. On 1 July 2025 about 10,000 communes under 696
 * districts became 3,321 units directly under 34 provinces (codes from Decision 19/2025/QĐ-TTg). Residence
 * records keep the commune code that was in force when they were written, so every lookup here takes a date:
 * an old code keeps resolving to the old unit for old dates, and `mapLegacyCommune` says what it became.
 *
 * Coverage (see SOURCES.md): all 3,321 units of 2025 and later amendments; pre-2025 units in full for Hà Nội (001)
 * and the three provinces that form Ninh Bình (035, 036, 037), and a checked sample of five for each other one.
 */

import { addDays, assertIsoDate } from '../dates.ts';
import { foldForSearch } from '../names.ts';
import { COMMUNE_AMENDMENTS } from './communes-data/amendments.ts';
import { COMMUNE_ROWS_BY_PROVINCE } from './communes-data/index.ts';
import { LEGACY_COMMUNES_001 } from './legacy-communes-data/001.ts';
import { LEGACY_COMMUNES_035 } from './legacy-communes-data/035.ts';
import { LEGACY_COMMUNES_036 } from './legacy-communes-data/036.ts';
import { LEGACY_COMMUNES_037 } from './legacy-communes-data/037.ts';
import { LEGACY_COMMUNE_SAMPLES } from './legacy-communes-data/samples.ts';
import type { LegacyCommuneRow } from './legacy-communes-data/types.ts';
import { findLegacyProvince, LEGACY_PROVINCES_UNTIL, PROVINCE_MERGER_DATE } from './legacy-provinces.ts';
import { findProvince, isProvinceCode, type ProvinceCode } from './provinces.ts';

/** Phường (urban ward), xã (rural commune) or đặc khu (island special zone). */
export type CommuneKind = 'ward' | 'commune' | 'special-zone';
/** Before July 2025 there were also thị trấn (townships, the seat of a rural district). */
export type LegacyCommuneKind = 'ward' | 'commune' | 'township';

/** One version of a commune-level unit of the two-level system in force since 2025-07-01. */
export interface Commune {
  readonly code: string;
  /** Name without its kind, e.g. "Hoàn Kiếm". */
  readonly name: string;
  /** Official name, e.g. "Phường Hoàn Kiếm". */
  readonly fullName: string;
  readonly kind: CommuneKind;
  readonly provinceCode: ProvinceCode;
  /**
   * The pre-2025 province of the old unit whose code this one kept (the legacy province it was formed in); for the
   * five island special zones, which got new codes, the province their territory came from.
   */
  readonly legacyProvinceCode: string;
  /** First day this version is in force. */
  readonly effectiveFrom: string;
  /** Last day this version is in force; absent while it still is. */
  readonly effectiveUntil?: string;
  /** Legal act this version comes from. */
  readonly basis: string;
}

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

/** Legal basis of the 2025 list. */
export const COMMUNE_LIST_BASIS = 'Decision 19/2025/QĐ-TTg';
/** Legacy provinces whose pre-2025 communes are all present (others have a sample). */
export const LEGACY_COMMUNES_COMPLETE_FOR: readonly string[] = ['001', '035', '036', '037'];

const KIND_PREFIXES: readonly (readonly [string, CommuneKind])[] = [
  ['Phường ', 'ward'],
  ['Xã ', 'commune'],
  ['Đặc khu ', 'special-zone'],
];
const LEGACY_KIND_PREFIXES: readonly (readonly [string, LegacyCommuneKind])[] = [
  ['Phường ', 'ward'],
  ['Xã ', 'commune'],
  ['Thị trấn ', 'township'],
];

const splitKind = <K>(fullName: string, prefixes: readonly (readonly [string, K])[]): [K, string] => {
  for (const [prefix, kind] of prefixes) {
    if (fullName.startsWith(prefix)) return [kind, fullName.slice(prefix.length)];
  }
  throw new Error(`Commune data error: "${fullName}" does not start with a known kind.`);
};

const buildVersions = (): Map<string, Commune[]> => {
  const versions = new Map<string, Commune[]>();
  for (const [provinceCode, rows] of Object.entries(COMMUNE_ROWS_BY_PROVINCE)) {
    if (!isProvinceCode(provinceCode)) throw new Error(`Commune data error: unknown province ${provinceCode}.`);
    for (const [code, fullName, legacyProvinceCode] of rows) {
      const [kind, name] = splitKind(fullName, KIND_PREFIXES);
      const commune: Commune = {
        code,
        name,
        fullName,
        kind,
        provinceCode,
        legacyProvinceCode,
        effectiveFrom: PROVINCE_MERGER_DATE,
        basis: COMMUNE_LIST_BASIS,
      };
      versions.set(code, [commune]);
    }
  }
  const amendments = [...COMMUNE_AMENDMENTS].sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  for (const [code, fullName, effectiveFrom, basis] of amendments) {
    const history = versions.get(code);
    const current = history?.at(-1);
    if (!history || !current) throw new Error(`Commune data error: amendment for unknown code ${code}.`);
    const [kind, name] = splitKind(fullName, KIND_PREFIXES);
    history[history.length - 1] = { ...current, effectiveUntil: addDays(effectiveFrom, -1) };
    history.push({ ...current, name, fullName, kind, effectiveFrom, basis });
  }
  return versions;
};

const versionsByCode = buildVersions();

const toLegacy = (row: LegacyCommuneRow, legacyProvinceCode: string): LegacyCommune => {
  const [code, fullName, districtName] = row;
  const [kind, name] = splitKind(fullName, LEGACY_KIND_PREFIXES);
  return { code, name, fullName, kind, districtName, legacyProvinceCode, effectiveUntil: LEGACY_PROVINCES_UNTIL };
};

const legacyRows = new Map<string, { readonly commune: LegacyCommune; readonly successorCodes: readonly string[] }>();
const addLegacy = (legacyProvinceCode: string, rows: readonly LegacyCommuneRow[]): void => {
  for (const row of rows) {
    legacyRows.set(row[0], { commune: toLegacy(row, legacyProvinceCode), successorCodes: row[3] });
  }
};
addLegacy('001', LEGACY_COMMUNES_001);
addLegacy('035', LEGACY_COMMUNES_035);
addLegacy('036', LEGACY_COMMUNES_036);
addLegacy('037', LEGACY_COMMUNES_037);
for (const [legacyProvinceCode, rows] of Object.entries(LEGACY_COMMUNE_SAMPLES)) addLegacy(legacyProvinceCode, rows);

const versionOn = (history: readonly Commune[], onDate: string): Commune | undefined =>
  history.find((v) => v.effectiveFrom <= onDate && (v.effectiveUntil === undefined || onDate <= v.effectiveUntil));

/**
 * A commune-level unit of the 2025 system by its 5-digit code: the version in force on `onDate`, or the latest
 * version when no date is given. Undefined for unknown codes and for dates before 2025-07-01 (use
 * `resolveAddressUnit` for those).
 */
export const findCommune = (code: string, onDate?: string): Commune | undefined => {
  const history = versionsByCode.get(code);
  if (!history) return undefined;
  if (onDate === undefined) return history.at(-1);
  return versionOn(history, assertIsoDate(onDate));
};

/** Every version of a unit, oldest first, so a screen can show "Xã Nhơn Trạch until 2026-04-29, then Phường …". */
export const communeHistory = (code: string): readonly Commune[] => versionsByCode.get(code) ?? [];

/**
 * The communes of a 2025 province in the order of the official list: those in force on `onDate`, or the latest
 * version of each when no date is given. Empty for unknown province codes.
 */
export const communesOfProvince = (provinceCode: string, onDate?: string): readonly Commune[] => {
  const rows = COMMUNE_ROWS_BY_PROVINCE[provinceCode] ?? [];
  return rows.flatMap(([code]) => {
    const commune = findCommune(code, onDate);
    return commune ? [commune] : [];
  });
};

/** A pre-2025 commune by its 5-digit code (only those in the data set; see LEGACY_COMMUNES_COMPLETE_FOR). */
export const findLegacyCommune = (code: string): LegacyCommune | undefined => legacyRows.get(code)?.commune;

/** The pre-2025 communes of a legacy province that the data set holds, by code. */
export const legacyCommunesOfProvince = (legacyProvinceCode: string): readonly LegacyCommune[] =>
  [...legacyRows.values()]
    .filter((entry) => entry.commune.legacyProvinceCode === legacyProvinceCode)
    .map((entry) => entry.commune);

/**
 * The unit a commune code denoted on a date: before 2025-07-01 the old commune (codes were reused, so 00004 is
 * Phường Trúc Bạch in 2024 and Phường Ba Đình in 2025), from then on the 2025 unit in force that day. Undefined
 * when the code denoted nothing the data set holds on that date.
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

const listNames = (names: readonly string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * What a pre-2025 commune became on 2025-07-01: one unit when it was merged whole, several when it was divided
 * (then the street address decides, which only the commune police can settle). Undefined for codes not held.
 */
export const mapLegacyCommune = (oldCode: string): LegacyCommuneMapping | undefined => {
  const entry = legacyRows.get(oldCode);
  if (!entry) return undefined;
  const successors = entry.successorCodes.map((code) => {
    const commune = findCommune(code, PROVINCE_MERGER_DATE);
    if (!commune) throw new Error(`Commune data error: ${oldCode} maps to unknown code ${code}.`);
    return commune;
  });
  const legacy = entry.commune;
  const province = findLegacyProvince(legacy.legacyProvinceCode)?.name ?? legacy.legacyProvinceCode;
  const where = `${legacy.fullName} (${legacy.districtName}, ${province})`;
  const names = successors.map((s) => s.fullName);
  const split = successors.length > 1;
  const newProvince = successors[0] ? findProvince(successors[0].provinceCode)?.name : undefined;
  const note = split
    ? `${where} was divided on ${PROVINCE_MERGER_DATE} between ${listNames(names)} (${newProvince}); ` +
      'the street address decides which one an address now belongs to.'
    : `${where} became part of ${names[0]} (${newProvince}) on ${PROVINCE_MERGER_DATE}.`;
  return { legacy, successors, split, note };
};

/**
 * 2025 units whose name matches a query typed with or without diacritics ("hoan kiem", "Phường Hoàn Kiếm"),
 * optionally within one province; exact name matches first.
 */
export const searchCommunes = (query: string, provinceCode?: string): readonly Commune[] => {
  const key = foldForSearch(query);
  if (key === '') return [];
  const candidates = provinceCode
    ? communesOfProvince(provinceCode)
    : Object.keys(COMMUNE_ROWS_BY_PROVINCE).flatMap((p) => communesOfProvince(p));
  const scored = candidates.flatMap((commune) => {
    const name = foldForSearch(commune.name);
    const fullName = foldForSearch(commune.fullName);
    if (name === key || fullName === key) return [{ commune, score: 0 }];
    if (name.includes(key) || fullName.includes(key)) return [{ commune, score: 1 }];
    return [];
  });
  return scored.sort((a, b) => a.score - b.score).map((s) => s.commune);
};
