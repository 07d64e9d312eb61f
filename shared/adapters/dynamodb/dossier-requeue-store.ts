/**
 * The intake outbox's side of the Dossiers table: dossiers still `submitted` (their queue message lost, or the
 * consumer backed up) and the back-off of their re-sends. A dossier carries `requeueCount` and `nextRequeueAt`
 * once re-sent; the sweep finds it again only after that time, so a backlog is not re-sent every minute.
 */
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RequeueStore, StalledDossier } from '../../dossiers/ports.ts';
import { dossierKey } from './dossier-store.ts';

/** Index pages read per province and sweep at most, whatever the filter leaves (bounds a sweep's cost). */
const MAX_PAGES = 10;

export class DynamoRequeueStore implements RequeueStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listStalled(provinceCode: string, olderThan: string, now: string, limit = 100): Promise<StalledDossier[]> {
    const found: StalledDossier[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byProvinceStatus',
          KeyConditionExpression: 'provinceStatus = :ps AND submittedAt < :before',
          FilterExpression: 'attribute_not_exists(nextRequeueAt) OR nextRequeueAt <= :now',
          ExpressionAttributeValues: { ':ps': `${provinceCode}#submitted`, ':before': olderThan, ':now': now },
          ProjectionExpression: 'id, requeueCount',
          Limit: Math.max(limit, 100),
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (found.length < limit) found.push({ id: String(item.id), requeueCount: Number(item.requeueCount ?? 0) });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
      pages++;
    } while (ExclusiveStartKey && found.length < limit && pages < MAX_PAGES);
    return found;
  }

  async markRequeued(id: string, previousCount: number, at: string, nextAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: dossierKey(id),
          ConditionExpression:
            '#status = :submitted AND (attribute_not_exists(requeueCount) OR requeueCount = :previous)',
          UpdateExpression: 'SET requeuedAt = :at, nextRequeueAt = :next, requeueCount = :count',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':submitted': 'submitted',
            ':previous': previousCount,
            ':count': previousCount + 1,
            ':at': at,
            ':next': nextAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
