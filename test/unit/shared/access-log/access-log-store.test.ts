import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { GENESIS } from '../../../../shared/access-log/hash-chain.ts';
import { AccessLogBusyError, AccessLogStore } from '../../../../shared/adapters/dynamodb/access-log-store.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import { anEntry, CITIZEN } from './fixtures.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const delays: number[] = [];
const store = (maxAttempts = 10) =>
  new AccessLogStore(documentClient, 'AccessLog', {
    maxAttempts,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
const collision = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }],
  });

beforeEach(() => {
  dynamo.reset();
  delays.length = 0;
});

describe('AccessLogStore.append', () => {
  it('writes the first entry of a citizen and creates the head in one transaction', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).resolves({});
    const stored = await store().append(anEntry());
    expect(stored).toMatchObject({ seq: 1, previousHash: GENESIS });
    const [put, head] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(put?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `CITIZEN#${CITIZEN}`,
        sk: 'ENTRY#000000000001',
        accessorId: 'agency#bach-mai-hospital',
        at: '2026-03-01T02:03:04.005Z',
        hash: stored.hash,
      },
    });
    expect(head?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `CITIZEN#${CITIZEN}`, sk: 'HEAD', seq: 1, hash: stored.hash },
    });
    expect(head?.Put?.Item).not.toHaveProperty('accessorId');
  });

  it('links after the head and moves the head only if nobody moved it meanwhile', async () => {
    dynamo.on(GetCommand).resolves({ Item: { seq: 41, hash: 'a'.repeat(64) } });
    dynamo.on(TransactWriteCommand).resolves({});
    const stored = await store().append(anEntry());
    expect(stored).toMatchObject({ seq: 42, previousHash: 'a'.repeat(64) });
    const [, head] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(head?.Put).toMatchObject({
      ConditionExpression: '#seq = :seq AND #hash = :hash',
      ExpressionAttributeValues: { ':seq': 41, ':hash': 'a'.repeat(64) },
    });
  });

  it('re-reads the head and retries, with growing random delays, when a concurrent append won', async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { seq: 1, hash: 'a'.repeat(64) } })
      .resolvesOnce({ Item: { seq: 2, hash: 'b'.repeat(64) } })
      .resolves({ Item: { seq: 3, hash: 'c'.repeat(64) } });
    dynamo.on(TransactWriteCommand).rejectsOnce(collision()).rejectsOnce(collision()).resolves({});
    const stored = await store().append(anEntry());
    expect(stored).toMatchObject({ seq: 4, previousHash: 'c'.repeat(64) });
    expect(delays).toEqual([50, 100]);
  });

  it('gives up with a busy error after the last attempt', async () => {
    let seq = 0;
    dynamo
      .on(GetCommand)
      .callsFake(async (input: { Key: { sk: string } }) =>
        input.Key.sk === 'HEAD' ? { Item: { seq: ++seq, hash: 'a'.repeat(64) } } : {},
      );
    dynamo.on(TransactWriteCommand).rejects(collision());
    const attempt = store(3).append(anEntry());
    await expect(attempt).rejects.toThrow(AccessLogBusyError);
    await expect(attempt).rejects.toThrow(/is busy \(3 attempts collided/);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('says the chain is inconsistent when an entry already sits past a head that does not move', async () => {
    dynamo
      .on(GetCommand)
      .callsFake(async (input: { Key: { sk: string } }) =>
        input.Key.sk === 'HEAD' ? { Item: { seq: 5, hash: 'a'.repeat(64) } } : { Item: { sk: input.Key.sk } },
      );
    dynamo.on(TransactWriteCommand).rejects(collision());
    await expect(store(2).append(anEntry())).rejects.toThrow(
      /inconsistent: entry ENTRY#000000000006 exists but the head says 5 entries/,
    );
  });

  it('does not retry other errors', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo
      .on(TransactWriteCommand)
      .rejects(Object.assign(new Error('no table'), { name: 'ResourceNotFoundException' }));
    await expect(store().append(anEntry())).rejects.toThrow('no table');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('refuses an invalid entry before writing anything', async () => {
    await expect(store().append(anEntry({ subjectPin: '1' }))).rejects.toThrow(/subjectPin/);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('AccessLogStore listing', () => {
  it('refuses a malformed cursor before querying', async () => {
    await expect(store().listForCitizen(CITIZEN, { cursor: 'eyJzayI6IkhFQUQifQ' })).rejects.toThrow(ValidationError);
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('refuses an accessor ID that is not <type>#<id>', async () => {
    await expect(store().listByAccessor('bach-mai-hospital')).rejects.toThrow(ValidationError);
  });

  it('refuses a time window bound that is not an instant', async () => {
    await expect(store().listByAccessor('agency#bach-mai', { from: 'yesterday' })).rejects.toThrow(
      /"from" is not a date and time/,
    );
  });

  it('queries the oversight index newest first within an inclusive window, normalised to UTC', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    await store().listByAccessor('agency#bach-mai', { from: '2026-03-01T07:00:00+07:00', to: '2026-03-02T00:00:00Z' });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byAccessor',
      KeyConditionExpression: 'accessorId = :accessor AND #at BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':accessor': 'agency#bach-mai',
        ':from': '2026-03-01T00:00:00.000Z',
        ':to': '2026-03-02T00:00:00.000Z',
      },
      ScanIndexForward: false,
    });
  });
});
