import { describe, expect, it } from 'vitest';
import { communesOfProvince, findCommune } from '../../../../../shared/domain/admin-units/communes.ts';
import {
  findLegacyCommune,
  legacyCommunesOfProvince,
  mapLegacyCommune,
  predecessorsOf,
  resolveAddressUnit,
  resolveLegacyCode,
} from '../../../../../shared/domain/admin-units/legacy-communes.ts';
import { LEGACY_PROVINCE_CODES, LEGACY_PROVINCES } from '../../../../../shared/domain/admin-units/legacy-provinces.ts';
import { PROVINCE_CODES } from '../../../../../shared/domain/admin-units/provinces.ts';

const ON_1_JULY_2025 = '2025-07-01';
const allLegacy = () => LEGACY_PROVINCE_CODES.flatMap((p) => [...legacyCommunesOfProvince(p)]);
/** The five island special zones that got new codes and were district-level before (no commune predecessor). */
const ISLAND_ZONES_WITHOUT_COMMUNES = ['11948', '19742', '20333', '21548', '26732'];

describe('legacy communes: coverage of the 63 provinces', () => {
  it('holds the 10,035 commune-level units in force on 2025-06-30, in every legacy province', () => {
    expect(allLegacy()).toHaveLength(10_035);
    for (const code of LEGACY_PROVINCE_CODES) expect(legacyCommunesOfProvince(code).length).toBeGreaterThan(0);
    expect(new Set(allLegacy().map((c) => c.code)).size).toBe(10_035);
  });

  it('keeps the counts of the provinces checked clause by clause (Hà Nội, Hà Nam, Nam Định, Ninh Bình)', () => {
    expect(['001', '035', '036', '037'].map((p) => legacyCommunesOfProvince(p).length)).toEqual([526, 98, 175, 125]);
  });

  it('maps every legacy commune to exactly one 2025 unit, or to an explicit split over distinct units', () => {
    const newProvinceOf = new Map<string, string>(LEGACY_PROVINCES.map((p) => [p.code, p.newProvinceCode as string]));
    for (const legacy of allLegacy()) {
      const mapping = mapLegacyCommune(legacy.code);
      const codes = mapping?.successors.map((s) => s.code) ?? [];

      expect(codes.length, legacy.code).toBeGreaterThan(0);
      expect(new Set(codes).size, legacy.code).toBe(codes.length);
      expect(mapping?.split, legacy.code).toBe(codes.length > 1);
      expect(mapping?.note.includes('was divided'), legacy.code).toBe(codes.length > 1);
      for (const code of codes) {
        expect(findCommune(code, ON_1_JULY_2025)?.provinceCode, `${legacy.code}→${code}`).toBe(
          newProvinceOf.get(legacy.legacyProvinceCode),
        );
      }
    }
  });

  it('gives every 2025 unit at least one predecessor, except the island zones that replaced districts', () => {
    const orphans = PROVINCE_CODES.flatMap((p) => communesOfProvince(p, ON_1_JULY_2025))
      .filter((c) => predecessorsOf(c.code).length === 0)
      .map((c) => c.code);

    expect(orphans.sort()).toEqual(ISLAND_ZONES_WITHOUT_COMMUNES);
  });

  it('divides 443 old communes between several units', () => {
    expect(allLegacy().filter((c) => mapLegacyCommune(c.code)?.split)).toHaveLength(443);
  });
});

describe('legacy communes: lookups', () => {
  it('describes an old commune with its district and legacy province', () => {
    expect(findLegacyCommune('00004')).toEqual({
      code: '00004',
      name: 'Trúc Bạch',
      fullName: 'Phường Trúc Bạch',
      kind: 'ward',
      districtName: 'Quận Ba Đình',
      legacyProvinceCode: '001',
      effectiveUntil: '2025-06-30',
    });
  });

  it('knows thị trấn, a kind that no longer exists', () => {
    expect(findLegacyCommune('00454')).toMatchObject({ fullName: 'Thị trấn Đông Anh', kind: 'township' });
  });

  it('knows nothing of codes that were no commune on 2025-06-30 (dissolved earlier, or never used)', () => {
    expect(findLegacyCommune('07693')).toBeUndefined();
    expect(mapLegacyCommune('99999')).toBeUndefined();
    expect(resolveLegacyCode('07693', '2024-01-01')).toBeUndefined();
  });

  it('lists the predecessors of a 2025 unit', () => {
    expect(predecessorsOf('00004').map((c) => c.code)).toEqual(
      expect.arrayContaining(['00004', '00013', '00016', '00019', '00022', '00028', '00040', '00055']),
    );
  });
});

describe('mapLegacyCommune', () => {
  it('maps a commune merged whole to one unit', () => {
    const mapping = mapLegacyCommune('00061');

    expect(mapping?.split).toBe(false);
    expect(mapping?.successors.map((s) => s.fullName)).toEqual(['Phường Hoàn Kiếm']);
    expect(mapping?.note).toBe(
      'Phường Hàng Bạc (Quận Hoàn Kiếm, Hà Nội) became part of Phường Hoàn Kiếm (Hà Nội) on 2025-07-01.',
    );
  });

  it('maps a commune that was divided to every unit that received part of it, with a note', () => {
    const mapping = mapLegacyCommune('00007');

    expect(mapping?.split).toBe(true);
    expect(mapping?.successors.map((s) => s.code)).toEqual(['00008', '00025']);
    expect(mapping?.note).toBe(
      'Phường Cống Vị (Quận Ba Đình, Hà Nội) was divided on 2025-07-01 between Phường Ngọc Hà and Phường Giảng Võ ' +
        '(Hà Nội); the street address decides which one an address now belongs to.',
    );
  });

  it('maps Phường Bến Nghé of old District 1 to Phường Sài Gòn', () => {
    expect(mapLegacyCommune('26740')?.successors.map((s) => s.fullName)).toEqual(['Phường Sài Gòn']);
  });

  it.each([
    ['14380', 'Xã Đông Sơn of Tam Điệp', ['14365']],
    ['09859', 'Xã Sơn Đồng of Hoài Đức', ['09871']],
    ['10963', 'Xã Long Xuyên of Bình Giang (not Phường Kinh Môn)', ['10966']],
    ['14770', 'Phường Phú Sơn of Thanh Hóa city (not Quang Trung, Trúc Lâm)', ['14797']],
    ['31771', 'Xã Vĩnh Thành of Thạnh Trị (not Xã Vĩnh Thạnh of Cần Thơ)', ['31777']],
    ['28924', 'Xã Hòa Lộc of Mỏ Cày Bắc (not Hòa Hiệp of Tam Bình)', ['28921']],
    ['30622', 'Xã Tân Phú of Châu Thành, An Giang (the source put it in Đồng Tháp)', ['30604']],
    ['23938', 'Xã Ia Mơ, unchanged, keeps its code', ['23938']],
  ])('follows the resolutions where the source mapping confused units: %s %s', (code, _what, expected) => {
    expect(mapLegacyCommune(code)?.successors.map((s) => s.code)).toEqual(expected);
  });
});

describe('resolveAddressUnit', () => {
  it('resolves a code to the old commune before the reorganisation and to the new unit from 1 July 2025', () => {
    expect(resolveAddressUnit('00004', '2024-05-01')).toMatchObject({
      era: 'before-2025-07',
      commune: { fullName: 'Phường Trúc Bạch' },
    });
    expect(resolveAddressUnit('00004', ON_1_JULY_2025)).toMatchObject({
      era: 'from-2025-07',
      commune: { fullName: 'Phường Ba Đình' },
    });
  });

  it('switches on the exact day: 30 June is old, 1 July is new', () => {
    expect(resolveAddressUnit('00070', '2025-06-30')?.commune.fullName).toBe('Phường Hàng Trống');
    expect(resolveAddressUnit('00070', '2025-07-01')?.commune.fullName).toBe('Phường Hoàn Kiếm');
  });

  it('resolves an old code that no 2025 unit kept only for old dates', () => {
    expect(resolveAddressUnit('00061', '2020-01-01')?.commune.fullName).toBe('Phường Hàng Bạc');
    expect(resolveAddressUnit('00061', '2025-08-01')).toBeUndefined();
  });

  it('applies later amendments and rejects an impossible date', () => {
    expect(resolveAddressUnit('26485', '2026-11-23')?.commune.fullName).toBe('Phường Nhơn Trạch');
    expect(() => resolveAddressUnit('00070', '2025-13-01')).toThrow(/month 13/);
  });
});

describe('resolveLegacyCode', () => {
  it('answers the old commune itself before 1 July 2025', () => {
    const answer = resolveLegacyCode('00061', '2025-06-30');

    expect(answer).toMatchObject({
      inForce: 'legacy',
      units: [],
      split: false,
      legacy: { fullName: 'Phường Hàng Bạc' },
    });
  });

  it('answers the unit an old address belongs to from 1 July 2025', () => {
    expect(resolveLegacyCode('00061', ON_1_JULY_2025)?.units.map((u) => u.fullName)).toEqual(['Phường Hoàn Kiếm']);
  });

  it('answers every unit of a divided commune, marked as a split', () => {
    const answer = resolveLegacyCode('00007', '2025-09-01');

    expect(answer?.split).toBe(true);
    expect(answer?.units.map((u) => u.code)).toEqual(['00008', '00025']);
  });

  it('answers the version in force on the date: Xã Nhơn Trạch became Phường Nhơn Trạch on 2026-04-30', () => {
    expect(resolveLegacyCode('26470', '2026-04-29')?.units.map((u) => u.fullName)).toEqual(['Xã Nhơn Trạch']);
    const later = resolveLegacyCode('26470', '2026-04-30');

    expect(later?.units.map((u) => u.fullName)).toEqual(['Phường Nhơn Trạch']);
    expect(later?.note).toMatch(/now Phường Nhơn Trạch/);
  });

  it('rejects an impossible date', () => {
    expect(() => resolveLegacyCode('00061', '2025-02-30')).toThrow();
  });
});
