/**
 * How DynamoBulkPopulation groups changes into transactions (the DynamoDB semantics themselves are exercised against
 * DynamoDB Local in test/integration/bulk-sync/bulk-sync.test.ts): many changes a transaction, a stale one named by
 * the cancellation reasons and dropped from the resend, and changes that move the statistics written alone.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BULK_CHANGES_PER_TRANSACTION,
  DynamoBulkPopulation,
} from '../../../../shared/adapters/dynamodb/bulk-population.ts';
import type { CitizenChange, StoredCitizen } from '../../../../shared/adapters/dynamodb/population-store.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const bulk = new DynamoBulkPopulation(documentClient, 'Population');
beforeEach(() => dynamo.reset());

const citizen = (n: number): StoredCitizen => ({
  pin: `0010850${String(n).padStart(5, '0')}`,
  fullName: 'Trần Văn Minh',
  sex: 'male',
  birthDate: '1985-07-09',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { communeCode: '00004', provinceCode: '01', addressLine: 'Số 1', since: '2000-01-01' },
  version: 3,
});
const change = { actor: 'test', action: 'health-insurance-linked', reason: 'r', at: '2026-12-06T00:00:00Z' };
const linkCard = (before: StoredCitizen): CitizenChange => ({
  before,
  after: {
    ...before,
    healthInsurance: {
      number: 'GD4010000000009',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      facilityCode: '01001',
    },
  },
  change,
});
const transactions = () => dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);

describe('DynamoBulkPopulation.updateCitizens', () => {
  it('writes many citizens per transaction, each record on condition of its version with its history item', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const changes = Array.from({ length: BULK_CHANGES_PER_TRANSACTION + 3 }, (_, i) => linkCard(citizen(i)));
    const outcomes = await bulk.updateCitizens(changes);
    expect([...outcomes.values()].every((o) => o === 'written')).toBe(true);
    expect(transactions().map((t) => t.length)).toEqual([2 * BULK_CHANGES_PER_TRANSACTION, 6]);
    expect(transactions()[1]?.[0]?.Put?.ConditionExpression).toBe('version = :expected');
  });

  it('resends a cancelled transaction without the change DynamoDB names as stale, and reports it as a conflict', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [
            { Code: 'None' },
            { Code: 'None' },
            { Code: 'ConditionalCheckFailed' },
            { Code: 'None' },
          ],
        }),
      )
      .resolves({});
    const [a, b] = [citizen(1), citizen(2)];
    const outcomes = await bulk.updateCitizens([linkCard(a), linkCard(b)]);
    expect(Object.fromEntries(outcomes)).toEqual({ [a.pin]: 'written', [b.pin]: 'conflict' });
    expect(transactions().map((t) => t.length)).toEqual([4, 2]);
  });

  it('writes a change that moves the statistics alone, with its counter update, never inside a shared chunk', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const mover = citizen(9);
    const moved: CitizenChange = {
      before: mover,
      after: {
        ...mover,
        permanentResidence: { ...mover.permanentResidence, provinceCode: '79', communeCode: '26506' },
      },
      change,
    };
    await bulk.updateCitizens([linkCard(citizen(1)), moved, linkCard(citizen(2))]);
    const [shared, alone] = transactions();
    expect(shared).toHaveLength(4);
    expect(shared?.some((item) => item.Update)).toBe(false);
    expect(alone?.filter((item) => item.Update).length).toBeGreaterThan(0);
  });

  it('refuses two changes of one citizen in one call', async () => {
    const a = citizen(1);
    await expect(bulk.updateCitizens([linkCard(a), linkCard(a)])).rejects.toThrow(/one change per citizen/);
  });
});
