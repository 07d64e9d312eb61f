/**
 * Commune-level units (xã, phường, đặc khu) with effective dates. On 1 July 2025 about 10,000 communes under 696
 * districts became 3,321 units directly under 34 provinces (codes from Decision 19/2025/QĐ-TTg). Residence
 * records keep the commune code that was in force when they were written, so every lookup here takes a date:
 * an old code keeps resolving to the old unit for old dates, and `mapLegacyCommune` says what it became.
 *
 * Coverage (see SOURCES.md): all 3,321 units of 2025 and later amendments. The 10,035 pre-2025 communes and what
 * each became are in ./legacy-communes.ts, a separate module so that only the functions that need them load them.
 *
 * The units are read from ./commune-names-data.ts, a compact form of the readable tables in ./communes-data/ (about
 * 35 KB in a bundle instead of 120), one province at a time when first asked about.
 */

import { addDays, assertIsoDate } from '../dates.ts';
import { foldForSearch } from '../names.ts';
import { communePlace } from './commune-codes.ts';
import { COMMUNE_NAMES, NAME_SYLLABLES } from './commune-names-data.ts';
import { COMMUNE_AMENDMENTS } from './communes-data/amendments.ts';
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

const KIND_BY_LETTER: Readonly<Record<string, string>> = { P: 'Phường', X: 'Xã', D: 'Đặc khu' };

const isKindLetter = (charCode: number): boolean => charCode >= 65 && charCode <= 90; // A-Z

/**
 * The [code, official name] of each unit in a string of COMMUNE_NAMES, in its order: a kind letter, the code in three
 * base-36 digits, then two base-36 digits per syllable of the name (its place in `syllables`).
 */
export const decodeCommuneNames = (encoded: string, syllables: readonly string[]): [string, string][] => {
  const units: [string, string][] = [];
  for (let at = 0; at < encoded.length; ) {
    let end = at + 1;
    while (end < encoded.length && !isKindLetter(encoded.charCodeAt(end))) end += 1;
    const kind = KIND_BY_LETTER[encoded.charAt(at)];
    let fullName = kind;
    for (let part = at + 4; part < end && fullName !== undefined; part += 2) {
      const word = syllables[Number.parseInt(encoded.slice(part, part + 2), 36)];
      fullName = word === undefined ? undefined : `${fullName} ${word}`;
    }
    if (fullName === undefined || end - at < 6 || (end - at) % 2 !== 0) {
      throw new Error(`Commune data error: cannot decode "${encoded.slice(at, end)}".`);
    }
    units.push([String(Number.parseInt(encoded.slice(at + 1, at + 4), 36)).padStart(5, '0'), fullName]);
    at = end;
  }
  return units;
};

interface ProvinceCommunes {
  readonly versionsByCode: ReadonlyMap<string, Commune[]>;
  /** The codes in the order of the official list. */
  readonly codes: readonly string[];
}

let syllables: readonly string[] | undefined;

const decodeProvince = (provinceCode: ProvinceCode, encoded: string): ProvinceCommunes => {
  syllables ??= NAME_SYLLABLES.split(' ');
  const versions = new Map<string, Commune[]>();
  const codes: string[] = [];
  for (const [code, fullName] of decodeCommuneNames(encoded, syllables)) {
    const place = communePlace(code);
    if (place?.provinceCode !== provinceCode) throw new Error(`Commune data error: ${code} is not in ${provinceCode}.`);
    const [kind, name] = splitKind(fullName, KIND_PREFIXES);
    const commune: Commune = {
      code,
      name,
      fullName,
      kind,
      provinceCode,
      legacyProvinceCode: place.legacyProvinceCode,
      effectiveFrom: PROVINCE_MERGER_DATE,
      basis: COMMUNE_LIST_BASIS,
    };
    versions.set(code, [commune]);
    codes.push(code);
  }
  const amendments = COMMUNE_AMENDMENTS.filter(([code]) => {
    const place = communePlace(code);
    if (!place) throw new Error(`Commune data error: amendment for unknown code ${code}.`);
    return place.provinceCode === provinceCode;
  }).sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  for (const [code, fullName, effectiveFrom, basis] of amendments) {
    const history = versions.get(code);
    const current = history?.at(-1);
    if (!history || !current) throw new Error(`Commune data error: amendment for unknown code ${code}.`);
    const [kind, name] = splitKind(fullName, KIND_PREFIXES);
    history[history.length - 1] = { ...current, effectiveUntil: addDays(effectiveFrom, -1) };
    history.push({ ...current, name, fullName, kind, effectiveFrom, basis });
  }
  return { versionsByCode: versions, codes };
};

const decoded = new Map<string, ProvinceCommunes>();

/**
 * A province's units, decoded when first asked about (well under a millisecond each, about 15 ms for all 34), so a
 * function that looks up one address never decodes the rest.
 */
const provinceCommunes = (provinceCode: string): ProvinceCommunes | undefined => {
  const cached = decoded.get(provinceCode);
  if (cached) return cached;
  const encoded = COMMUNE_NAMES[provinceCode];
  if (encoded === undefined) return undefined;
  if (!isProvinceCode(provinceCode)) throw new Error(`Commune data error: unknown province ${provinceCode}.`);
  const result = decodeProvince(provinceCode, encoded);
  decoded.set(provinceCode, result);
  return result;
};

const historyOf = (code: string): readonly Commune[] | undefined => {
  const place = communePlace(code);
  return place && provinceCommunes(place.provinceCode)?.versionsByCode.get(code);
};

const versionOn = (history: readonly Commune[], onDate: string): Commune | undefined =>
  history.find((v) => v.effectiveFrom <= onDate && (v.effectiveUntil === undefined || onDate <= v.effectiveUntil));

/**
 * A commune-level unit of the 2025 system by its 5-digit code: the version in force on `onDate`, or the latest
 * version when no date is given. Undefined for unknown codes and for dates before 2025-07-01 (see
 * `resolveAddressUnit` in ./legacy-communes.ts for those).
 */
export const findCommune = (code: string, onDate?: string): Commune | undefined => {
  const history = historyOf(code);
  if (!history) return undefined;
  if (onDate === undefined) return history.at(-1);
  return versionOn(history, assertIsoDate(onDate));
};

/** Every version of a unit, oldest first, so a screen can show "Xã Nhơn Trạch until 2026-04-29, then Phường …". */
export const communeHistory = (code: string): readonly Commune[] => historyOf(code) ?? [];

/**
 * The communes of a 2025 province in the order of the official list: those in force on `onDate`, or the latest
 * version of each when no date is given. Empty for unknown province codes.
 */
export const communesOfProvince = (provinceCode: string, onDate?: string): readonly Commune[] => {
  const codes = provinceCommunes(provinceCode)?.codes ?? [];
  return codes.flatMap((code) => {
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
    : Object.keys(COMMUNE_NAMES).flatMap((p) => communesOfProvince(p));
  const scored = candidates.flatMap((commune) => {
    const name = foldForSearch(commune.name);
    const fullName = foldForSearch(commune.fullName);
    if (name === key || fullName === key) return [{ commune, score: 0 }];
    if (name.includes(key) || fullName.includes(key)) return [{ commune, score: 1 }];
    return [];
  });
  return scored.sort((a, b) => a.score - b.score).map((s) => s.commune);
};
