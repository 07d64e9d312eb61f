/** Sync run, last step: the reconciliation report from the Map Run's results and the staged rejections. */
import { S3SyncBucket, s3Client } from '../../shared/adapters/s3/sync-bucket.ts';
import { writeReport } from '../../shared/bulk-sync/write-report.ts';
import { logger } from '../../shared/lambda/powertools.ts';

export const handler = async (event: { bucket?: unknown }) => {
  const report = await writeReport({
    objects: new S3SyncBucket(s3Client(), String(event.bucket)),
    now: () => new Date().toISOString(),
  })(event);
  logger.info('Wrote sync report', { runId: report.runId, ...report.counts });
  return report;
};
