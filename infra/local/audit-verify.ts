/**
 * `npm run audit:verify -- [--endpoint http://localhost:8000] [--table AccessLog] [--citizen <pin>]`:
 * verifies the hash chains of the access log in a running DynamoDB (by default the one `npm start` runs)
 * and names every changed, missing or misplaced entry with the citizen's PIN.
 * Exit codes: 0 every chain is intact, 1 tampering found, 2 bad arguments, 3 the log could not be read.
 * The logic lives in shared/access-log/verify-all-chains.ts; this file only parses arguments and prints.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PinSchema } from '../../shared/access-log/access-entry.ts';
import { verifyAllChains } from '../../shared/access-log/verify-all-chains.ts';
import { AccessLogStore } from '../../shared/adapters/dynamodb/access-log-store.ts';
import { ACCESS_LOG_TABLE } from '../topology.ts';

const USAGE = `Usage: npm run audit:verify -- [--endpoint URL] [--table NAME] [--citizen PIN]
  --endpoint  DynamoDB endpoint (default http://localhost:8000, the one "npm start" runs)
  --table     access-log table name (default ${ACCESS_LOG_TABLE.id})
  --citizen   verify only this citizen's chain (12-digit PIN)
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
try {
  const report = await verifyAllChains(new AccessLogStore(client, parsed.table), { citizen: parsed.citizen });
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
  } else {
    console.log('Every chain is intact.');
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
