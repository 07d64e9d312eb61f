/**
 * oidc-provider's storage (its Adapter interface, example/my_adapter.js) on the Identity table. One item per model
 * instance: pk `OIDC#<Model>#<id>`, sk `OIDC`, the payload as a map, `expiresAt` (epoch seconds) for TTL, and the
 * keys of the table's sparse indexes: `uid` (sessions, GSI byUid) and `grantId` (tokens and codes, GSI
 * byGrantId). TTL deletion lags by up to days, so expiry is also checked on every read. Relying-party clients are
 * the `Client` model, written by the seed or an admin tool with `putClient`, which refuses plain secrets and private
 * keys. `ReplayDetection` (the `jti` of client assertions) is written only if absent or expired, so of two requests
 * replaying one assertion at the same moment, in two execution environments, one fails. Sessions and grants with an
 * `accountId` are also listed under their account (oidc-account-index.ts), for "my sessions and devices".
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Adapter, AdapterConstructor, UnknownObject } from 'oidc-provider';
import { errors, Provider } from 'oidc-provider';
import { assertStorableClient } from '../../identity/client-credentials.ts';
import { describeDevice, ipPrefix } from '../../identity/devices.ts';
import { accountIndexWriter, INDEXED_MODELS, type RequestOrigin } from './oidc-account-index.ts';

export const OIDC_SK = 'OIDC';
export const oidcKey = (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: OIDC_SK });

export interface OidcAdapterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** Pause before the one retry of an index lookup that found nothing (indexes are eventually consistent). */
  readonly indexRetryDelayMs?: number;
  /** Where the request being handled comes from; default: the provider's current request context. */
  readonly requestOrigin?: () => RequestOrigin | undefined;
}

/** The device, network and client of the provider's current request, coarsened. */
export const providerRequestOrigin = (): RequestOrigin | undefined => {
  const ctx = Provider.ctx;
  if (!ctx) return undefined;
  const device = describeDevice(ctx.get('user-agent'));
  const network = ipPrefix(ctx.req.socket?.remoteAddress);
  const client = ctx.oidc?.client;
  return {
    ...(device ? { device } : {}),
    ...(network ? { ipPrefix: network } : {}),
    ...(client ? { clientId: client.clientId } : {}),
    ...(client?.clientName ? { clientName: String(client.clientName) } : {}),
  };
};

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** The adapter class oidc-provider instantiates once per model (`adapter` configuration option). */
export const dynamoDbOidcAdapter = (options: OidcAdapterOptions): AdapterConstructor => {
  const { client, tableName } = options;
  const now = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  const accountIndex = accountIndexWriter(
    client,
    tableName,
    nowSeconds,
    options.requestOrigin ?? providerRequestOrigin,
  );
  const live = (item: Record<string, unknown> | undefined) =>
    item !== undefined && (typeof item.expiresAt !== 'number' || item.expiresAt > nowSeconds());
  const payloadOf = (item: Record<string, unknown>): UnknownObject => ({
    ...(item.payload as UnknownObject),
    ...(item.consumed === undefined ? {} : { consumed: item.consumed }),
  });

  return class DynamoDbOidcAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: UnknownObject, expiresIn: number | undefined): Promise<void> {
      const firstUse = this.model === 'ReplayDetection';
      try {
        await this.put(id, payload, expiresIn, firstUse);
      } catch (error) {
        if (firstUse && isConditionFailure(error)) {
          throw new errors.InvalidClientAuth('client assertion tokens must only be used once');
        }
        throw error;
      }
    }

    private async put(id: string, payload: UnknownObject, expiresIn: number | undefined, onlyIfNew: boolean) {
      const indexed = INDEXED_MODELS.includes(this.model);
      const expiresAt = expiresIn ? nowSeconds() + expiresIn : undefined;
      const { Attributes } = await client.send(
        new PutCommand({
          TableName: tableName,
          ...(indexed ? { ReturnValues: 'ALL_OLD' as const } : {}),
          ...(onlyIfNew
            ? {
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': nowSeconds() },
              }
            : {}),
          Item: {
            ...oidcKey(this.model, id),
            type: 'oidc',
            model: this.model,
            payload,
            uid: typeof payload.uid === 'string' ? payload.uid : undefined,
            grantId: typeof payload.grantId === 'string' ? payload.grantId : undefined,
            expiresAt,
          },
        }),
      );
      if (indexed) await accountIndex.indexAfterPut(this.model, id, payload, expiresAt, Attributes);
      if (this.model === 'RefreshToken') await accountIndex.touchGrant(payload, expiresAt);
    }

    async find(id: string): Promise<UnknownObject | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: oidcKey(this.model, id), ConsistentRead: true }),
      );
      return Item && live(Item) ? payloadOf(Item) : undefined;
    }

    async findByUid(uid: string): Promise<UnknownObject | undefined> {
      const lookup = async () => {
        const { Items = [] } = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byUid',
            KeyConditionExpression: 'uid = :uid',
            ExpressionAttributeValues: { ':uid': uid },
          }),
        );
        return Items.find((item) => item.model === this.model && live(item));
      };
      let item = await lookup();
      if (!item) {
        await new Promise((resolve) => setTimeout(resolve, options.indexRetryDelayMs ?? 250));
        item = await lookup();
      }
      if (!item) return undefined;
      // The index copy may be behind the item: read the item itself.
      return this.find(String(item.pk).slice(`OIDC#${this.model}#`.length));
    }

    /** Device flow is not enabled, so no model is ever looked up by user code. */
    async findByUserCode(_userCode: string): Promise<UnknownObject | undefined> {
      return undefined;
    }

    async consume(id: string): Promise<void> {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: oidcKey(this.model, id),
            UpdateExpression: 'SET #consumed = :now',
            // Only once: of two parallel redemptions of one code or refresh token, one fails.
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#consumed)',
            ExpressionAttributeNames: { '#consumed': 'consumed' },
            ExpressionAttributeValues: { ':now': nowSeconds() },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new errors.InvalidGrant('grant request is invalid (already used)');
        throw error;
      }
    }

    async destroy(id: string): Promise<void> {
      const indexed = INDEXED_MODELS.includes(this.model);
      const { Attributes } = await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: oidcKey(this.model, id),
          ...(indexed ? { ReturnValues: 'ALL_OLD' as const } : {}),
        }),
      );
      if (indexed) await accountIndex.unindexAfterDelete(this.model, id, Attributes);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const prefix = `OIDC#${this.model}#`;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byGrantId',
            KeyConditionExpression: 'grantId = :grantId',
            ExpressionAttributeValues: { ':grantId': grantId },
            ExclusiveStartKey,
          }),
        );
        const mine = (page.Items ?? []).filter((item) => String(item.pk).startsWith(prefix));
        await Promise.all(
          mine.map((item) =>
            client.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } })),
          ),
        );
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
  };
};

/** Registers (or replaces) a relying party: oidc-provider then finds it as the `Client` model. */
export const putClient = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  metadata: UnknownObject & { readonly client_id: string },
): Promise<void> => {
  assertStorableClient(metadata);
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...oidcKey('Client', metadata.client_id), type: 'oidc', model: 'Client', payload: metadata },
    }),
  );
};
