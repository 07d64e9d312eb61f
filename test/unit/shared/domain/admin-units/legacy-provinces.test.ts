import { describe, expect, it } from 'vitest';
import {
  findLegacyProvince,
  isLegacyProvinceCode,
  LEGACY_PROVINCE_CODES,
  LEGACY_PROVINCES,
  legacyProvincesOf,
  newProvinceForLegacyCode,
} from '../../../../../shared/domain/admin-units/legacy-provinces.ts';
import { PROVINCES } from '../../../../../shared/domain/admin-units/provinces.ts';

/** The list of legacy codes in the domain brief, in its order. */
const DOMAIN_CODES =
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 ' +
  '042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 ' +
  '086 087 089 091 092 093 094 095 096';

describe('legacy provinces', () => {
  it('has exactly the 63 codes of the domain brief, in order', () => {
    expect(LEGACY_PROVINCE_CODES.join(' ')).toBe(DOMAIN_CODES);
    // The provinces and the codes-only list PIN parsing uses (legacy-province-codes.ts) are the same 63.
    expect(LEGACY_PROVINCES.map((p) => p.code).join(' ')).toBe(DOMAIN_CODES);
  });

  it('names each province once', () => {
    expect(new Set(LEGACY_PROVINCES.map((p) => p.name)).size).toBe(63);
  });

  it('agrees with the mergedLegacyCodes of the 34 new units in both directions', () => {
    for (const legacy of LEGACY_PROVINCES) {
      const unit = PROVINCES.find((p) => p.code === legacy.newProvinceCode);
      expect(unit?.mergedLegacyCodes).toContain(legacy.code);
    }
    expect(PROVINCES.flatMap((p) => p.mergedLegacyCodes).sort()).toEqual([...LEGACY_PROVINCE_CODES].sort());
  });

  it('finds Hà Nam by its PIN code 035', () => {
    expect(findLegacyProvince('035')).toMatchObject({ name: 'Hà Nam', newProvinceCode: '37' });
  });

  it('does not find a 2-digit new code or an unused 3-digit code', () => {
    expect(findLegacyProvince('37')).toBeUndefined();
    expect(findLegacyProvince('003')).toBeUndefined();
    expect(isLegacyProvinceCode('003')).toBe(false);
    expect(isLegacyProvinceCode('096')).toBe(true);
  });

  it('says Hà Nam became part of Ninh Bình', () => {
    expect(newProvinceForLegacyCode('035')?.name).toBe('Ninh Bình');
  });

  it('says Yên Bái (015) became part of Lào Cai, which took its 2-digit code 15', () => {
    expect(newProvinceForLegacyCode('015')).toMatchObject({ code: '15', name: 'Lào Cai' });
    expect(newProvinceForLegacyCode('010')?.code).toBe('15');
  });

  it('answers undefined for an unknown legacy code', () => {
    expect(newProvinceForLegacyCode('999')).toBeUndefined();
  });

  it('lists the legacy provinces of Ninh Bình with the name-giver first', () => {
    expect(legacyProvincesOf('37').map((p) => p.name)).toEqual(['Ninh Bình', 'Hà Nam', 'Nam Định']);
    expect(legacyProvincesOf('02')).toEqual([]);
  });

  it('marks the five centrally-run cities of 2024 and Huế (a city from 2025-01-01) as cities', () => {
    expect(LEGACY_PROVINCES.filter((p) => p.kind === 'city').map((p) => p.code)).toEqual([
      '001',
      '031',
      '046',
      '048',
      '079',
      '092',
    ]);
  });
});
