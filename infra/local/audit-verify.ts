/**
 * `npm run audit:verify -- [--endpoint http://localhost:8000] [--table AccessLog] [--citizen <pin>] [anchor options]`:
 * verifies the hash chains of the access log in a running DynamoDB (by default the one `npm start` runs)
 * and names every changed, missing or misplaced entry with the citizen's PIN. It then checks them against the
 * latest anchor (docs/audit-anchoring.md), signed by the trusted anchor key: a chain rewritten whole, or
 * deleted, since that anchor is named too; chains that only grew pass. `--no-anchor` skips that check.
 * Exit codes: 0 every chain is intact, 1 tampering found, 2 bad arguments, 3 the log could not be read.
 * The logic lives in shared/access-log/verify-all-chains.ts; this file only parses arguments and prints.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PinSchema } from '../../shared/access-log/access-entry.ts';
import type { AnchorBaseline } from '../../shared/access-log/anchor-check.ts';
import { verifyAllChains } from '../../shared/access-log/verify-all-chains.ts';
import { AccessLogStore } from '../../shared/adapters/dynamodb/access-log-store.ts';
import { loadAnchorBaseline } from '../../shared/audit-anchor/read-anchor.ts';
import { ACCESS_LOG_TABLE } from '../topology.ts';
import { ANCHOR_OPTIONS, ANCHOR_USAGE, anchorStoreOf, trustedAnchorKey } from './anchor-options.ts';

const USAGE = `Usage: npm run audit:verify -- [--endpoint URL] [--table NAME] [--citizen PIN]
  --endpoint  DynamoDB endpoint (default http://localhost:8000, the one "npm start" runs)
  --table     access-log table name (default ${ACCESS_LOG_TABLE.id})
  --citizen   verify only this citizen's chain (12-digit PIN)
  --no-anchor do not check the chains against the latest anchor
${ANCHOR_USAGE}
Exit codes: 0 intact, 1 tampering found, 2 bad arguments, 3 could not read the log.`;

const fail = (message: string): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
};

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        endpoint: { type: 'string', default: 'http://localhost:8000' },
        table: { type: 'string', default: ACCESS_LOG_TABLE.id },
        citizen: { type: 'string' },
        'no-anchor': { type: 'boolean', default: false },
        ...ANCHOR_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!URL.canParse(parsed.endpoint) || !/^https?:$/.test(new URL(parsed.endpoint).protocol)) {
  fail(`--endpoint must be an http(s) URL such as http://localhost:8000; got "${parsed.endpoint}".`);
}
if (!/^[\w.-]{3,255}$/.test(parsed.table)) fail(`--table must be a DynamoDB table name; got "${parsed.table}".`);
if (parsed.citizen !== undefined && !PinSchema.safeParse(parsed.citizen).success) {
  fail(`--citizen must be a 12-digit PIN; got "${parsed.citizen}".`);
}

const client = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: parsed.endpoint,
    region: process.env.AWS_REGION ?? 'ap-southeast-1',
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    },
    maxAttempts: 2,
  }),
);

const scope = parsed.citizen === undefined ? 'every citizen' : `citizen ${parsed.citizen}`;
console.log(`Verifying the access log of ${scope} (table ${parsed.table} at ${parsed.endpoint})…`);
const started = performance.now();
/** The latest anchor's heads, or undefined (printed why); an anchor that does not verify is tampering itself. */
const anchorBaseline = async (): Promise<AnchorBaseline | undefined> => {
  if (parsed['no-anchor']) return undefined;
  const trusted = await trustedAnchorKey(parsed);
  if (!trusted) {
    console.log('No anchor key found: chains are checked against their heads only (pass --anchor-key-file).');
    return undefined;
  }
  const baseline = await loadAnchorBaseline(anchorStoreOf(parsed), trusted);
  if (baseline.status === 'none') {
    console.log('No anchor yet ("npm run audit:anchor" makes one): chains are checked against their heads only.');
    return undefined;
  }
  if (baseline.status === 'invalid') {
    console.log(`  anchor ${baseline.anchorId}: ${baseline.message}`);
    console.log('TAMPERED: the latest anchor cannot be trusted; chains are checked against their heads only.');
    process.exitCode = 1;
    return undefined;
  }
  console.log(
    `Against anchor ${baseline.anchorId} of ${baseline.anchoredAt} (${baseline.heads.size} chains, signature valid).`,
  );
  return baseline;
};

try {
  const anchor = await anchorBaseline();
  const report = await verifyAllChains(new AccessLogStore(client, parsed.table), { citizen: parsed.citizen, anchor });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const citizens = `${report.citizensChecked} citizen${report.citizensChecked === 1 ? '' : 's'}`;
  const entries = `${report.entriesChecked} entr${report.entriesChecked === 1 ? 'y' : 'ies'}`;
  console.log(`Checked ${citizens} and ${entries} in ${seconds} s.`);
  for (const problem of report.problems) console.log(`  citizen ${problem.subjectPin}: ${problem.message}`);
  if (report.problems.length > 0) {
    const affected = new Set(report.problems.map((p) => p.subjectPin)).size;
    console.log(
      `TAMPERED: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ` +
        `${affected} citizen${affected === 1 ? "'s" : "s'"} access log${affected === 1 ? '' : 's'}.`,
    );
    process.exitCode = 1;
  } else if (process.exitCode !== 1) {
    console.log('Every chain is intact.');
    if (anchor) console.log(`Every anchored chain (${report.anchoredChecked}) extends its anchored head.`);
  }
} catch (error) {
  const name = (error as Error).name;
  const hint =
    name === 'ResourceNotFoundException'
      ? `There is no table "${parsed.table}" at ${parsed.endpoint}.`
      : `Is DynamoDB running at ${parsed.endpoint}? Start the local cloud with "npm start".`;
  console.error(`Could not read the access log: ${(error as Error).message}\n${hint}`);
  process.exitCode = 3;
} finally {
  client.destroy();
}
