import type { Clock } from '../domain/clock.ts';
import { vietnamMonth } from '../domain/clock.ts';
import type { PopulationStatistics, ProvinceAggregate } from './population-statistics.ts';
import { summarise } from './population-statistics.ts';

/** Reads the per-province aggregates that writers keep current. */
export interface StatisticsReader {
  /**
   * A number that changes, in the same transaction, whenever any aggregate changes. Read strongly
   * consistently: it is what makes a cached summary safe to reuse.
   */
  readStatisticsVersion(): Promise<number>;
  readAggregates(): Promise<ProvinceAggregate[]>;
}

/**
 * Public population counts (no personal data) by province, sex and five-year age group.
 * 1. Read the statistics version (one small item, strongly consistent).
 * 2. If this execution environment already summarised that version for the current month in Vietnam,
 *    reuse it; otherwise read the 34 province aggregates (one query, never a scan) and summarise them.
 * 3. Keep one province if asked; the national totals stay.
 * The version is read before the aggregates, so a summary is never cached under a newer version than
 * its data: a concurrent write can only cause one extra read, never a stale answer.
 */
export const getPopulationStatistics = (deps: { statistics: StatisticsReader; clock: Clock }) => {
  let cached: { version: number; month: string; summary: PopulationStatistics } | undefined;
  return async (query: { province?: string | undefined }): Promise<PopulationStatistics> => {
    const month = vietnamMonth(deps.clock.now());
    const version = await deps.statistics.readStatisticsVersion();
    if (!cached || cached.version !== version || cached.month !== month) {
      cached = { version, month, summary: summarise(await deps.statistics.readAggregates(), month) };
    }
    const { summary } = cached;
    return query.province
      ? { ...summary, provinces: summary.provinces.filter((p) => p.code === query.province) }
      : summary;
  };
};
