/**
 * The account index of the e-ID provider's sessions and grants, on the Identity table: one item per Session or
 * Grant that has an `accountId`, under `pk = OIDC#ByAccount#<pin>`, `sk = Session#<uid>` or `Grant#<grantId>`,
 * expiring (TTL `expiresAt`) with the model. The oidc-provider adapter writes it (`indexAfterPut`, `unindexAfterDelete`,
 * `touchGrant`); "my sessions and devices" reads it with one query and ends sign-ins by key, so the account functions
 * need no secondary index and stay confined to their leading keys (`OIDC#ByAccount#`, `OIDC#Session#`, `OIDC#Grant#`).
 *
 * The session's uid is kept as `sessionUid`, never `uid` nor `grantId`: those attributes would put the item in the
 * provider's byUid and byGrantId indexes. A session item keeps what the list shows: the session's id (`modelId`, which is also its cookie's value: never
 * returned to callers), login time, acr, the clients it signed in to with their grants, last use, and the device and
 * network prefix of the request that created it. A grant item keeps its client (and name), creation, last use (each
 * refresh token issued) and when its newest refresh token expires.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AccountSessionStore, StoredGrant, StoredSession } from '../../identity/sessions.ts';

export const ACCOUNT_INDEX_PREFIX = 'OIDC#ByAccount#';
const accountIndexKey = (pin: string, sk: string) => ({ pk: `${ACCOUNT_INDEX_PREFIX}${pin}`, sk });
const modelKey = (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' });

/** What the request being handled tells of its origin, coarsened (see shared/identity/devices.ts). */
export interface RequestOrigin {
  readonly device?: string;
  readonly ipPrefix?: string;
  readonly clientId?: string;
  readonly clientName?: string;
}

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';
const ignoreConditionFailure = (error: unknown) => {
  if (!isConditionFailure(error)) throw error;
};

type Item = Record<string, unknown>;
const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const accountOf = (item: Item | undefined) => str((item?.payload as Item | undefined)?.accountId);
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

/** SET clauses from defined values only (`if_not_exists` for the keys in `once`). */
const setExpression = (values: Record<string, unknown>, once: readonly string[] = []) => {
  const names: Record<string, string> = {};
  const exprValues: Record<string, unknown> = {};
  const clauses: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    names[`#${key}`] = key;
    exprValues[`:${key}`] = value;
    clauses.push(once.includes(key) ? `#${key} = if_not_exists(#${key}, :${key})` : `#${key} = :${key}`);
  }
  return {
    UpdateExpression: `SET ${clauses.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: exprValues,
  };
};

export interface AccountIndexWriter {
  /** After a Session or Grant was stored (`old`: the item it replaced). */
  indexAfterPut(
    model: string,
    id: string,
    payload: Item,
    expiresAt: number | undefined,
    old: Item | undefined,
  ): Promise<void>;
  /** After a Session or Grant was deleted (`old`: the deleted item). */
  unindexAfterDelete(model: string, id: string, old: Item | undefined): Promise<void>;
  /** After a refresh token was stored: its grant was used. */
  touchGrant(payload: Item, expiresAt: number | undefined): Promise<void>;
}

export const INDEXED_MODELS = ['Session', 'Grant'];

export const accountIndexWriter = (
  client: DynamoDBDocumentClient,
  tableName: string,
  nowSeconds: () => number,
  origin: () => RequestOrigin | undefined,
): AccountIndexWriter => {
  const skOf = (model: string, id: string, payload: Item | undefined) =>
    model === 'Session' ? `Session#${str(payload?.uid) ?? id}` : `Grant#${id}`;

  const remove = async (pin: string, model: string, id: string, payload: Item | undefined) => {
    await client
      .send(
        new DeleteCommand({
          TableName: tableName,
          Key: accountIndexKey(pin, skOf(model, id, payload)),
          // A session's index item follows its newest id: an older id's deletion leaves it.
          ConditionExpression: 'modelId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      )
      .catch(ignoreConditionFailure);
  };

  return {
    async indexAfterPut(model, id, payload, expiresAt, old) {
      const pin = str(payload.accountId);
      const oldPin = accountOf(old);
      if (oldPin && oldPin !== pin) await remove(oldPin, model, id, old?.payload as Item);
      if (!pin) return;
      const now = iso(nowSeconds());
      const from = origin();
      const common = {
        type: 'oidc-account-index',
        model,
        modelId: id,
        expiresAt,
        lastUsedAt: now,
        createdAt: now,
        device: from?.device,
        ipPrefix: from?.ipPrefix,
      };
      const once = ['createdAt', 'device', 'ipPrefix'];
      if (model === 'Session') {
        const authorizations = (payload.authorizations ?? {}) as Record<string, { grantId?: string }>;
        const clients = Object.entries(authorizations)
          .filter(([, authorization]) => typeof authorization?.grantId === 'string')
          .map(([clientId, authorization]) => ({ clientId, grantId: authorization.grantId }));
        const loginTs = typeof payload.loginTs === 'number' ? iso(payload.loginTs) : undefined;
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: accountIndexKey(pin, skOf(model, id, payload)),
            ...setExpression(
              { ...common, sessionUid: str(payload.uid), signedInAt: loginTs, acr: str(payload.acr), clients },
              once,
            ),
          }),
        );
        return;
      }
      const clientId = str(payload.clientId);
      const clientName = from?.clientId === clientId ? from?.clientName : undefined;
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accountIndexKey(pin, skOf(model, id, payload)),
          ...setExpression({ ...common, clientId, clientName }, once),
        }),
      );
    },

    async unindexAfterDelete(model, id, old) {
      const pin = accountOf(old);
      if (pin) await remove(pin, model, id, old?.payload as Item);
    },

    async touchGrant(payload, expiresAt) {
      const pin = str(payload.accountId);
      const grantId = str(payload.grantId);
      if (!pin || !grantId) return;
      await client
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: accountIndexKey(pin, `Grant#${grantId}`),
            ConditionExpression: 'attribute_exists(pk)',
            ...setExpression({
              lastUsedAt: iso(nowSeconds()),
              refreshExpiresAt: expiresAt === undefined ? undefined : iso(expiresAt),
              acr: str(payload.acr),
            }),
          }),
        )
        .catch(ignoreConditionFailure);
    },
  };
};

/** The port of "my sessions and devices" on the account index. */
export class DynamoAccountSessionStore implements AccountSessionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async list(pin: string): Promise<{ sessions: StoredSession[]; grants: StoredGrant[] }> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `${ACCOUNT_INDEX_PREFIX}${pin}` },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const nowSeconds = Math.floor(this.now() / 1000);
    const live = items.filter((item) => typeof item.expiresAt === 'number' && item.expiresAt > nowSeconds);
    const optional = (item: Item, ...keys: string[]) =>
      Object.fromEntries(keys.flatMap((key) => (str(item[key]) ? [[key, str(item[key])]] : [])));
    const sessions = live
      .filter((item) => item.model === 'Session' && str(item.sessionUid))
      .map(
        (item): StoredSession => ({
          uid: String(item.sessionUid),
          lastUsedAt: String(item.lastUsedAt),
          expiresAt: iso(Number(item.expiresAt)),
          clients: ((item.clients as StoredSession['clients'] | undefined) ?? []).map((c) => ({
            clientId: String(c.clientId),
            grantId: String(c.grantId),
          })),
          ...optional(item, 'signedInAt', 'device', 'ipPrefix', 'acr'),
        }),
      );
    const grants = live
      .filter((item) => item.model === 'Grant' && str(item.modelId))
      .map(
        (item): StoredGrant => ({
          grantId: String(item.modelId),
          clientId: String(item.clientId),
          createdAt: String(item.createdAt),
          lastUsedAt: String(item.lastUsedAt),
          expiresAt: iso(Number(item.expiresAt)),
          ...optional(item, 'clientName', 'refreshExpiresAt', 'acr', 'device', 'ipPrefix'),
        }),
      );
    return { sessions, grants };
  }

  async end(pin: string, target: { sessionUids: readonly string[]; grantIds: readonly string[] }): Promise<void> {
    // Only what is the account's own is deleted (the condition on the payload's accountId); what is gone is skipped.
    const deleteOwn = (key: { pk: string; sk: string }, indexKey: { pk: string; sk: string }, id: string) =>
      Promise.all([
        this.client
          .send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: key,
              ConditionExpression: 'payload.accountId = :pin',
              ExpressionAttributeValues: { ':pin': pin },
            }),
          )
          .catch(ignoreConditionFailure),
        this.client
          .send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: indexKey,
              ConditionExpression: 'attribute_not_exists(pk) OR modelId = :id',
              ExpressionAttributeValues: { ':id': id },
            }),
          )
          .catch(ignoreConditionFailure),
      ]);
    for (const uid of target.sessionUids) {
      const indexKey = accountIndexKey(pin, `Session#${uid}`);
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: indexKey, ConsistentRead: true }),
      );
      const sessionId = str(Item?.modelId);
      if (sessionId) await deleteOwn(modelKey('Session', sessionId), indexKey, sessionId);
    }
    for (const grantId of target.grantIds) {
      await deleteOwn(modelKey('Grant', grantId), accountIndexKey(pin, `Grant#${grantId}`), grantId);
    }
  }
}
