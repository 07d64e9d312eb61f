/**
 * The head item of every access-log chain, for anchoring: a parallel scan (`TotalSegments`) of the AccessLog
 * table that returns only `HEAD` items, projected to their key, `seq` and `hash`. It reads the table once a
 * day and never touches the append path (no index to maintain per append); its cost is one read of the table,
 * which segments spread over DynamoDB's partitions (docs/audit-anchoring.md weighs it against a sparse index).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AnchoredHead, ChainHeadSource } from '../../audit-anchor/ports.ts';

const CITIZEN_PREFIX = 'CITIZEN#';

export class AccessLogHeadScanner implements ChainHeadSource {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Parallel scan segments. Default 8. */
    private readonly segments = 8,
  ) {
    if (!Number.isInteger(segments) || segments < 1 || segments > 1_000_000) {
      throw new RangeError(`Scan segments must be a whole number from 1; got ${segments}`);
    }
  }

  async allHeads(): Promise<AnchoredHead[]> {
    const parts = await Promise.all(Array.from({ length: this.segments }, (_, segment) => this.scanSegment(segment)));
    return parts.flat();
  }

  private async scanSegment(segment: number): Promise<AnchoredHead[]> {
    const heads: AnchoredHead[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          Segment: segment,
          TotalSegments: this.segments,
          FilterExpression: 'sk = :head',
          ProjectionExpression: 'pk, #seq, #hash',
          ExpressionAttributeNames: { '#seq': 'seq', '#hash': 'hash' },
          ExpressionAttributeValues: { ':head': 'HEAD' },
          // Strongly consistent: a head written just before the anchor is in it.
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const pk = String(item.pk);
        if (!pk.startsWith(CITIZEN_PREFIX)) continue;
        heads.push({ pin: pk.slice(CITIZEN_PREFIX.length), seq: item.seq as number, hash: item.hash as string });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return heads;
  }
}
