/**
 * The code-only index (commune-codes.ts) is generated from the commune tables: this fails while the two disagree,
 * e.g. after a change to communes-data/ without running scripts/generate-commune-codes.ts.
 */
import { describe, expect, it } from 'vitest';
import { communePlace, decodeCodes } from '../../../../../shared/domain/admin-units/commune-codes.ts';
import { COMMUNE_CODES } from '../../../../../shared/domain/admin-units/commune-codes-data.ts';
import { findCommune } from '../../../../../shared/domain/admin-units/communes.ts';
import { COMMUNE_ROWS_BY_PROVINCE } from '../../../../../shared/domain/admin-units/communes-data/index.ts';

const ROWS = Object.values(COMMUNE_ROWS_BY_PROVINCE).flat();

describe('the communes by code alone', () => {
  it('places every unit of the tables where the tables do', () => {
    expect(ROWS).toHaveLength(3321);
    for (const [code] of ROWS) {
      const commune = findCommune(code);
      expect(communePlace(code), code).toEqual({
        provinceCode: commune?.provinceCode,
        legacyProvinceCode: commune?.legacyProvinceCode,
      });
    }
  });

  it('holds no code the tables do not, and each code once', () => {
    const indexed = Object.values(COMMUNE_CODES).flatMap((groups) => Object.values(groups).flatMap(decodeCodes));
    expect(indexed.length).toBe(ROWS.length);
    expect(new Set(indexed)).toEqual(new Set(ROWS.map(([code]) => code)));
    for (const code of indexed) expect(code).toMatch(/^\d{5}$/);
  });

  it('decodes gaps of one digit and of four, from the first code on', () => {
    expect(decodeCodes('')).toEqual([]);
    expect(decodeCodes('4')).toEqual(['00004']);
    expect(decodeCodes('4z-0019')).toEqual(['00004', '00039', '00084']);
    expect(decodeCodes('-255r')).toEqual(['99999']);
  });

  it('knows no unit by a code that is not in force, nor by a malformed one', () => {
    for (const code of ['00000', '99999', '0007', '000700', '', 'abcde', '00070 ']) {
      expect(communePlace(code), JSON.stringify(code)).toBeUndefined();
    }
    // A legacy commune (in force until 2025-06-30) that did not keep its code.
    expect(findCommune('00001')).toBeUndefined();
    expect(communePlace('00001')).toBeUndefined();
  });
});
