import { type CancellationReason, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { GENESIS } from '../../../../shared/access-log/hash-chain.ts';
import { AccessLogBusyError, AccessLogStore } from '../../../../shared/adapters/dynamodb/access-log-store.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import { anEntry, CITIZEN, chainOf } from './fixtures.ts';

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
const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);
/** A cancelled transaction: the reasons of each item in order (claim, entry, head per citizen). */
const cancelled = (...CancellationReasons: CancellationReason[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons });
const ok = { Code: 'None' };
const check = { Code: 'ConditionalCheckFailed' };
/** The head DynamoDB returns (ALL_OLD, marshalled) with a failed head condition. */
const headNow = (seq: number, hash: string) => ({
  Code: 'ConditionalCheckFailed',
  Item: { pk: { S: `CITIZEN#${CITIZEN}` }, sk: { S: 'HEAD' }, seq: { N: String(seq) }, hash: { S: hash } },
});
const itemsOf = (call = 0) => dynamo.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];

beforeEach(() => {
  dynamo.reset();
  delays.length = 0;
});

describe('AccessLogStore.append', () => {
  it('writes the first entry of a citizen with its request claim and the head in one transaction, reading nothing', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const stored = await store().append(anEntry());
    expect(stored).toMatchObject({ seq: 1, previousHash: GENESIS });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    const [claim, put, head] = itemsOf();
    expect(claim?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `CITIZEN#${CITIZEN}`, sk: 'REQUEST#req-1#0', seq: 1 },
    });
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

  it('repairs a wrong guess with the head DynamoDB returns, at once and without reading it', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(ok, ok, headNow(41, hashA)))
      .resolves({});
    const stored = await store().append(anEntry());
    expect(stored).toMatchObject({ seq: 42, previousHash: hashA });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(delays).toEqual([]);
    expect(itemsOf(1)[2]?.Put).toMatchObject({
      ConditionExpression: '#seq = :seq AND #hash = :hash',
      ExpressionAttributeValues: { ':seq': 41, ':hash': hashA },
    });
  });

  it('links the next append after the head it wrote, so a busy citizen needs one write per read', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const log = store();
    const first = await log.append(anEntry());
    const second = await log.append(anEntry({ requestId: 'req-2' }));
    expect(second).toMatchObject({ seq: 2, previousHash: first.hash });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('backs off with growing random delays, then reads the head, when a head it just learnt moved again', async () => {
    dynamo.on(GetCommand).resolves({ Item: { seq: 3, hash: 'c'.repeat(64) } });
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(ok, ok, headNow(1, hashA)))
      .rejectsOnce(cancelled(ok, ok, headNow(2, hashB)))
      .rejectsOnce(cancelled(ok, ok, headNow(3, 'c'.repeat(64))))
      .resolves({});
    // The first failure only corrects the guess; the next two are contention.
    const stored = await store().append(anEntry());
    expect(stored).toMatchObject({ seq: 4, previousHash: 'c'.repeat(64) });
    expect(delays).toEqual([50, 100]);
  });

  it('gives up with a busy error after the last attempt', async () => {
    let seq = 0;
    dynamo.on(GetCommand).resolves({});
    dynamo.on(TransactWriteCommand).callsFake(async () => {
      throw cancelled(ok, ok, headNow(++seq, hashA));
    });
    const attempt = store(3).append(anEntry());
    await expect(attempt).rejects.toThrow(AccessLogBusyError);
    await expect(attempt).rejects.toThrow(/is busy \(3 attempts collided/);
    // One write on a wrong guess, then three that collided.
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('says the chain is inconsistent when an entry already sits past a head that did not move', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(ok, check, ok));
    await expect(store(2).append(anEntry())).rejects.toThrow(
      /inconsistent: entry 1 exists but the head says 0 entries/,
    );
  });

  it('returns the entry a retried request already wrote instead of writing a second one', async () => {
    const { entries } = chainOf([anEntry({ requestId: 'other' }), anEntry()]);
    const written = entries[1];
    dynamo
      .on(TransactWriteCommand)
      .rejects(cancelled({ Code: 'ConditionalCheckFailed', Item: { seq: { N: '2' } } }, ok, ok));
    dynamo.on(GetCommand).resolves({ Item: { pk: `CITIZEN#${CITIZEN}`, sk: 'ENTRY#000000000002', ...written } });
    expect(await store().append(anEntry())).toEqual(written);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({
      pk: `CITIZEN#${CITIZEN}`,
      sk: 'ENTRY#000000000002',
    });
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

describe('AccessLogStore.appendMany', () => {
  const pins = (n: number) => Array.from({ length: n }, (_, i) => `001215${String(i).padStart(6, '0')}`);

  it('writes one request about three children in one all-or-nothing transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const stored = await store().appendMany(pins(3).map((subjectPin) => anEntry({ subjectPin })));
    expect(stored.map((e) => [e.subjectPin, e.seq])).toEqual(pins(3).map((pin) => [pin, 1]));
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(itemsOf()).toHaveLength(9);
  });

  it('splits a request about 40 citizens into transactions of at most 99 items', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await store().appendMany(pins(40).map((subjectPin) => anEntry({ subjectPin })));
    expect(dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems?.length)).toEqual([
      99, 21,
    ]);
  });

  it('chains two entries of one request about the same citizen in order in one transaction, each with its claim', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const [first, second] = await store().appendMany([anEntry(), anEntry({ purpose: 'ekyc' })]);
    expect(second).toMatchObject({ seq: 2, previousHash: first?.hash, purpose: 'ekyc' });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(itemsOf().map((item) => item.Put?.Item?.sk)).toEqual([
      'REQUEST#req-1#0',
      'ENTRY#000000000001',
      'REQUEST#req-1#1',
      'ENTRY#000000000002',
      'HEAD',
    ]);
    // One head move, from the empty chain to the last entry.
    expect(itemsOf()[4]?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { seq: 2, hash: second?.hash },
    });
  });

  it('writes four requests about one citizen (one event to four agencies) in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const requests = ['feed:vss:e-1', 'feed:tax:e-1', 'feed:education:e-1', 'feed:election-roll:e-1'];
    const stored = await store().appendMany(requests.map((requestId) => anEntry({ requestId })));
    expect(stored.map((e) => [e.requestId, e.seq])).toEqual(requests.map((id, i) => [id, i + 1]));
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(itemsOf()).toHaveLength(9);
  });

  it('relinks a citizen’s chained entries after the head DynamoDB returns when it moved', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(ok, ok, ok, ok, ok, ok, headNow(41, hashA)))
      .resolves({});
    const requests = ['a', 'b', 'c'];
    const stored = await store().appendMany(requests.map((requestId) => anEntry({ requestId })));
    expect(stored.map((e) => e.seq)).toEqual([42, 43, 44]);
    expect(stored[0]?.previousHash).toBe(hashA);
    expect(stored[2]?.previousHash).toBe(stored[1]?.hash);
    expect(itemsOf(1)[6]?.Put).toMatchObject({
      ExpressionAttributeValues: { ':seq': 41, ':hash': hashA },
      Item: { seq: 44, hash: stored[2]?.hash },
    });
    expect(delays).toEqual([]);
  });

  it('reads back the one entry of a group a retried request already wrote and appends the others after it', async () => {
    const { entries, head } = chainOf([anEntry({ requestId: 'a' })]);
    const written = entries[0];
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        cancelled({ Code: 'ConditionalCheckFailed', Item: { seq: { N: '1' } } }, ok, ok, ok, {
          Code: 'ConditionalCheckFailed',
          Item: { seq: { N: '1' }, hash: { S: head?.hash ?? '' } },
        }),
      )
      .resolves({});
    dynamo.on(GetCommand).resolves({ Item: { pk: `CITIZEN#${CITIZEN}`, sk: 'ENTRY#000000000001', ...written } });
    const [first, second] = await store().appendMany([anEntry({ requestId: 'a' }), anEntry({ requestId: 'b' })]);
    expect(first).toEqual(written);
    expect(second).toMatchObject({ seq: 2, previousHash: head?.hash, requestId: 'b' });
    expect(itemsOf(1).map((item) => item.Put?.Item?.sk)).toEqual(['REQUEST#b#0', 'ENTRY#000000000002', 'HEAD']);
  });

  it('keeps 49 entries about one citizen in one transaction and the 50th for the next', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const stored = await store().appendMany(Array.from({ length: 50 }, (_, i) => anEntry({ requestId: `r-${i}` })));
    expect(dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems?.length)).toEqual([
      99, 3,
    ]);
    expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(stored[49]?.previousHash).toBe(stored[48]?.hash);
  });

  it('writes nobody’s entry when one citizen’s head moved, then all of them linked after the fresh head', async () => {
    const [a, b] = pins(2) as [string, string];
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(
        cancelled(ok, ok, ok, ok, ok, {
          Code: 'ConditionalCheckFailed',
          Item: { pk: { S: `CITIZEN#${b}` }, sk: { S: 'HEAD' }, seq: { N: '7' }, hash: { S: hashA } },
        }),
      )
      .resolves({});
    const stored = await store().appendMany([anEntry({ subjectPin: a }), anEntry({ subjectPin: b })]);
    expect(stored.map((e) => e.seq)).toEqual([1, 8]);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(itemsOf(1)).toHaveLength(6);
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
