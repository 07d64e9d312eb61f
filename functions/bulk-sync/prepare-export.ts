/** Sync run, step 1: reads the export, stages the well-formed records for the Distributed Map, keeps rejections. */
import { S3SyncBucket, s3Client } from '../../shared/adapters/s3/sync-bucket.ts';
import { prepareExport } from '../../shared/bulk-sync/prepare-export.ts';
import { logger } from '../../shared/lambda/powertools.ts';

export const handler = async (event: { bucket?: unknown }) => {
  const prepared = await prepareExport({ objects: new S3SyncBucket(s3Client(), String(event.bucket)) })(event);
  logger.info('Prepared export', { ...prepared });
  return prepared;
};
