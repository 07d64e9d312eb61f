/**
 * `npm run audit:anchor -- [--endpoint URL] [--table NAME] [--segments N] [anchor options]`: anchors the access
 * log now (the same use case the daily schedule runs): reads every chain head, signs the Merkle root and writes
 * the anchor, never overwriting anything. Exit codes: 0 anchored, 2 bad arguments, 3 could not anchor.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccessLogHeadScanner } from '../../shared/adapters/dynamodb/access-log-heads.ts';
import { ensureAnchorKeyFile } from '../../shared/adapters/files/key-file-signer.ts';
import { createAnchor } from '../../shared/audit-anchor/create-anchor.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { ACCESS_LOG_TABLE } from '../topology.ts';
import { ANCHOR_OPTIONS, ANCHOR_USAGE, anchorSignerOf, anchorStoreOf } from './anchor-options.ts';

const USAGE = `Usage: npm run audit:anchor -- [--endpoint URL] [--table NAME] [--segments N] [anchor options]
  --endpoint  DynamoDB endpoint (default http://localhost:8000, the one "npm start" runs)
  --table     access-log table name (default ${ACCESS_LOG_TABLE.id})
  --segments  parallel scan segments (default 8)
${ANCHOR_USAGE}
Exit codes: 0 anchored, 2 bad arguments, 3 could not anchor.`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const args = (() => {
  try {
    return parseArgs({
      options: {
        endpoint: { type: 'string', default: 'http://localhost:8000' },
        table: { type: 'string', default: ACCESS_LOG_TABLE.id },
        segments: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h', default: false },
        ...ANCHOR_OPTIONS,
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!URL.canParse(args.endpoint) || !/^https?:$/.test(new URL(args.endpoint).protocol)) {
  fail(`--endpoint must be an http(s) URL such as http://localhost:8000; got "${args.endpoint}".`);
}
const segments = Number(args.segments);
if (!Number.isInteger(segments) || segments < 1 || segments > 1000) {
  fail(`--segments must be a whole number from 1 to 1000; got "${args.segments}".`);
}

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: args.endpoint,
    region: process.env.AWS_REGION ?? 'ap-southeast-1',
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    },
    maxAttempts: 3,
  }),
);

try {
  if (!args['kms-key-id']) await ensureAnchorKeyFile(args['anchor-key-file']);
  const result = await createAnchor({
    heads: new AccessLogHeadScanner(client, args.table, segments),
    signer: await anchorSignerOf(args),
    store: anchorStoreOf(args),
    clock: systemClock,
  })();
  const { anchorId, treeSize, rootHash, keyId } = result.statement;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  console.log(`Anchored ${treeSize} chain head${treeSize === 1 ? '' : 's'} as ${anchorId}`);
  console.log(`  root ${rootHash}, signed with ${keyId}`);
  console.log(
    `  read ${seconds(result.timings.readMs)} s, tree ${seconds(result.timings.treeMs)} s, sign and write ${seconds(result.timings.writeMs)} s`,
  );
  for (const head of result.skipped) {
    console.log(`  left out a malformed head of "${head.pin}": run npm run audit:verify -- --citizen ${head.pin}`);
  }
} catch (error) {
  console.error(`Could not anchor the access log: ${(error as Error).message}`);
  process.exitCode = 3;
} finally {
  client.destroy();
}
