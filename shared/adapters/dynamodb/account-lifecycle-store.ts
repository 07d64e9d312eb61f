/**
 * Identity-table adapters of the account lifecycle:
 * - account audit events: `ACCOUNT#<pin>` / `EVENT#<ISO time>#<random>` (kept: the audit log of account changes);
 * - rate-limit windows:   `RATE#<key>` / `<window start, epoch s>` holding `count` (expires by TTL after the window).
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountEvent, AccountEventLog } from '../../identity/account-events.ts';
import type { RateLimit, RateLimiter } from '../../identity/rate-limit.ts';

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export class DynamoAccountEventLog implements AccountEventLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(event: AccountEvent): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `ACCOUNT#${event.pin}`,
          sk: `EVENT#${event.at}#${randomUUID()}`,
          type: 'account-event',
          ...event,
        },
      }),
    );
  }

  async list(pin: string, limit = 50): Promise<AccountEvent[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${pin}`, ':events': 'EVENT#' },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    return Items.map(({ pk: _pk, sk: _sk, type: _type, ...event }) => event as AccountEvent);
  }
}

export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(key: string, rule: RateLimit, now: number) {
    const nowSeconds = Math.floor(now / 1000);
    const windowStart = nowSeconds - (nowSeconds % rule.windowSeconds);
    const retryAfterSeconds = windowStart + rule.windowSeconds - nowSeconds;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `RATE#${key}`, sk: String(windowStart) },
          UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':zero': 0,
            ':one': 1,
            ':limit': rule.limit,
            ':expires': windowStart + rule.windowSeconds * 2,
          },
        }),
      );
      return { allowed: true, retryAfterSeconds };
    } catch (error) {
      if (isConditionFailure(error)) return { allowed: false, retryAfterSeconds };
      throw error;
    }
  }
}
