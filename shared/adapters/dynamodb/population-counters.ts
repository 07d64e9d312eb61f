/**
 * The counters the Population table keeps in the same transaction as the records they count, so they never disagree
 * with the records: the population statistics (by province, birth year, sex and month) and each household's living
 * members (shared/domain/household-members.ts says why). population-store.ts adds these items to its writes.
 */
import type { HouseholdCountChange } from '../../domain/household-members.ts';
import type { CounterDelta } from '../../statistics/population-statistics.ts';
import { householdCountKey, statisticsVersionKey } from './population-reader.ts';

export { householdCountKey };

/**
 * A province's base aggregate: the counters of bulk loads (seeding, migrations), rewritten whole by
 * `applyBulkCounterDeltas`. Everyday writes never touch it (it is ~40 KB: 80 write units in a transaction).
 */
export const statisticsKey = (provinceCode: string) => ({ pk: 'STATS', sk: `PROVINCE#${provinceCode}` });
/**
 * The shard of a province's counters for one birth year, which everyday writes (births, deaths, moves) update
 * with ADD: at most 24 counters (sex × month), so well under 1 KB. A province's statistics are its base
 * aggregate plus all its shards, read in the same strongly consistent query.
 */
export const statisticsShardKey = (provinceCode: string, birthYear: string) => ({
  pk: 'STATS',
  sk: `PROVINCE#${provinceCode}#Y${birthYear}`,
});
const birthYearOf = (key: string) => key.slice(2, 6);

export const bumpStatisticsVersion = (tableName: string) => ({
  Update: {
    TableName: tableName,
    Key: statisticsVersionKey,
    UpdateExpression: 'ADD version :one',
    ExpressionAttributeValues: { ':one': 1 },
  },
});
/**
 * Groups counter deltas into one ADD update per province and birth year (a transaction may touch an item only
 * once), on the small shard items, never on the base aggregate.
 */
export const counterUpdates = (tableName: string, deltas: readonly CounterDelta[]) => {
  const byShard = new Map<string, Map<string, number>>();
  for (const d of deltas) {
    const shard = `${d.provinceCode}|${birthYearOf(d.key)}`;
    const counters = byShard.get(shard) ?? new Map<string, number>();
    counters.set(d.key, (counters.get(d.key) ?? 0) + d.by);
    byShard.set(shard, counters);
  }
  const updates = [...byShard.entries()].flatMap(([shard, counters]) => {
    const entries = [...counters.entries()].filter(([, n]) => n !== 0);
    if (entries.length === 0) return [];
    const [provinceCode, birthYear] = shard.split('|') as [string, string];
    return [
      {
        Update: {
          TableName: tableName,
          Key: statisticsShardKey(provinceCode, birthYear),
          UpdateExpression: `ADD ${entries.map((_, i) => `#k${i} :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([key], i) => [`#k${i}`, key])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:v${i}`, n])),
        },
      },
    ];
  });
  return updates.length > 0 ? [...updates, bumpStatisticsVersion(tableName)] : [];
};

/**
 * One ADD update per household a write moves, each conditioned so that the write is cancelled (and nothing is
 * written) when the count says the move would break a household rule:
 * - the head leaves (`emptied`): the count must be the number of living members leaving with them;
 * - a living person moves in (`joinable`): the count must be above zero;
 * - a write that moves nobody but was judged on the household's members (`exactly`): the count must be `living`;
 * - any other change of an existing record (`counted`): the count must exist (a household without one was never
 *   counted: the store counts it from its members and writes again, see countHouseholdsFromIndex), so it is never
 *   started from this one change's delta.
 * A record created in its household (no guard) starts the count or adds to it. Beside the guard, `recordedHead`
 * holds the write to the head recorded on the count (`headPin`) as read, and `recordHead` records one.
 */
export const householdCountUpdates = (tableName: string, changes: readonly HouseholdCountChange[]) =>
  changes.map((c) => {
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':by': c.by, ':type': 'household-count' };
    if (c.guard === 'emptied') {
      conditions.push('living = :leaving');
      values[':leaving'] = -c.by;
    } else if (c.guard === 'joinable') {
      conditions.push('living > :zero');
      values[':zero'] = 0;
    } else if (c.guard === 'counted') {
      conditions.push('attribute_exists(pk)');
    } else if (c.guard === 'exactly') {
      conditions.push('living = :living');
      values[':living'] = c.living ?? 0;
    }
    if (c.recordedHead === null) {
      conditions.push('attribute_not_exists(headPin)');
    } else if (c.recordedHead !== undefined) {
      conditions.push('headPin = :recordedHead');
      values[':recordedHead'] = c.recordedHead;
    }
    if (c.recordHead !== undefined) values[':head'] = c.recordHead;
    return {
      Update: {
        TableName: tableName,
        Key: householdCountKey(c.householdId),
        UpdateExpression: `SET #type = :type${c.recordHead !== undefined ? ', headPin = :head' : ''} ADD living :by`,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: values,
        ...(conditions.length > 0
          ? {
              ConditionExpression: conditions.join(' AND '),
              // So a refusal can tell a household that has no count yet from one whose count forbids the move.
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
            }
          : {}),
      },
    };
  });
