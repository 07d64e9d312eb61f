/**
 * The meter bills writes as AWS does, not as DynamoDB Local reports them: a transaction's items 2 WRU each (per KB or
 * part of it), where Local reports 2 per KB of all the items of a table together.
 */
import { describe, expect, it } from 'vitest';
import { awsBilledWrite, transactionItems } from '../../bench/metering.ts';

const put = (table: string) => ({ Put: { TableName: table, Item: {} } });
const update = (table: string) => ({ Update: { TableName: table, Key: {} } });
const check = (table: string) => ({ ConditionCheck: { TableName: table, Key: {} } });

describe('awsBilledWrite', () => {
  it('bills each item of a transaction at least 2 WRU, per table, with the index units on top', () => {
    const input = { TransactItems: [put('Dossiers'), update('Dossiers'), put('Dossiers'), put('Identity')] };
    // What DynamoDB Local answers for three small Dossiers items and one Identity item: 2 units a table.
    const consumed = [
      {
        TableName: 'Dossiers',
        CapacityUnits: 3,
        Table: { CapacityUnits: 2 },
        GlobalSecondaryIndexes: { byInbox: { CapacityUnits: 1 } },
      },
      { TableName: 'Identity', CapacityUnits: 2, Table: { CapacityUnits: 2 } },
    ];
    expect(awsBilledWrite('TransactWriteItemsCommand', input, consumed)).toEqual({
      writeUnits: 6 + 1 + 2,
      readUnits: 0,
    });
  });

  it('keeps what Local reports when it is more (items over 1 KB), and bills condition checks as reads', () => {
    const input = { TransactItems: [put('Population'), check('Population')] };
    const consumed = [{ TableName: 'Population', CapacityUnits: 6, Table: { CapacityUnits: 6 } }];
    expect(awsBilledWrite('TransactWriteCommand', input, consumed)).toEqual({ writeUnits: 6, readUnits: 2 });
    expect(transactionItems(input).get('Population')).toEqual({ writes: 1, checks: 1 });
  });

  it('takes a single write as reported (AWS bills it per item already)', () => {
    const consumed = [
      {
        TableName: 'Dossiers',
        CapacityUnits: 2,
        Table: { CapacityUnits: 1 },
        GlobalSecondaryIndexes: { byDue: { CapacityUnits: 1 } },
      },
    ];
    expect(awsBilledWrite('UpdateItemCommand', { Key: {} }, consumed)).toEqual({ writeUnits: 2, readUnits: 0 });
  });
});
