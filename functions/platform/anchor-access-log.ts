/** Scheduled daily (and `npm run audit:anchor` on demand): signs the heads of all access-log chains into an anchor. */

import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { AccessLogHeadScanner } from '../../shared/adapters/dynamodb/access-log-heads.ts';
import { createAnchor } from '../../shared/audit-anchor/create-anchor.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { anchorSigner, anchorStore } from '../../shared/lambda/anchors.ts';
import { logger } from '../../shared/lambda/powertools.ts';

const heads = new AccessLogHeadScanner(
  documentClient(),
  requiredEnv('ACCESS_LOG_TABLE'),
  Number(process.env.AUDIT_ANCHOR_SCAN_SEGMENTS ?? 8),
);

export const handler = async () => {
  const result = await createAnchor({
    heads,
    signer: await anchorSigner(),
    store: anchorStore(),
    clock: systemClock,
  })();
  const { anchorId, treeSize, rootHash } = result.statement;
  if (result.skipped.length > 0) {
    logger.error('Malformed chain heads were left out of the anchor; run audit:verify', {
      skipped: result.skipped.map((head) => head.pin),
    });
  }
  logger.info('Anchored the access log', { anchorId, treeSize, rootHash, ...result.timings });
  return { anchorId, treeSize, rootHash, skipped: result.skipped.length };
};
