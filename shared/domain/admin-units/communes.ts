/**
 * Commune-level units (xã, phường, đặc khu) with effective dates. On 1 July 2025 about 10,000 communes under 696
 * districts became 3,321 units directly under 34 provinces (codes from Decision 19/2025/QĐ-TTg). Residence
 * records keep the commune code that was in force when they were written, so every lookup here takes a date:
 * an old code keeps resolving to the old unit for old dates, and `mapLegacyCommune` says what it became.
 *
 * Coverage (see SOURCES.md): all 3,321 units of 2025 and later amendments. The 10,035 pre-2025 communes and what
 * each became are in ./legacy-communes.ts, a separate module so that only the functions that need them load them.
 */

import { addDays, assertIsoDate } from '../dates.ts';
import { foldForSearch } from '../names.ts';
import { COMMUNE_AMENDMENTS } from './communes-data/amendments.ts';
import { COMMUNE_ROWS_BY_PROVINCE } from './communes-data/index.ts';
import { PROVINCE_MERGER_DATE } from './legacy-provinces.ts';
import { isProvinceCode, type ProvinceCode } from './provinces.ts';

/** Phường (urban ward), xã (rural commune) or đặc khu (island special zone). */
export type CommuneKind = 'ward' | 'commune' | 'special-zone';

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

/** Legal basis of the 2025 list. */
export const COMMUNE_LIST_BASIS = 'Decision 19/2025/QĐ-TTg';

const KIND_PREFIXES: readonly (readonly [string, CommuneKind])[] = [
  ['Phường ', 'ward'],
  ['Xã ', 'commune'],
  ['Đặc khu ', 'special-zone'],
];

export const splitKind = <K>(fullName: string, prefixes: readonly (readonly [string, K])[]): [K, string] => {
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

const versionOn = (history: readonly Commune[], onDate: string): Commune | undefined =>
  history.find((v) => v.effectiveFrom <= onDate && (v.effectiveUntil === undefined || onDate <= v.effectiveUntil));

/**
 * A commune-level unit of the 2025 system by its 5-digit code: the version in force on `onDate`, or the latest
 * version when no date is given. Undefined for unknown codes and for dates before 2025-07-01 (see
 * `resolveAddressUnit` in ./legacy-communes.ts for those).
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
