import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPasswordSetupStore } from '../../../../shared/adapters/dynamodb/password-setup-store.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const store = new DynamoPasswordSetupStore(documentClient, 'Identity');
const PIN = '001095500001';

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => dynamo.reset());

describe('set-password links on the Identity table', () => {
  it('stores a link under the hash of its token, only if new, with its expiry as TTL', async () => {
    dynamo.on(PutCommand).resolves({});
    await store.create('h4sh', { pin: PIN, expiresAt: 1_800_000_000 }, '2026-07-01T00:00:00.000Z');
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'Identity',
      Item: {
        pk: 'PWSETUP#h4sh',
        sk: 'PWSETUP',
        type: 'password-setup',
        pin: PIN,
        expiresAt: 1_800_000_000,
        createdAt: '2026-07-01T00:00:00.000Z',
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('does not find an expired link that TTL has not deleted yet', async () => {
    dynamo.on(GetCommand).resolves({ Item: { pin: PIN, expiresAt: 100 } });
    expect(await store.find('h4sh', 99)).toEqual({ pin: PIN, expiresAt: 100 });
    expect(await store.find('h4sh', 100)).toBeUndefined();
  });

  it('uses up the link and sets the password in one transaction, on an active account without a password', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await store.complete('h4sh', PIN, 'scrypt$…', 50, 'at')).toBe('done');
    const [remove, update] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(remove?.Delete).toMatchObject({
      Key: { pk: 'PWSETUP#h4sh', sk: 'PWSETUP' },
      ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now AND pin = :pin',
    });
    expect(update?.Update).toMatchObject({
      Key: { pk: `ACCOUNT#${PIN}`, sk: 'ACCOUNT' },
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(passwordHash) AND #status = :active',
    });
  });

  it.each([
    [['ConditionalCheckFailed', 'None'], 'link-gone'],
    [['ConditionalCheckFailed', 'ConditionalCheckFailed'], 'link-gone'],
    [['None', 'ConditionalCheckFailed'], 'password-exists'],
  ])('reports a transaction cancelled with %j as %s', async (codes, outcome) => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(codes));
    expect(await store.complete('h4sh', PIN, 'scrypt$…', 50, 'at')).toBe(outcome);
  });

  it('rethrows a cancellation for another reason (a conflict), so the caller can retry', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));
    await expect(store.complete('h4sh', PIN, 'scrypt$…', 50, 'at')).rejects.toThrow('cancelled');
  });
});
