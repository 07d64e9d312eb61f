import { describe, expect, it } from 'vitest';
import { counterUpdates, statisticsVersionKey } from '../../../../shared/adapters/dynamodb/population-store.ts';

describe('counterUpdates', () => {
  it('adds a birth to the small shard of its province and birth year, never to the base aggregate', () => {
    const updates = counterUpdates('Population', [{ provinceCode: '01', key: 'F#2026-03', by: 1 }]);
    expect(updates).toEqual([
      {
        Update: {
          TableName: 'Population',
          Key: { pk: 'STATS', sk: 'PROVINCE#01#Y2026' },
          UpdateExpression: 'ADD #k0 :v0',
          ExpressionAttributeNames: { '#k0': 'F#2026-03' },
          ExpressionAttributeValues: { ':v0': 1 },
        },
      },
      {
        Update: {
          TableName: 'Population',
          Key: statisticsVersionKey,
          UpdateExpression: 'ADD version :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
  });

  it('moves a citizen between provinces in two shards and one version bump', () => {
    const updates = counterUpdates('Population', [
      { provinceCode: '01', key: 'M#1990-05', by: -1 },
      { provinceCode: '79', key: 'M#1990-05', by: 1 },
    ]);
    expect(updates.map((u) => u.Update.Key)).toEqual([
      { pk: 'STATS', sk: 'PROVINCE#01#Y1990' },
      { pk: 'STATS', sk: 'PROVINCE#79#Y1990' },
      statisticsVersionKey,
    ]);
  });

  it('writes nothing when the changes cancel out', () => {
    expect(
      counterUpdates('Population', [
        { provinceCode: '01', key: 'M#1990-05', by: -1 },
        { provinceCode: '01', key: 'M#1990-05', by: 1 },
      ]),
    ).toEqual([]);
  });
});
