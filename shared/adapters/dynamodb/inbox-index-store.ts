/**
 * Reads the officers' inbox indexes of the Dossiers table for the supervisors' overview: only the attributes a count
 * needs (commune, due time, status), page by page, never the table itself (see dossier-store.ts for the indexes).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { InboxEntry, InboxIndexReader } from '../../dossiers/ports.ts';
import type { Agency } from '../../identity/account.ts';

export class DynamoInboxIndex implements InboxIndexReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listInboxEntries(
    agency: Agency,
    provinceCode: string,
    options: { readonly communeCode?: string; readonly max: number },
  ): Promise<{ entries: InboxEntry[]; truncated: boolean }> {
    const entries: InboxEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: options.communeCode ? 'byInbox' : 'byInboxDue',
          KeyConditionExpression: options.communeCode
            ? 'inboxPk = :pk AND begins_with(inboxSk, :commune)'
            : 'inboxPk = :pk',
          ProjectionExpression: 'communeCode, dueAt, #status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': `${agency}#${provinceCode}`,
            ...(options.communeCode ? { ':commune': `${options.communeCode}#` } : {}),
          },
          Limit: Math.min(1000, options.max - entries.length),
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        entries.push({ communeCode: String(item.communeCode), dueAt: String(item.dueAt), status: String(item.status) });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && entries.length < options.max);
    return { entries, truncated: ExclusiveStartKey !== undefined };
  }
}
