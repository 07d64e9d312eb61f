/**
 * Items read by key in BatchGetItem requests: at most 100 keys a request (chunks sent together), with the keys
 * DynamoDB leaves unprocessed under load asked for again after a growing pause, a bounded number of times.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB's limit on the keys of one BatchGetItem. */
export const BATCH_GET_LIMIT = 100;
const MAX_ROUNDS = 8;

/** The items found for `keys`, in no particular order; a key with no item is simply absent. */
export const batchGetAll = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  options: { readonly consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) chunks.push(keys.slice(i, i + BATCH_GET_LIMIT));
  await Promise.all(
    chunks.map(async (chunk) => {
      let wanted = chunk;
      for (let round = 1; wanted.length > 0; round++) {
        if (round > MAX_ROUNDS) {
          throw new Error(
            `DynamoDB left ${wanted.length} keys of ${tableName} unprocessed ${MAX_ROUNDS} times; retry.`,
          );
        }
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** round)));
        const { Responses, UnprocessedKeys } = await client.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: wanted, ...(options.consistent ? { ConsistentRead: true } : {}) } },
          }),
        );
        found.push(...(Responses?.[tableName] ?? []));
        wanted = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }),
  );
  return found;
};
