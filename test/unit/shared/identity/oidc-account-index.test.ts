import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoAccountSessionStore } from '../../../../shared/adapters/dynamodb/oidc-account-index.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const NOW = Date.parse('2026-07-01T00:00:00.000Z');
const NOW_S = NOW / 1000;
const PIN = '001085000001';
const store = new DynamoAccountSessionStore(documentClient, 'Identity', () => NOW);

beforeEach(() => dynamo.reset());

describe('the sessions of an account, from its index', () => {
  it('reads the whole partition, page by page, and leaves out what has expired', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          {
            model: 'Session',
            modelId: 'cookie-secret',
            sessionUid: 'u-1',
            lastUsedAt: '2026-06-30T23:00:00.000Z',
            signedInAt: '2026-06-30T22:00:00.000Z',
            expiresAt: NOW_S + 60,
            device: 'Chrome on Android',
            clients: [{ clientId: 'citizen-portal', grantId: 'g-1' }],
          },
        ],
        LastEvaluatedKey: { pk: 'x', sk: 'y' },
      })
      .resolvesOnce({
        Items: [
          {
            model: 'Grant',
            modelId: 'g-1',
            clientId: 'citizen-portal',
            clientName: 'Portal',
            createdAt: '2026-06-30T22:00:00.000Z',
            lastUsedAt: '2026-06-30T23:30:00.000Z',
            expiresAt: NOW_S + 60,
          },
          { model: 'Session', modelId: 'old', sessionUid: 'u-0', lastUsedAt: 'x', expiresAt: NOW_S },
        ],
      });
    const listed = await store.list(PIN);
    expect(listed.sessions).toEqual([
      {
        uid: 'u-1',
        lastUsedAt: '2026-06-30T23:00:00.000Z',
        signedInAt: '2026-06-30T22:00:00.000Z',
        expiresAt: '2026-07-01T00:01:00.000Z',
        device: 'Chrome on Android',
        clients: [{ clientId: 'citizen-portal', grantId: 'g-1' }],
      },
    ]);
    // The session's own id is its cookie's value: never handed out.
    expect(JSON.stringify(listed)).not.toContain('cookie-secret');
    expect(listed.grants).toMatchObject([{ grantId: 'g-1', clientName: 'Portal' }]);
    const queries = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries[0]).toMatchObject({ ExpressionAttributeValues: { ':pk': `OIDC#ByAccount#${PIN}` } });
    expect(queries[1]?.ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });

  it("ends a session and a grant by key, only if they are the account's, and skips what is gone", async () => {
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { modelId: 'cookie-1' } })
      .resolvesOnce({});
    dynamo.on(DeleteCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    await store.end(PIN, { sessionUids: ['u-1', 'u-gone'], grantIds: ['g-1'] });
    const deletes = dynamo.commandCalls(DeleteCommand).map((c) => c.args[0].input);
    expect(deletes.map((d) => d.Key)).toEqual([
      { pk: 'OIDC#Session#cookie-1', sk: 'OIDC' },
      { pk: `OIDC#ByAccount#${PIN}`, sk: 'Session#u-1' },
      { pk: 'OIDC#Grant#g-1', sk: 'OIDC' },
      { pk: `OIDC#ByAccount#${PIN}`, sk: 'Grant#g-1' },
    ]);
    expect(deletes[0]).toMatchObject({
      ConditionExpression: 'payload.accountId = :pin',
      ExpressionAttributeValues: { ':pin': PIN },
    });
  });
});
