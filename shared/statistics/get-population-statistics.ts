import type { Clock } from '../domain/clock.ts';
import { vietnamMonth } from '../domain/clock.ts';
import type { PopulationStatistics, ProvinceAggregate } from './population-statistics.ts';
import { summarise } from './population-statistics.ts';

/** Reads the per-province aggregates that writers keep current. */
export interface StatisticsReader {
  readAggregates(): Promise<ProvinceAggregate[]>;
}

/**
 * Public population counts (no personal data) by province, sex and five-year age group.
 * 1. Read the 34 province aggregates (one query, no scan).
 * 2. Derive ages for the current month in Vietnam and fold into groups; keep one province if asked.
 */
export const getPopulationStatistics =
  (deps: { statistics: StatisticsReader; clock: Clock }) =>
  async (query: { province?: string | undefined }): Promise<PopulationStatistics> =>
    summarise(await deps.statistics.readAggregates(), vietnamMonth(deps.clock.now()), query.province);
