/**
 * communes.ts reads the units from a compact form (commune-names-data.ts) generated from the readable tables in
 * communes-data/: this fails while the two disagree, e.g. after a change to communes-data/ without running
 * scripts/generate-commune-names.ts.
 */
import { describe, expect, it } from 'vitest';
import { COMMUNE_NAMES, NAME_SYLLABLES } from '../../../../../shared/domain/admin-units/commune-names-data.ts';
import {
  communesOfProvince,
  decodeCommuneNames,
  findCommune,
} from '../../../../../shared/domain/admin-units/communes.ts';
import { COMMUNE_ROWS_BY_PROVINCE } from '../../../../../shared/domain/admin-units/communes-data/index.ts';

describe('the communes read from their compact form', () => {
  it('are the readable tables, unit by unit and in the order of the official list', () => {
    expect(Object.keys(COMMUNE_NAMES).sort()).toEqual(Object.keys(COMMUNE_ROWS_BY_PROVINCE).sort());
    for (const [provinceCode, rows] of Object.entries(COMMUNE_ROWS_BY_PROVINCE)) {
      expect(
        communesOfProvince(provinceCode, '2025-07-01').map((c) => [c.code, c.fullName, c.legacyProvinceCode]),
        provinceCode,
      ).toEqual(rows.map((row) => [...row]));
      for (const [code, , legacyProvinceCode] of rows) {
        expect(findCommune(code, '2025-07-01')?.provinceCode, code).toBe(provinceCode);
        expect(findCommune(code)?.legacyProvinceCode, code).toBe(legacyProvinceCode);
      }
    }
  });

  it('hold each syllable once', () => {
    const syllables = NAME_SYLLABLES.split(' ');
    expect(new Set(syllables).size).toBe(syllables.length);
    expect(syllables.every((s) => s !== '')).toBe(true);
  });

  it('decode a kind letter, a code in three base-36 digits and two digits per syllable', () => {
    const syllables = ['Hoàn', 'Kiếm', 'Bạch', 'Long', 'Vĩ'];
    expect(decodeCommuneNames('', syllables)).toEqual([]);
    expect(decodeCommuneNames('P01y0001X7gv02D01003', syllables)).toEqual([
      ['00070', 'Phường Hoàn Kiếm'],
      ['09679', 'Xã Bạch'],
      ['00036', 'Đặc khu Long'],
    ]);
    expect(decodeCommuneNames('Pzzz0304', syllables)).toEqual([['46655', 'Phường Long Vĩ']]);
  });

  it('refuse what they cannot decode rather than invent a name', () => {
    const syllables = ['Hoàn', 'Kiếm'];
    for (const bad of ['Q01y00', 'P01y', 'P01y000', 'P01y02', 'P01yzz']) {
      expect(() => decodeCommuneNames(bad, syllables), bad).toThrow(/cannot decode/);
    }
  });
});
