/** Quota windows in the Identity table: pk `QUOTA#<clientId>`, sk `<window start>`, expiring by TTL. */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QuotaCounter } from '../../agency/quota.ts';

export class DynamoQuotaCounter implements QuotaCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async increment(clientId: string, windowStart: number, expiresAt: number): Promise<number> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `QUOTA#${clientId}`, sk: String(windowStart) },
        UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.count ?? 0);
  }
}
