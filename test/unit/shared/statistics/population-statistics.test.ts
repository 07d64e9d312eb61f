import { describe, expect, it } from 'vitest';
import {
  ageAtEndOfMonth,
  counterKey,
  statisticsDelta,
  summarise,
} from '../../../../shared/statistics/population-statistics.ts';

const person = (overrides: Partial<Parameters<typeof statisticsDelta>[1] & object> = {}) => ({
  status: 'alive' as const,
  sex: 'female' as const,
  birthDate: '2019-05-14',
  permanentResidence: { communeCode: '00070', provinceCode: '01', addressLine: 'x', since: '2019-05-14' },
  ...overrides,
});

describe('statisticsDelta', () => {
  it('counts a new living citizen once in the province of permanent residence', () => {
    expect(statisticsDelta(undefined, person())).toEqual([{ provinceCode: '01', key: 'F#2019-05', by: 1 }]);
  });

  it('removes a citizen from the counts when they die', () => {
    expect(statisticsDelta(person(), person({ status: 'deceased' }))).toEqual([
      { provinceCode: '01', key: 'F#2019-05', by: -1 },
    ]);
  });

  it('moves the count between provinces when the permanent residence moves', () => {
    const moved = person({
      permanentResidence: { communeCode: '26734', provinceCode: '79', addressLine: 'y', since: '2025-01-01' },
    });
    expect(statisticsDelta(person(), moved)).toEqual([
      { provinceCode: '01', key: 'F#2019-05', by: -1 },
      { provinceCode: '79', key: 'F#2019-05', by: 1 },
    ]);
  });

  it('changes nothing when a move stays inside the province or the citizen was already dead', () => {
    const sameProvince = person({
      permanentResidence: { communeCode: '00004', provinceCode: '01', addressLine: 'z', since: '2025-01-01' },
    });
    expect(statisticsDelta(person(), sameProvince)).toEqual([]);
    expect(statisticsDelta(person({ status: 'deceased' }), person({ status: 'deceased', sex: 'male' }))).toEqual([]);
  });
});

describe('ages and groups', () => {
  it('counts completed years at the end of the reference month', () => {
    expect(ageAtEndOfMonth('2019-05', '2024-04')).toBe(4);
    expect(ageAtEndOfMonth('2019-05', '2024-05')).toBe(5);
    expect(ageAtEndOfMonth('2019-12', '2024-11')).toBe(4);
  });
});

describe('summarise', () => {
  it('folds province aggregates into national and provincial counts by sex and age group', () => {
    const stats = summarise(
      [
        { provinceCode: '01', counters: { [counterKey('female', '2019-05-01')]: 3, 'M#1950-01': 2, revision: 7 } },
        { provinceCode: '37', counters: { 'M#2024-12': 1 } },
      ],
      '2024-11',
    );
    expect(stats.total).toBe(6);
    expect(stats.bySex).toEqual({ male: 3, female: 3, total: 6 });
    expect(stats.byAgeGroup['5-9']).toEqual({ male: 0, female: 3, total: 3 });
    expect(stats.byAgeGroup['70-74']).toEqual({ male: 2, female: 0, total: 2 });
    // Born after the reference month: counted, at age 0.
    expect(stats.byAgeGroup['0-4']).toEqual({ male: 1, female: 0, total: 1 });
    expect(stats.provinces).toHaveLength(34);
    expect(stats.provinces.find((p) => p.code === '01')).toMatchObject({ name: 'Hà Nội', total: 5 });
    expect(stats.provinces.find((p) => p.code === '79')?.total).toBe(0);
  });

  it('keeps the national totals but lists only the asked province', () => {
    const stats = summarise(
      [
        { provinceCode: '01', counters: { 'F#2000-01': 4 } },
        { provinceCode: '37', counters: { 'M#2000-01': 1 } },
      ],
      '2024-11',
      '37',
    );
    expect(stats.total).toBe(5);
    expect(stats.provinces.map((p) => p.code)).toEqual(['37']);
    expect(stats.provinces[0]?.total).toBe(1);
  });
});
