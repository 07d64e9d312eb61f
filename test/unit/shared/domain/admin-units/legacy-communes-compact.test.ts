/**
 * legacy-communes.ts reads the pre-2025 communes from a compact form (the data file legacy-communes-compact.json, read
 * by legacy-communes-compact.ts) generated from the readable tables in legacy-communes-data/: this fails while the two
 * disagree, e.g. after the tables were regenerated without running scripts/generate-legacy-communes-compact.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeLegacyTable,
  findLegacyCommune,
  legacyCommunesOfProvince,
  mapLegacyCommune,
} from '../../../../../shared/domain/admin-units/legacy-communes.ts';
import {
  legacyCommunesCompact,
  parseLegacyCommunesCompact,
} from '../../../../../shared/domain/admin-units/legacy-communes-compact.ts';
import { LEGACY_COMMUNE_TABLES } from '../../../../../shared/domain/admin-units/legacy-communes-data/index.ts';

const PREFIXES: Readonly<Record<string, string>> = { P: 'Phường ', X: 'Xã ', T: 'Thị trấn ' };

/** The readable format, read here independently of the module under test. */
const readable = (table: string) => {
  let district = '';
  return table.split('\n').flatMap((line) => {
    if (line.startsWith('=')) {
      district = line.slice(1);
      return [];
    }
    const arrow = line.indexOf('>');
    return [
      {
        code: line.slice(0, 5),
        fullName: `${PREFIXES[line.charAt(5)]}${line.slice(6, arrow)}`,
        district,
        successors: line.slice(arrow + 1).split(','),
      },
    ];
  });
};

describe('the pre-2025 communes read from their compact form', () => {
  it('are the readable tables, unit by unit, with their districts and successors', () => {
    expect(Object.keys(legacyCommunesCompact().provinces).sort()).toEqual(Object.keys(LEGACY_COMMUNE_TABLES).sort());
    let units = 0;
    for (const [province, table] of Object.entries(LEGACY_COMMUNE_TABLES)) {
      const expected = readable(table);
      units += expected.length;
      expect(
        legacyCommunesOfProvince(province).map((c) => ({
          code: c.code,
          fullName: c.fullName,
          district: c.districtName,
          successors: mapLegacyCommune(c.code)?.successors.map((s) => s.code),
        })),
        province,
      ).toEqual(expected);
      for (const { code } of expected) expect(findLegacyCommune(code)?.legacyProvinceCode, code).toBe(province);
    }
    expect(units).toBe(10035);
  });

  it('hold each syllable once', () => {
    const { syllables } = legacyCommunesCompact();
    expect(new Set(syllables).size).toBe(syllables.length);
  });

  it('come from a file that must have the shape of the tables, or nothing is read from it', () => {
    expect(parseLegacyCommunesCompact('{"syllables":"Phúc Xá","provinces":{"001":"P1000001>02p"}}')).toEqual({
      syllables: ['Phúc', 'Xá'],
      provinces: { '001': 'P1000001>02p' },
    });
    for (const bad of [
      '',
      '[]',
      'null',
      '{"syllables":"Phúc Xá"}',
      '{"syllables":["Phúc"],"provinces":{"001":"P1000001>02p"}}',
      '{"syllables":"Phúc Xá","provinces":{}}',
      '{"syllables":"Phúc Xá","provinces":{"001":7}}',
    ]) {
      expect(() => parseLegacyCommunesCompact(bad), bad).toThrow();
    }
  });

  it('decode districts, gaps of one digit and of three, names and successors', () => {
    const syllables = ['Quận', 'Ba', 'Đình', 'Phúc', 'Xá', 'Huyện', 'Sóc', 'Sơn'];
    const units = decodeLegacyTable('001', '=000001002P1003004>02pX-1ir005006007>0gx0h0', syllables);
    expect(units.map((u) => [u.commune.code, u.commune.fullName, u.commune.districtName, u.successorCodes])).toEqual([
      ['00001', 'Phường Phúc Xá', 'Quận Ba Đình', ['00097']],
      ['01972', 'Xã Huyện Sóc Sơn', 'Quận Ba Đình', ['00609', '00612']],
    ]);
  });

  it('refuse what they cannot read rather than invent a unit', () => {
    const syllables = ['Phúc', 'Xá'];
    for (const bad of ['P1>02p', 'P1000001', 'Q1000001>02p', 'P1000001>02', 'P1000002>02p', '=00']) {
      expect(() => decodeLegacyTable('001', bad, syllables), bad).toThrow(/Legacy commune data error in 001/);
    }
  });
});
