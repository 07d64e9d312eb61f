/**
 * Quota windows in the Identity table: pk `QUOTA#<clientId>`, sk `<window start>`, expiring by TTL. `count`
 * is the number of requests leased to execution environments in that window.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaCounter } from '../../agency/quota.ts';

export class DynamoQuotaCounter implements QuotaCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async increment(clientId: string, windowStart: number, expiresAt: number, by: number): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `QUOTA#${clientId}`, sk: String(windowStart) },
        UpdateExpression: 'ADD #count :by SET expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':by': by, ':expiresAt': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.count ?? 0);
  }
}
