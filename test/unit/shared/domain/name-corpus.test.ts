import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FAMILY_NAMES,
  GIVEN_NAMES,
  MIDDLE_NAMES,
  NAME_CORPUS,
  pickWeighted,
  syntheticFullName,
  type WeightedName,
} from '../../../../shared/domain/name-corpus.ts';
import { normaliseName } from '../../../../shared/domain/names.ts';

const allLists: readonly (readonly [string, readonly WeightedName[]])[] = [
  ['family names', FAMILY_NAMES],
  ['male middle names', MIDDLE_NAMES.male],
  ['female middle names', MIDDLE_NAMES.female],
  ['male given names', GIVEN_NAMES.male],
  ['female given names', GIVEN_NAMES.female],
];

const share = (name: string): number =>
  (FAMILY_NAMES.find((e) => e.name === name)?.weight ?? 0) / FAMILY_NAMES.reduce((sum, e) => sum + e.weight, 0);

describe('name corpus', () => {
  it.each(allLists)('writes the %s in NFC, already normalised, without duplicates', (_, list) => {
    const names = list.map((e) => e.name);

    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toBe(name.normalize('NFC'));
      expect(normaliseName(name)).toEqual({ ok: true, name });
    }
  });

  it.each(allLists)('gives every entry of the %s a positive weight', (_, list) => {
    expect(list.every((e) => e.weight > 0)).toBe(true);
  });

  it('has the common family names led by Nguyễn at roughly 38%, with weights adding up to about 100', () => {
    expect(FAMILY_NAMES.length).toBeGreaterThanOrEqual(20);
    expect(FAMILY_NAMES.reduce((sum, e) => sum + e.weight, 0)).toBeCloseTo(100, -1);
    expect(share('Nguyễn')).toBeGreaterThan(0.36);
    expect(share('Nguyễn')).toBeLessThan(0.42);
    for (const name of ['Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô']) {
      expect(share(name)).toBeGreaterThan(0);
    }
    expect(share('Trần')).toBeGreaterThan(share('Lê'));
    expect(share('Lê')).toBeGreaterThan(share('Phạm'));
  });

  it('uses Văn as the most common male and Thị as the most common female middle name', () => {
    const top = (list: readonly WeightedName[]) => [...list].sort((a, b) => b.weight - a.weight)[0]?.name;

    expect(top(MIDDLE_NAMES.male)).toBe('Văn');
    expect(top(MIDDLE_NAMES.female)).toBe('Thị');
    expect(MIDDLE_NAMES.male.some((e) => e.name === 'Thị')).toBe(false);
  });

  it('has about sixty given names for each sex', () => {
    expect(GIVEN_NAMES.male.length).toBeGreaterThanOrEqual(55);
    expect(GIVEN_NAMES.female.length).toBeGreaterThanOrEqual(55);
  });

  it('offers the same corpus in the plain shape the seed generator takes', () => {
    expect(NAME_CORPUS.familyNames[0]).toEqual(['Nguyễn', 38.4]);
    expect(NAME_CORPUS.middleNames.female).toContain('Thị');
    expect(NAME_CORPUS.givenNames.male).toHaveLength(GIVEN_NAMES.male.length);
  });
});

describe('pickWeighted', () => {
  const list: readonly WeightedName[] = [
    { name: 'A', weight: 1 },
    { name: 'B', weight: 3 },
  ];

  it('maps the random number onto the cumulative weights', () => {
    expect(pickWeighted(list, () => 0)).toBe('A');
    expect(pickWeighted(list, () => 0.24)).toBe('A');
    expect(pickWeighted(list, () => 0.26)).toBe('B');
    expect(pickWeighted(list, () => 0.999999)).toBe('B');
  });

  it('refuses an empty list', () => {
    expect(() => pickWeighted([], () => 0.5)).toThrow(RangeError);
  });

  it('picks Nguyễn for about 38% of a large deterministic sample', () => {
    // mulberry32: a small deterministic generator, so the test always draws the same sample.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };

    const picks = Array.from({ length: 20_000 }, () => pickWeighted(FAMILY_NAMES, random));

    const nguyen = picks.filter((name) => name === 'Nguyễn').length / picks.length;
    expect(nguyen).toBeGreaterThan(0.36);
    expect(nguyen).toBeLessThan(0.42);
  });
});

describe('syntheticFullName', () => {
  it('builds a female name with a female middle name', () => {
    const name = syntheticFullName('female', () => 0);

    expect(name).toBe('Nguyễn Thị An');
  });

  it('always produces a valid three-word name', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('male' as const, 'female' as const),
        fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })),
        (sex, stream) => {
          const iterator = stream[Symbol.iterator]();
          const name = syntheticFullName(sex, () => iterator.next().value ?? 0);
          return name.split(' ').length === 3 && normaliseName(name).ok;
        },
      ),
    );
  });
});
