import { describe, expect, it } from 'vitest';
import {
  type Commune,
  communeHistory,
  communesOfProvince,
  findCommune,
  findLegacyCommune,
  LEGACY_COMMUNES_COMPLETE_FOR,
  legacyCommunesOfProvince,
  mapLegacyCommune,
  resolveAddressUnit,
  searchCommunes,
} from '../../../../../shared/domain/admin-units/communes.ts';
import { LEGACY_PROVINCE_CODES } from '../../../../../shared/domain/admin-units/legacy-provinces.ts';
import { findProvince, PROVINCE_CODES } from '../../../../../shared/domain/admin-units/provinces.ts';

const ON_1_JULY_2025 = '2025-07-01';
const all2025 = (): Commune[] => PROVINCE_CODES.flatMap((p) => [...communesOfProvince(p, ON_1_JULY_2025)]);
const count = (communes: readonly Commune[], kind: Commune['kind']) => communes.filter((c) => c.kind === kind).length;

describe('the 2025 commune list', () => {
  it('has the 3,321 units of Decision 19/2025/QĐ-TTg: 2,621 xã, 687 phường and 13 đặc khu', () => {
    const communes = all2025();

    expect(communes).toHaveLength(3321);
    expect([count(communes, 'commune'), count(communes, 'ward'), count(communes, 'special-zone')]).toEqual([
      2621, 687, 13,
    ]);
  });

  it('gives every unit a distinct 5-digit code', () => {
    const codes = all2025().map((c) => c.code);

    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => /^\d{5}$/.test(code))).toBe(true);
  });

  it('has all 126 units of Hà Nội: 51 phường and 75 xã', () => {
    const hanoi = communesOfProvince('01');

    expect(hanoi).toHaveLength(126);
    expect([count(hanoi, 'ward'), count(hanoi, 'commune')]).toEqual([51, 75]);
  });

  it('has all 129 units of Ninh Bình: 32 phường and 97 xã', () => {
    const ninhBinh = communesOfProvince('37');

    expect(ninhBinh).toHaveLength(129);
    expect([count(ninhBinh, 'ward'), count(ninhBinh, 'commune')]).toEqual([32, 97]);
  });

  it('has at least five units in every one of the 34 provinces', () => {
    for (const code of PROVINCE_CODES) expect(communesOfProvince(code).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps names in NFC with the kind stripped into `kind`', () => {
    for (const commune of all2025()) {
      expect(commune.fullName).toBe(commune.fullName.normalize('NFC').trim());
      expect(commune.fullName.endsWith(` ${commune.name}`)).toBe(true);
    }
  });

  it("records for each unit a legacy province that belongs to the unit's province", () => {
    for (const commune of all2025()) {
      expect(findProvince(commune.provinceCode)?.mergedLegacyCodes).toContain(commune.legacyProvinceCode);
    }
  });

  it('uses the NSO codes where published lists disagree: Ba Chẽ 06970 and Ia Mơ 23938', () => {
    expect(findCommune('06970')?.fullName).toBe('Xã Ba Chẽ');
    expect(findCommune('23938')?.fullName).toBe('Xã Ia Mơ');
    expect(findCommune('23737')).toBeUndefined();
  });

  it('answers an empty list for an unknown province', () => {
    expect(communesOfProvince('02')).toEqual([]);
  });
});

describe('findCommune', () => {
  it('finds Phường Hoàn Kiếm by its code 00070', () => {
    expect(findCommune('00070')).toEqual({
      code: '00070',
      name: 'Hoàn Kiếm',
      fullName: 'Phường Hoàn Kiếm',
      kind: 'ward',
      provinceCode: '01',
      legacyProvinceCode: '001',
      effectiveFrom: '2025-07-01',
      basis: 'Decision 19/2025/QĐ-TTg',
    });
  });

  it('finds an island special zone', () => {
    expect(findCommune('26732')).toMatchObject({
      fullName: 'Đặc khu Côn Đảo',
      kind: 'special-zone',
      provinceCode: '79',
    });
  });

  it('finds nothing before the units existed', () => {
    expect(findCommune('00070', '2025-06-30')).toBeUndefined();
  });

  it('finds nothing for an unknown code', () => {
    expect(findCommune('99999')).toBeUndefined();
  });

  it('rejects an impossible date', () => {
    expect(() => findCommune('00070', '2025-02-30')).toThrow(/does not exist/);
  });
});

describe('later amendments', () => {
  it('shows Nhơn Trạch as a xã until 2026-04-29 and as a phường from 2026-04-30', () => {
    expect(findCommune('26485', '2026-04-29')).toMatchObject({ fullName: 'Xã Nhơn Trạch', kind: 'commune' });
    expect(findCommune('26485', '2026-04-30')).toMatchObject({
      fullName: 'Phường Nhơn Trạch',
      kind: 'ward',
      basis: '237/NQ-UBTVQH16',
    });
  });

  it('returns the latest version when no date is given', () => {
    expect(findCommune('26485')?.kind).toBe('ward');
  });

  it('keeps the whole history of an amended unit, each version ending the day before the next', () => {
    const history = communeHistory('26485');

    expect(history.map((v) => [v.effectiveFrom, v.effectiveUntil])).toEqual([
      ['2025-07-01', '2026-04-29'],
      ['2026-04-30', undefined],
    ]);
  });

  it('lists ten more phường in Đồng Nai after the amendment', () => {
    const before = count(communesOfProvince('75', '2026-04-29'), 'ward');
    const after = count(communesOfProvince('75', '2026-04-30'), 'ward');

    expect(after - before).toBe(10);
    expect(communesOfProvince('75', '2026-04-30')).toHaveLength(95);
  });
});

describe('legacy communes', () => {
  it('holds every pre-2025 commune of Hà Nội and of the three provinces that form Ninh Bình', () => {
    expect(LEGACY_COMMUNES_COMPLETE_FOR.map((p) => legacyCommunesOfProvince(p).length)).toEqual([526, 98, 175, 125]);
  });

  it('holds a sample of at least five for each of the other 59 legacy provinces', () => {
    for (const code of LEGACY_PROVINCE_CODES) {
      expect(legacyCommunesOfProvince(code).length).toBeGreaterThanOrEqual(5);
    }
  });

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

  it('maps every Hà Nội commune into Hà Nội and covers all 126 new units', () => {
    const successors = new Set(
      legacyCommunesOfProvince('001').flatMap((c) => mapLegacyCommune(c.code)?.successors.map((s) => s.code) ?? []),
    );

    expect(successors.size).toBe(126);
    expect([...successors].every((code) => findCommune(code)?.provinceCode === '01')).toBe(true);
  });

  it('maps every commune of Hà Nam, Nam Định and Ninh Bình into Ninh Bình and covers all 129 new units', () => {
    const successors = new Set(
      ['035', '036', '037'].flatMap((p) =>
        legacyCommunesOfProvince(p).flatMap((c) => mapLegacyCommune(c.code)?.successors.map((s) => s.code) ?? []),
      ),
    );

    expect(successors.size).toBe(129);
    expect([...successors].every((code) => findCommune(code)?.provinceCode === '37')).toBe(true);
  });

  it('maps every sampled commune into the unit its province became part of', () => {
    for (const code of LEGACY_PROVINCE_CODES) {
      for (const legacy of legacyCommunesOfProvince(code)) {
        const mapping = mapLegacyCommune(legacy.code);
        const newProvince = findProvince(mapping?.successors[0]?.provinceCode ?? '');
        expect(newProvince?.mergedLegacyCodes).toContain(code);
      }
    }
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

  it('maps a Hà Nam ward divided between Phường Hà Nam and Phường Phủ Lý', () => {
    const mapping = mapLegacyCommune('13285');

    expect(mapping?.legacy.districtName).toBe('Thành phố Phủ Lý');
    expect(mapping?.successors.map((s) => s.fullName)).toEqual(['Phường Hà Nam', 'Phường Phủ Lý']);
  });

  it('follows the resolution for homonyms: xã Đông Sơn of Tam Điệp went to phường Trung Sơn', () => {
    expect(mapLegacyCommune('14380')?.successors.map((s) => s.fullName)).toEqual(['Phường Trung Sơn']);
  });

  it('follows the resolution for homonyms: xã Sơn Đồng of Hoài Đức went to xã Sơn Đồng', () => {
    expect(mapLegacyCommune('09859')?.successors.map((s) => s.code)).toEqual(['09871']);
  });

  it('maps Phường Bến Nghé of old District 1 to Phường Sài Gòn', () => {
    expect(mapLegacyCommune('26740')?.successors.map((s) => s.fullName)).toEqual(['Phường Sài Gòn']);
  });

  it('answers undefined for an old code outside the data set (a Hồ Chí Minh City ward not in the sample)', () => {
    expect(mapLegacyCommune('26752')).toBeUndefined();
  });
});

describe('resolveAddressUnit', () => {
  it('resolves a code to the old commune for a date before the reorganisation', () => {
    const unit = resolveAddressUnit('00004', '2024-05-01');

    expect(unit?.era).toBe('before-2025-07');
    expect(unit?.commune.fullName).toBe('Phường Trúc Bạch');
  });

  it('resolves the same code to the new unit from 1 July 2025', () => {
    const unit = resolveAddressUnit('00004', ON_1_JULY_2025);

    expect(unit?.era).toBe('from-2025-07');
    expect(unit?.commune.fullName).toBe('Phường Ba Đình');
  });

  it('switches on the exact day: 30 June is old, 1 July is new', () => {
    expect(resolveAddressUnit('00070', '2025-06-30')?.commune.fullName).toBe('Phường Hàng Trống');
    expect(resolveAddressUnit('00070', '2025-07-01')?.commune.fullName).toBe('Phường Hoàn Kiếm');
  });

  it('resolves an old code that no 2025 unit kept only for old dates', () => {
    expect(resolveAddressUnit('00061', '2020-01-01')?.commune.fullName).toBe('Phường Hàng Bạc');
    expect(resolveAddressUnit('00061', '2025-08-01')).toBeUndefined();
  });

  it('applies later amendments', () => {
    expect(resolveAddressUnit('26485', '2026-11-23')?.commune.fullName).toBe('Phường Nhơn Trạch');
  });

  it('rejects an impossible date', () => {
    expect(() => resolveAddressUnit('00070', '2025-13-01')).toThrow(/month 13/);
  });
});

describe('searchCommunes', () => {
  it('finds Phường Hoàn Kiếm typed without diacritics, exact match first', () => {
    expect(searchCommunes('hoan kiem')[0]?.code).toBe('00070');
  });

  it('finds units by part of the name within one province', () => {
    const found = searchCommunes('Hoa Lư', '37').map((c) => c.fullName);

    expect(found).toContain('Phường Hoa Lư');
    expect(found).toContain('Phường Tây Hoa Lư');
    expect(found[0]).toBe('Phường Hoa Lư');
  });

  it('returns nothing for an empty query', () => {
    expect(searchCommunes('  ')).toEqual([]);
  });
});
