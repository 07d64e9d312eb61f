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
  const PIN = '001090000123';
  const SOURCE = '203.0.113.7';
  const sourceKey = { pk: `ACCOUNT#${PIN}`, sk: `LOCKOUT#${SOURCE}` };
  const pinKey = { pk: `ACCOUNT#${PIN}`, sk: 'LOCKOUT' };
  const windowEndsAt = NOW + 24 * 60 * 60 * 1000;

  it('counts a failure atomically for the source (while it is not locked) and for the PIN (below its ceiling)', async () => {
    dynamo.on(UpdateCommand, { Key: sourceKey }).resolves({ Attributes: { failures: 3 } });
    dynamo.on(UpdateCommand, { Key: pinKey }).resolves({ Attributes: { failures: 12, windowEndsAt } });
    expect(await throttle.recordFailure(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({ failures: 3 });
    const inputs = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(inputs).toContainEqual(
      expect.objectContaining({
        Key: sourceKey,
        UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, expiresAt = :forget',
        ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil <= :now',
      }),
    );
    expect(inputs).toContainEqual(
      expect.objectContaining({
        Key: pinKey,
        UpdateExpression: 'SET failures = failures + :one',
        ConditionExpression: 'windowEndsAt > :now AND failures < :max',
        ExpressionAttributeValues: expect.objectContaining({ ':max': 50 }),
      }),
    );
  });

  it('starts a 15-minute lock of the source at its 5th failure, on condition that its counter is at the limit', async () => {
    dynamo
      .on(UpdateCommand, { Key: sourceKey })
      .resolvesOnce({ Attributes: { failures: 5 } })
      .resolvesOnce({});
    dynamo.on(UpdateCommand, { Key: pinKey }).resolves({ Attributes: { failures: 5, windowEndsAt } });
    expect(await throttle.recordFailure(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({
      failures: 0,
      lockedUntil: NOW + 15 * 60 * 1000,
    });
    const lock = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input)
      .find((input) => input.UpdateExpression?.startsWith('SET lockedUntil'));
    expect(lock).toMatchObject({
      Key: sourceKey,
      ConditionExpression: 'failures >= :max AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
      ExpressionAttributeValues: expect.objectContaining({ ':until': NOW + 15 * 60 * 1000, ':max': 5 }),
    });
  });

  it("opens the PIN's 24-hour window with the first failure when none runs", async () => {
    dynamo.on(UpdateCommand, { Key: sourceKey }).resolves({ Attributes: { failures: 1 } });
    dynamo
      .on(UpdateCommand, { Key: pinKey })
      .rejectsOnce(conditionFailed())
      .resolvesOnce({ Attributes: { failures: 1, windowEndsAt } });
    expect(await throttle.recordFailure(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({ failures: 1 });
    const opening = dynamo.commandCalls(UpdateCommand, { Key: pinKey })[1]?.args[0].input;
    expect(opening).toMatchObject({
      UpdateExpression: 'SET failures = :one, windowEndsAt = :ends, expiresAt = :forget REMOVE lockedUntil',
      ExpressionAttributeValues: expect.objectContaining({ ':ends': windowEndsAt }),
    });
  });

  it('locks the PIN for every source until its window ends once the 50th failure is counted', async () => {
    dynamo.on(UpdateCommand, { Key: sourceKey }).resolves({ Attributes: { failures: 2 } });
    dynamo.on(UpdateCommand, { Key: pinKey }).resolves({ Attributes: { failures: 50, windowEndsAt } });
    expect(await throttle.recordFailure(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({
      failures: 0,
      lockedUntil: windowEndsAt,
    });
    dynamo.reset();
    dynamo.on(GetCommand, { Key: pinKey }).resolves({ Item: { failures: 50, windowEndsAt } });
    dynamo.on(GetCommand, { Key: { pk: `ACCOUNT#${PIN}`, sk: 'LOCKOUT#198.51.100.20' } }).resolves({});
    expect(await throttle.lockedUntil(PIN, '198.51.100.20', NOW, DEFAULT_LOCKOUT_POLICY)).toBe(windowEndsAt);
  });

  it('reports the existing lock when a failure arrives during it, counting nothing', async () => {
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(GetCommand, { Key: sourceKey }).resolves({ Item: { lockedUntil: NOW + 60_000 } });
    dynamo.on(GetCommand, { Key: pinKey }).resolves({ Item: { failures: 50, windowEndsAt } });
    expect(await throttle.recordFailure(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toEqual({
      failures: 0,
      lockedUntil: windowEndsAt,
    });
  });

  it('reads past locks as none, still honours a lock of the per-PIN design, and resets only what it should', async () => {
    dynamo.on(GetCommand, { Key: sourceKey }).resolves({ Item: { lockedUntil: NOW - 1 } });
    dynamo.on(GetCommand, { Key: pinKey }).resolves({ Item: { failures: 50, windowEndsAt: NOW - 1 } });
    expect(await throttle.lockedUntil(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toBeUndefined();
    dynamo.on(GetCommand, { Key: pinKey }).resolves({ Item: { failures: 0, lockedUntil: NOW + 5_000 } });
    expect(await throttle.lockedUntil(PIN, SOURCE, NOW, DEFAULT_LOCKOUT_POLICY)).toBe(NOW + 5_000);

    dynamo.on(DeleteCommand).resolves({});
    await throttle.reset(PIN, SOURCE);
    expect(dynamo.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual([sourceKey]);
    await throttle.unlock(PIN, SOURCE);
    expect(dynamo.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual(
      expect.arrayContaining([sourceKey, pinKey]),
    );
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
