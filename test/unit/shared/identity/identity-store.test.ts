import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoAccountStore,
  DynamoLoginThrottle,
  DynamoOneTimeCodeStore,
  notificationSenderFromEnv,
  OutboxNotificationSender,
} from '../../../../shared/adapters/dynamodb/identity-store.ts';
import { DEFAULT_LOCKOUT_POLICY } from '../../../../shared/identity/lockout.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const NOW = Date.parse('2026-07-01T00:00:00.000Z');
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => dynamo.reset());

describe('DynamoLoginThrottle', () => {
  const throttle = new DynamoLoginThrottle(documentClient, 'Identity');

  it('counts a failure atomically and only while the PIN is not locked', async () => {
    dynamo.on(UpdateCommand).resolves({ Attributes: { failures: 3 } });
    expect(await throttle.recordFailure('001090000123', NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({ failures: 3 });
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'ACCOUNT#001090000123', sk: 'LOCKOUT' },
      UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, expiresAt = :forget',
      ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil <= :now',
    });
  });

  it('starts a 15-minute lock at the 5th failure, on condition that the counter is at the limit', async () => {
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: { failures: 5 } })
      .resolvesOnce({});
    expect(await throttle.recordFailure('001090000123', NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({
      failures: 0,
      lockedUntil: NOW + 15 * 60 * 1000,
    });
    expect(dynamo.commandCalls(UpdateCommand)[1]?.args[0].input).toMatchObject({
      ConditionExpression: 'failures >= :max AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
      ExpressionAttributeValues: expect.objectContaining({ ':until': NOW + 15 * 60 * 1000, ':max': 5 }),
    });
  });

  it('reports the existing lock when a failure arrives during it', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: { lockedUntil: NOW + 60_000 } });
    expect(await throttle.recordFailure('001090000123', NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({
      failures: 0,
      lockedUntil: NOW + 60_000,
    });
  });

  it('reads a past lock as no lock, and forgets failures on reset', async () => {
    dynamo.on(GetCommand).resolves({ Item: { lockedUntil: NOW - 1 } });
    expect(await throttle.lockedUntil('001090000123', NOW)).toBeUndefined();
    dynamo.on(DeleteCommand).resolves({});
    await throttle.reset('001090000123');
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'ACCOUNT#001090000123',
      sk: 'LOCKOUT',
    });
  });
});

describe('DynamoOneTimeCodeStore', () => {
  const store = new DynamoOneTimeCodeStore(documentClient, 'Identity');

  it('stores the hash with a TTL in epoch seconds', async () => {
    dynamo.on(PutCommand).resolves({});
    await store.put({
      id: 'i-1',
      subject: '001',
      purpose: 'sign-in',
      codeHash: 'h',
      expiresAt: NOW + 300_000,
      attempts: 0,
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: 'OTP#i-1',
      sk: 'OTP',
      validUntil: NOW + 300_000,
      expiresAt: NOW / 1000 + 300,
    });
  });

  it('consumes a code with a conditional delete, so only one request can use it', async () => {
    dynamo
      .on(DeleteCommand)
      .resolvesOnce({ Attributes: { subject: '001', codeHash: 'h', validUntil: NOW + 1000, attempts: 1 } })
      .rejectsOnce(conditionFailed());
    expect(await store.consume('i-1', { now: NOW, maxAttempts: 5 })).toMatchObject({ subject: '001', attempts: 1 });
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_exists(pk) AND attempts < :max AND validUntil > :now',
      ReturnValues: 'ALL_OLD',
    });
    expect(await store.consume('i-1', { now: NOW, maxAttempts: 5 })).toBeUndefined();
  });

  it('counts a wrong attempt atomically and says when the challenge is gone', async () => {
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: { attempts: 2 } })
      .rejectsOnce(conditionFailed());
    expect(await store.recordFailedAttempt('i-1')).toBe(2);
    expect(await store.recordFailedAttempt('i-1')).toBeUndefined();
  });
});

describe('DynamoAccountStore', () => {
  const accounts = new DynamoAccountStore(documentClient, 'Identity');

  it('creates an account only if the PIN has none', async () => {
    dynamo.on(PutCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const account = {
      pin: '001090000123',
      level: 1 as const,
      status: 'active' as const,
      officerRoles: [],
      createdAt: 'now',
      updatedAt: 'now',
    };
    expect(await accounts.create(account)).toBe(true);
    expect(await accounts.create(account)).toBe(false);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'ACCOUNT#001090000123', sk: 'ACCOUNT', level: 1 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});

describe('the outbox notification sender', () => {
  it('writes the message under OUTBOX#<pin> with a TTL and logs one line', async () => {
    dynamo.on(PutCommand).resolves({});
    const lines: string[] = [];
    const outbox = new OutboxNotificationSender(
      documentClient,
      'Identity',
      () => new Date(NOW),
      (l) => lines.push(l),
    );
    await outbox.send({ pin: '001090000123', kind: 'one-time-code', text: 'Mã 123456' });
    expect(lines).toEqual(['[outbox] 001090000123 Mã 123456']);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      pk: 'OUTBOX#001090000123',
      sk: expect.stringMatching(/^2026-07-01T00:00:00.000Z#/),
      text: 'Mã 123456',
      expiresAt: NOW / 1000 + 7 * 24 * 3600,
    });
  });

  it('reads the newest messages first', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [{ kind: 'one-time-code', text: 'b', at: '2' }] });
    const outbox = new OutboxNotificationSender(documentClient, 'Identity');
    expect(await outbox.read('001')).toEqual([{ pin: '001', kind: 'one-time-code', text: 'b', at: '2' }]);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ScanIndexForward: false });
  });

  it('is chosen by NOTIFICATION_SENDER, outbox by default, and an unknown sender is an error', () => {
    expect(notificationSenderFromEnv({}, documentClient, 'Identity')).toBeInstanceOf(OutboxNotificationSender);
    expect(() => notificationSenderFromEnv({ NOTIFICATION_SENDER: 'pigeon' }, documentClient, 'Identity')).toThrow(
      'pigeon',
    );
  });
});
