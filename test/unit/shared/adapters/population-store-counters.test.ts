import { describe, expect, it } from 'vitest';
import { counterUpdates, householdCountUpdates } from '../../../../shared/adapters/dynamodb/population-counters.ts';
import { statisticsVersionKey } from '../../../../shared/adapters/dynamodb/population-store.ts';

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

describe('householdCountUpdates', () => {
  const update = (change: Parameters<typeof householdCountUpdates>[1][number]) =>
    householdCountUpdates('Population', [change])[0]?.Update;

  it('lets a head leave only when the count is the living members leaving, and says what it was when it refuses', () => {
    expect(update({ householdId: 'H1', by: -2, guard: 'emptied' })).toMatchObject({
      Key: { pk: 'HOUSEHOLD#H1', sk: 'COUNT' },
      UpdateExpression: 'SET #type = :type ADD living :by',
      ConditionExpression: 'living = :leaving',
      ExpressionAttributeValues: { ':by': -2, ':leaving': 2, ':type': 'household-count' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('lets a living person move in only while someone lives there', () => {
    expect(update({ householdId: 'H1', by: 1, guard: 'joinable' })).toMatchObject({
      ConditionExpression: 'living > :zero',
      ExpressionAttributeValues: { ':by': 1, ':zero': 0 },
    });
  });

  it('changes the count of an existing record only where one exists, and starts it for a record created', () => {
    for (const by of [-1, 1]) {
      expect(update({ householdId: 'H1', by, guard: 'counted' })).toMatchObject({
        ConditionExpression: 'attribute_exists(pk)',
      });
    }
    const increase = update({ householdId: 'H1', by: 1 });
    expect(increase).not.toHaveProperty('ConditionExpression');
    expect(increase).not.toHaveProperty('ReturnValuesOnConditionCheckFailure');
  });
});
