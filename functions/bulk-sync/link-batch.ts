/**
 * Sync run, the Distributed Map's item processor: one ItemBatcher batch (`{BatchInput: {runId, source}, Items}`)
 * checked against the NPDB and linked. Its result lands in the Map Run's SUCCEEDED files (ResultWriter).
 */

import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { DynamoBulkPopulation } from '../../shared/adapters/dynamodb/bulk-population.ts';
import { linkBatch } from '../../shared/bulk-sync/link-records.ts';
import { syncSource } from '../../shared/bulk-sync/sources.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import * as z from '../../shared/validation/zod.ts';

const population = new DynamoBulkPopulation(documentClient(), requiredEnv('POPULATION_TABLE'));
/** Configuration: the local cloud lowers it, DynamoDB Local timing out on lock waits under many transactions. */
const writeConcurrency = Number(process.env.SYNC_WRITE_CONCURRENCY ?? 16);

const BatchSchema = z.object({
  BatchInput: z.object({ runId: z.string().check(z.minLength(1)), source: z.string().check(z.minLength(1)) }),
  Items: z.array(z.object({ line: z.int().check(z.gte(1)), record: z.looseObject({}) })),
});

export const handler = async (event: unknown) => {
  const batch = BatchSchema.parse(event);
  const source = syncSource(batch.BatchInput.source);
  const items = batch.Items.map(({ line, record }) => ({ line, record: source.schema.parse(record) }));
  const result = await linkBatch({ population, source, writeConcurrency, now: () => new Date().toISOString() })({
    runId: batch.BatchInput.runId,
    items,
  });
  logger.debug('Linked batch', { runId: batch.BatchInput.runId, ...result.counts });
  return result;
};
