import { describe, expect, it } from 'vitest';
import type { StatisticsReader } from '../../../../shared/statistics/get-population-statistics.ts';
import { getPopulationStatistics } from '../../../../shared/statistics/get-population-statistics.ts';
import type { ProvinceAggregate } from '../../../../shared/statistics/population-statistics.ts';

/** An in-memory store of aggregates that counts how often the aggregates were read. */
const memoryStatistics = () => {
  const state = {
    version: 1,
    reads: 0,
    aggregates: [{ provinceCode: '01', counters: { 'F#2000-01': 2 } }] as ProvinceAggregate[],
  };
  const reader: StatisticsReader = {
    readStatisticsVersion: async () => state.version,
    readAggregates: async () => {
      state.reads++;
      return state.aggregates;
    },
  };
  return { state, reader };
};

describe('getPopulationStatistics', () => {
  it('reuses the summary while the statistics version is unchanged', async () => {
    const { state, reader } = memoryStatistics();
    const statistics = getPopulationStatistics({
      statistics: reader,
      clock: { now: () => new Date('2026-11-23T00:00:00Z') },
    });
    expect((await statistics({})).total).toBe(2);
    expect((await statistics({ province: '01' })).total).toBe(2);
    expect(state.reads).toBe(1);
  });

  it('reads the aggregates again as soon as a write bumps the version', async () => {
    const { state, reader } = memoryStatistics();
    const statistics = getPopulationStatistics({
      statistics: reader,
      clock: { now: () => new Date('2026-11-23T00:00:00Z') },
    });
    await statistics({});
    state.aggregates = [{ provinceCode: '01', counters: { 'F#2000-01': 3 } }];
    state.version = 2;
    expect((await statistics({})).total).toBe(3);
    expect(state.reads).toBe(2);
  });

  it('recomputes ages when the month changes in Vietnam, even without writes', async () => {
    const { state, reader } = memoryStatistics();
    let now = new Date('2026-12-31T16:59:00Z'); // 23:59 on 31 December in Vietnam
    const statistics = getPopulationStatistics({ statistics: reader, clock: { now: () => now } });
    expect((await statistics({})).asOfMonth).toBe('2026-12');
    now = new Date('2026-12-31T17:00:00Z'); // midnight: 1 January in Vietnam
    expect((await statistics({})).asOfMonth).toBe('2027-01');
    expect(state.reads).toBe(2);
  });

  it('lists only the asked province but keeps the national total', async () => {
    const { reader } = memoryStatistics();
    const statistics = getPopulationStatistics({
      statistics: reader,
      clock: { now: () => new Date('2026-11-23T00:00:00Z') },
    });
    const result = await statistics({ province: '37' });
    expect(result.provinces.map((p) => p.code)).toEqual(['37']);
    expect(result.total).toBe(2);
  });
});
