/**
 * A residence as a person reads it on a given day: the names of the administrative units in force that day. The
 * record keeps a commune code; units were renamed (Đồng Nai 2026) and before 2025-07-01 the 2025 units did not
 * exist yet (the address then belonged to one of the old communes the unit was formed from), so the answer depends
 * on the date the reader asks about, not only on the code.
 */
import { findCommune } from '../domain/admin-units/communes.ts';
import { predecessorsOf, resolveLegacyCode } from '../domain/admin-units/legacy-communes.ts';
import { findLegacyProvince, PROVINCE_MERGER_DATE } from '../domain/admin-units/legacy-provinces.ts';
import { findProvince } from '../domain/admin-units/provinces.ts';
import type { Residence } from '../domain/citizen.ts';

export interface FormerUnit {
  readonly code: string;
  readonly fullName: string;
  readonly districtName: string;
  readonly provinceName: string;
}

export interface ResidenceUnits {
  /** The day the unit names are given for. */
  readonly unitsOn: string;
  readonly communeName?: string;
  readonly communeFullName?: string;
  readonly provinceName?: string;
  /** Set when the day is before 2025-07-01 and the unit was formed from several old communes: one held the address. */
  readonly formerUnits?: readonly FormerUnit[];
  /** One sentence when the answer is not a single unit. */
  readonly note?: string;
}

const former = (codes: ReturnType<typeof predecessorsOf>): FormerUnit[] =>
  codes.map((c) => ({
    code: c.code,
    fullName: c.fullName,
    districtName: c.districtName,
    provinceName: findLegacyProvince(c.legacyProvinceCode)?.name ?? c.legacyProvinceCode,
  }));

/** The unit names of a residence on `onDate` (YYYY-MM-DD, already validated). */
export const residenceUnitsOn = (residence: Residence, onDate: string): ResidenceUnits => {
  const current = findCommune(residence.communeCode);
  if (!current) {
    // A record written before July 2025 under an old code that no 2025 unit kept.
    const answer = resolveLegacyCode(residence.communeCode, onDate);
    if (!answer) return { unitsOn: onDate, provinceName: findProvince(residence.provinceCode)?.name };
    const unit = answer.inForce === 'legacy' ? answer.legacy : answer.units.length === 1 ? answer.units[0] : undefined;
    const provinceName =
      answer.inForce === 'legacy'
        ? findLegacyProvince(answer.legacy.legacyProvinceCode)?.name
        : findProvince(answer.units[0]?.provinceCode ?? residence.provinceCode)?.name;
    return {
      unitsOn: onDate,
      ...(unit ? { communeName: unit.name, communeFullName: unit.fullName } : {}),
      provinceName,
      ...(unit ? {} : { note: answer.note }),
    };
  }
  if (onDate >= PROVINCE_MERGER_DATE) {
    const version = findCommune(residence.communeCode, onDate) ?? current;
    return {
      unitsOn: onDate,
      communeName: version.name,
      communeFullName: version.fullName,
      provinceName: findProvince(version.provinceCode)?.name,
    };
  }
  const predecessors = predecessorsOf(residence.communeCode);
  const only = predecessors.length === 1 ? predecessors[0] : undefined;
  if (only) {
    return {
      unitsOn: onDate,
      communeName: only.name,
      communeFullName: only.fullName,
      provinceName: findLegacyProvince(only.legacyProvinceCode)?.name,
    };
  }
  return {
    unitsOn: onDate,
    formerUnits: former(predecessors),
    note:
      predecessors.length === 0
        ? `${current.fullName} replaced an island district on ${PROVINCE_MERGER_DATE}; it had no commune before.`
        : `${current.fullName} was formed on ${PROVINCE_MERGER_DATE} from ${predecessors.length} communes; ` +
          `on ${onDate} the address belonged to one of them, which the street address decides.`,
  };
};

/** A residence with the names of its units on `onDate`, as a person reads an address. */
export const describeResidence = (residence: Residence | undefined, onDate: string) =>
  residence && { ...residence, ...residenceUnitsOn(residence, onDate) };
