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
import { dynamoDbOidcAdapter, putClient } from '../../../../shared/adapters/dynamodb/oidc-adapter.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const NOW = Date.parse('2026-07-01T00:00:00.000Z');
const NOW_S = NOW / 1000;
const Adapter = dynamoDbOidcAdapter({
  client: documentClient,
  tableName: 'Identity',
  now: () => NOW,
  indexRetryDelayMs: 0,
});

beforeEach(() => dynamo.reset());

describe('the oidc-provider adapter on the Identity table', () => {
  it('stores a model instance under OIDC#<Model>#<id> with its index keys and TTL', async () => {
    dynamo.on(PutCommand).resolves({});
    await new Adapter('AccessToken').upsert('tok-1', { jti: 'tok-1', grantId: 'g-1', accountId: '001' }, 600);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'Identity',
      Item: {
        pk: 'OIDC#AccessToken#tok-1',
        sk: 'OIDC',
        type: 'oidc',
        model: 'AccessToken',
        payload: { jti: 'tok-1', grantId: 'g-1', accountId: '001' },
        uid: undefined,
        grantId: 'g-1',
        expiresAt: NOW_S + 600,
      },
    });
  });

  it('finds a stored payload with a strongly consistent read', async () => {
    dynamo.on(GetCommand).resolves({ Item: { payload: { jti: 's-1' }, expiresAt: NOW_S + 10 } });
    expect(await new Adapter('Session').find('s-1')).toEqual({ jti: 's-1' });
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'OIDC#Session#s-1', sk: 'OIDC' },
      ConsistentRead: true,
    });
  });

  it('does not return an expired item that TTL has not deleted yet', async () => {
    dynamo.on(GetCommand).resolves({ Item: { payload: { jti: 'c-1' }, expiresAt: NOW_S - 1 } });
    expect(await new Adapter('AuthorizationCode').find('c-1')).toBeUndefined();
  });

  it('returns a consumed payload with its consumed time', async () => {
    dynamo.on(GetCommand).resolves({ Item: { payload: { jti: 'c-1' }, consumed: NOW_S - 5, expiresAt: NOW_S + 50 } });
    expect(await new Adapter('AuthorizationCode').find('c-1')).toEqual({ jti: 'c-1', consumed: NOW_S - 5 });
  });

  it('consumes once with a conditional update, and answers invalid_grant to the second consumer', async () => {
    dynamo
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    const adapter = new Adapter('RefreshToken');
    await adapter.consume('rt-1');
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'OIDC#RefreshToken#rt-1', sk: 'OIDC' },
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#consumed)',
    });
    await expect(adapter.consume('rt-1')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes every instance of its own model with a grant id, page by page, through the byGrantId index', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { pk: 'OIDC#RefreshToken#a', sk: 'OIDC' },
          { pk: 'OIDC#AccessToken#b', sk: 'OIDC' },
        ],
        LastEvaluatedKey: { pk: 'x' },
      })
      .resolvesOnce({ Items: [{ pk: 'OIDC#RefreshToken#c', sk: 'OIDC' }] });
    dynamo.on(DeleteCommand).resolves({});
    await new Adapter('RefreshToken').revokeByGrantId('g-1');
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byGrantId',
      ExpressionAttributeValues: { ':grantId': 'g-1' },
    });
    expect(dynamo.commandCalls(DeleteCommand).map((c) => c.args[0].input.Key)).toEqual([
      { pk: 'OIDC#RefreshToken#a', sk: 'OIDC' },
      { pk: 'OIDC#RefreshToken#c', sk: 'OIDC' },
    ]);
  });

  it('finds a session by uid through the byUid index, retrying once while the index catches up', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [] })
      .resolvesOnce({ Items: [{ pk: 'OIDC#Session#jti-9', model: 'Session', expiresAt: NOW_S + 60 }] });
    dynamo.on(GetCommand).resolves({ Item: { payload: { jti: 'jti-9', uid: 'u-1' }, expiresAt: NOW_S + 60 } });
    expect(await new Adapter('Session').findByUid('u-1')).toEqual({ jti: 'jti-9', uid: 'u-1' });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it('registers a relying party as the Client model, without expiry', async () => {
    dynamo.on(PutCommand).resolves({});
    const hashed = { client_id: 'bank-vcb', client_secret: `sha256$${'s'.repeat(22)}$${'h'.repeat(43)}` };
    await putClient(documentClient, 'Identity', hashed);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toEqual({
      pk: 'OIDC#Client#bank-vcb',
      sk: 'OIDC',
      type: 'oidc',
      model: 'Client',
      payload: hashed,
    });
  });

  it('refuses to store a client secret in plain text, or a private key, and writes nothing', async () => {
    dynamo.on(PutCommand).resolves({});
    await expect(putClient(documentClient, 'Identity', { client_id: 'bank-vcb', client_secret: 's' })).rejects.toThrow(
      /stored hashed/,
    );
    const privateJwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'secret' };
    await expect(
      putClient(documentClient, 'Identity', {
        client_id: 'hospital-cho-ray',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [privateJwk] },
      }),
    ).rejects.toThrow(/private key material \(d\)/);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('records a client assertion ID only if it is new or expired, and refuses a concurrent replay as invalid_client', async () => {
    dynamo
      .on(PutCommand)
      .resolvesOnce({})
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    const replays = new Adapter('ReplayDetection');
    await replays.upsert('h1', { jti: 'h1', iss: 'hospital-cho-ray' }, 300);
    await expect(replays.upsert('h1', { jti: 'h1', iss: 'hospital-cho-ray' }, 300)).rejects.toMatchObject({
      error: 'invalid_client',
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': NOW_S },
    });
  });

  it('overwrites other models unconditionally', async () => {
    dynamo.on(PutCommand).resolves({});
    await new Adapter('Session').upsert('s1', { jti: 's1' }, 300);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.ConditionExpression).toBeUndefined();
  });
});

describe('the account index of sessions and grants', () => {
  const Indexed = dynamoDbOidcAdapter({
    client: documentClient,
    tableName: 'Identity',
    now: () => NOW,
    indexRetryDelayMs: 0,
    requestOrigin: () => ({
      device: 'Chrome on Android',
      ipPrefix: '203.0.113.0/24',
      clientId: 'citizen-portal',
      clientName: 'Portal',
    }),
  });
  const PIN = '001085000001';

  it('lists a signed-in session under its account by uid, with its clients, device and network', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    await new Indexed('Session').upsert(
      'cookie-1',
      {
        jti: 'cookie-1',
        uid: 'u-1',
        accountId: PIN,
        acr: 'urn:vn:p06:loa:2',
        loginTs: NOW_S,
        authorizations: { 'citizen-portal': { sid: 'x', grantId: 'g-1' } },
      },
      600,
    );
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.ReturnValues).toBe('ALL_OLD');
    const update = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.Key).toEqual({ pk: `OIDC#ByAccount#${PIN}`, sk: 'Session#u-1' });
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':modelId': 'cookie-1',
      ':expiresAt': NOW_S + 600,
      ':clients': [{ clientId: 'citizen-portal', grantId: 'g-1' }],
      ':device': 'Chrome on Android',
      ':ipPrefix': '203.0.113.0/24',
      ':signedInAt': '2026-07-01T00:00:00.000Z',
    });
    // Never the attributes the provider's own indexes are keyed on (byUid, byGrantId): lookups there would find it.
    expect(Object.values(update?.ExpressionAttributeNames ?? {})).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(uid|grantId)$/)]),
    );
    expect(update?.ExpressionAttributeValues?.[':sessionUid']).toBe('u-1');
    // Where the sign-in came from is recorded once, not overwritten by later requests.
    expect(update?.UpdateExpression).toContain('#device = if_not_exists(#device, :device)');
  });

  it('does not index a session without an account, nor other models', async () => {
    dynamo.on(PutCommand).resolves({});
    await new Indexed('Session').upsert('s1', { jti: 's1', uid: 'u1' }, 300);
    await new Indexed('AuthorizationCode').upsert('c1', { jti: 'c1', accountId: PIN, grantId: 'g-1' }, 60);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("removes the index item when the session is destroyed, unless it already follows the session's new id", async () => {
    dynamo.on(DeleteCommand).resolves({ Attributes: { payload: { uid: 'u-1', accountId: PIN } } });
    await new Indexed('Session').destroy('cookie-1');
    const [model, index] = dynamo.commandCalls(DeleteCommand).map((c) => c.args[0].input);
    expect(model).toMatchObject({ Key: { pk: 'OIDC#Session#cookie-1', sk: 'OIDC' }, ReturnValues: 'ALL_OLD' });
    expect(index).toMatchObject({
      Key: { pk: `OIDC#ByAccount#${PIN}`, sk: 'Session#u-1' },
      ConditionExpression: 'modelId = :id',
      ExpressionAttributeValues: { ':id': 'cookie-1' },
    });
  });

  it('moves the index item when a session changes account (sign-out, another person)', async () => {
    dynamo.on(PutCommand).resolves({ Attributes: { payload: { uid: 'u-1', accountId: PIN } } });
    dynamo.on(DeleteCommand).resolves({});
    await new Indexed('Session').upsert('cookie-1', { jti: 'cookie-1', uid: 'u-1' }, 300);
    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input.Key).toEqual({
      pk: `OIDC#ByAccount#${PIN}`,
      sk: 'Session#u-1',
    });
  });

  it("indexes a grant with its client's name, and notes each refresh token issued on it", async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    await new Indexed('Grant').upsert('g-1', { jti: 'g-1', accountId: PIN, clientId: 'citizen-portal' }, 3600);
    await new Indexed('RefreshToken').upsert(
      'r-1',
      { jti: 'r-1', accountId: PIN, grantId: 'g-1', acr: 'urn:vn:p06:loa:1' },
      1800,
    );
    const [grant, touch] = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(grant).toMatchObject({
      Key: { pk: `OIDC#ByAccount#${PIN}`, sk: 'Grant#g-1' },
      ExpressionAttributeValues: expect.objectContaining({ ':clientId': 'citizen-portal', ':clientName': 'Portal' }),
    });
    expect(touch).toMatchObject({
      Key: { pk: `OIDC#ByAccount#${PIN}`, sk: 'Grant#g-1' },
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: expect.objectContaining({ ':refreshExpiresAt': '2026-07-01T00:30:00.000Z' }),
    });
  });

  it('ignores a refresh token whose grant is not indexed (ended meanwhile)', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    await new Indexed('RefreshToken').upsert('r-1', { jti: 'r-1', accountId: PIN, grantId: 'g-gone' }, 1800);
  });
});
