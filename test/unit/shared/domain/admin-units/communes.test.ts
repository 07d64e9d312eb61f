import { describe, expect, it } from 'vitest';
import {
  type Commune,
  communeHistory,
  communesOfProvince,
  findCommune,
  searchCommunes,
} from '../../../../../shared/domain/admin-units/communes.ts';
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
