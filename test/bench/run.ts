/**
 * `npm run bench`: figures measured side by side in one run, written to test/bench/results/latest.{md,json}.
 * Not a test: nothing here passes or fails on timings.
 *
 * 1. Statistics read path: the local API (HTTP → API Gateway emulation → handler → SDK → DynamoDB Local)
 *    against the same read made directly with the SDK, at the same fixed concurrency.
 * 2. Every Lambda bundle: minified size and cold-load time in a fresh Node process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { FUNCTIONS } from '../../infra/topology.ts';
import { statisticsVersionKey } from '../../shared/adapters/dynamodb/population-store.ts';
import { AWS_PRICES } from './aws-prices.ts';
import { startBenchCloud } from './bench-cloud.ts';
import { runBulkSyncBench } from './bulk-sync-bench.ts';
import { bundleFunction } from './bundle.ts';
import { runBundleBench, writeBundleResults } from './bundles-bench.ts';
import { type FeedBench, feedLines, runFeedBench, writeFeedResults } from './feed-bench.ts';
import { type IdentityBench, runIdentityBench } from './identity-bench.ts';
import { type LoadResult, runLoad } from './load.ts';
import {
  feedSettled,
  type ProcedureGroupsBench,
  runProcedureGroupsBench,
  type ScenarioResult,
} from './procedure-groups-bench.ts';
import { runServicesBench, type ServicesBench } from './services-bench.ts';
import {
  measureSynth,
  type ServicesSection,
  servicesLines,
  servicesSection,
  writeServicesResults,
} from './services-report.ts';
import { breakdownLines } from './write-breakdown.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 20_000);
/** A hospital's check-in desks, or one citizen's app: lower than the public statistics' crowd. */
const E_ID_CONCURRENCY = Number(process.env.BENCH_EID_CONCURRENCY ?? 4);
const AGGREGATE_READS = Number(process.env.BENCH_AGGREGATE_READS ?? 300);
/** The services section: citizens per service, in flight, and the calm run's size (one dossier at a time). */
const SERVICES = {
  dossiers: Number(process.env.BENCH_SERVICES_DOSSIERS ?? 200),
  concurrency: Number(process.env.BENCH_SERVICES_CONCURRENCY ?? 16),
  calm: Number(process.env.BENCH_SERVICES_CALM ?? 10),
};
/** Run one part only while working on it: `reads`, `e-id`, `procedure-groups`, `services`, `bundles`, `portal`, `anchoring` or `bulk-sync`. */
const ONLY = process.env.BENCH_ONLY ?? '';

const log = (line: string) => console.log(`[bench] ${line}`);
const ms = (n: number) => n.toFixed(2);

/** The portal bench starts its own small cloud (Chromium against the demo accounts) and writes portal.md. */
const runPortalBench = () => {
  log('portal: Debian Chromium against a local cloud of its own');
  const run = spawnSync('npx', ['tsx', 'test/bench/portal-bench.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('The portal bench failed');
};

/** The anchoring bench starts its own DynamoDB Local and writes anchoring.md (test/bench/anchoring-bench.ts). */
const runAnchoringBench = () => {
  const run = spawnSync('npx', ['tsx', 'test/bench/anchoring-bench.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('The anchoring bench failed');
};

/**
 * The day in Hanoi on a local cloud of its own whose DynamoDB Local keeps its tables on disk, in a process of its own
 * (test/bench/hanoi-day-on-disk.ts).
 */
const hanoiDayOnDisk = (): ScenarioResult => {
  const dir = mkdtempSync(join(tmpdir(), 'p06-bench-result-'));
  try {
    const out = join(dir, 'hanoi-day-on-disk.json');
    const run = spawnSync('npx', ['tsx', 'test/bench/hanoi-day-on-disk.ts', out], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (run.status !== 0) throw new Error('The day in Hanoi on disk failed');
    return JSON.parse(readFileSync(out, 'utf8')) as ScenarioResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const main = async () => {
  if (ONLY === 'portal') return runPortalBench();
  // The bundles alone need no local cloud: measured on their own, into results/bundles.md.
  if (ONLY === 'bundles') return writeBundleResults(await runBundleBench());
  if (ONLY === 'anchoring') return runAnchoringBench();
  // Its own cloud, seeded with as many citizens as records (BENCH_SYNC_RECORDS); writes bulk-sync.md/json.
  if (ONLY === 'bulk-sync') return runBulkSyncBench();
  const groupsRun = ONLY === '' || ONLY === 'procedure-groups';
  // The same day in Hanoi first on a local cloud as `npm start` runs it, DynamoDB Local writing to disk, for the
  // figure side by side with the main run's (BENCH_DISK_DAY=0 skips it while working on something else).
  const diskDay = groupsRun && process.env.BENCH_DISK_DAY !== '0' && Number(process.env.BENCH_GROUP_BIRTHS ?? 450) > 0;
  const onDisk = diskDay ? hanoiDayOnDisk() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'p06-bench-'));
  log(`starting the local cloud with ${CITIZENS} citizens in ${dataDir}, DynamoDB Local in memory`);
  const cloud = await startBenchCloud({ dataDir, citizens: CITIZENS, dynamoDbInMemory: true, log });
  const readRows: Array<{ name: string; api: LoadResult; raw: LoadResult }> = [];
  let aggregates: LoadResult | undefined;
  let identity: IdentityBench | undefined;
  let groups: ProcedureGroupsBench | undefined;
  let feed: FeedBench | undefined;
  let servicesRun: ServicesBench | undefined;
  try {
    if (ONLY === '' || ONLY === 'procedure-groups') {
      log('procedure groups: a day in Hanoi, then both pilot provinces at once');
      groups = await runProcedureGroupsBench(cloud, CITIZENS, log);
      await feedSettled(cloud, log);
      if (onDisk) groups.scenarios.splice(1, 0, onDisk);
    }
    if (ONLY === '' || ONLY === 'services') {
      servicesRun = await runServicesBench(cloud, CITIZENS, SERVICES, log);
      await feedSettled(cloud, log);
    }
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.dynamoDbEndpoint,
        region: 'ap-southeast-1',
        credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
      }),
    );
    // The read the handler makes on every request: the strongly consistent statistics version.
    const versionRead = async () => {
      const { Item } = await client.send(
        new GetCommand({ TableName: 'Population', Key: statisticsVersionKey, ConsistentRead: true }),
      );
      return Item !== undefined;
    };
    // The read it makes only after a write moved the version: all 34 province aggregates.
    const aggregatesRead = async () => {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: 'Population',
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'STATS' },
          ConsistentRead: true,
        }),
      );
      return (Items?.length ?? 0) > 0;
    };
    for (const [name, query] of ONLY !== '' && ONLY !== 'reads'
      ? []
      : ([
          ['national', ''],
          ['province 01', '?province=01'],
        ] as const)) {
      const url = `${cloud.apiUrl}/v1/statistics/population${query}`;
      const apiRead = async () => {
        const response = await fetch(url);
        await response.arrayBuffer();
        return response.status === 200;
      };
      log(`statistics ${name}: ${REQUESTS} requests at concurrency ${CONCURRENCY}`);
      const api = await runLoad(apiRead, { total: REQUESTS, concurrency: CONCURRENCY });
      const raw = await runLoad(versionRead, { total: REQUESTS, concurrency: CONCURRENCY });
      readRows.push({ name, api, raw });
    }
    if (ONLY === '' || ONLY === 'e-id') {
      log(`e-ID: token verification, GET /v1/me and hospital check-in at concurrency ${CONCURRENCY}`);
      identity = await runIdentityBench(cloud, CITIZENS, {
        total: Math.min(REQUESTS, 2000),
        concurrency: E_ID_CONCURRENCY,
      });
    }
    if (ONLY === '' || ONLY === 'reads') {
      log(`full aggregate read: ${AGGREGATE_READS} queries at concurrency ${CONCURRENCY}`);
      aggregates = await runLoad(aggregatesRead, { total: AGGREGATE_READS, concurrency: CONCURRENCY, warmup: 5 });
    }
    client.destroy();
    if (ONLY === '' || ONLY === 'feed') {
      feed = await runFeedBench(cloud, CITIZENS, log);
      writeFeedResults(feed);
    }
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // Synth after the cloud stopped, so the two do not share the cores.
  let services: ServicesSection | undefined;
  if (servicesRun) {
    services = servicesSection(servicesRun, measureSynth(log));
    writeServicesResults(services);
  }

  const bundles = [];
  for (const fn of ONLY === '' || ONLY === 'bundles' ? FUNCTIONS : []) {
    log(`bundling ${fn.id}`);
    // One function that fails to load on its own must not throw away the figures measured above.
    try {
      bundles.push({ id: fn.id, ...(await bundleFunction(fn)) });
    } catch (error) {
      log(`bundling ${fn.id} failed: ${(error as Error).message.split('\n')[0]}`);
      bundles.push({
        id: fn.id,
        bytes: Number.NaN,
        dataBytes: Number.NaN,
        coldLoadMs: Number.NaN,
        dataReadMs: Number.NaN,
      });
    }
  }

  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  // `java -version` prints to stderr.
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0] ?? '';
  const lines = [
    '# Benchmark results',
    '',
    `Run ${new Date().toISOString()} on ${machine}. ${javaVersion.trim()}.`,
    `Local cloud seeded with ${CITIZENS} citizens, DynamoDB Local in memory; load is closed-loop at concurrency ${CONCURRENCY}, ${REQUESTS} requests per row after 50 warm-up requests.`,
    '',
    '## Statistics read path: local API vs direct SDK reads of DynamoDB Local',
    '',
    '| Read | API req/s | API p50 ms | API p99 ms | SDK req/s | SDK p50 ms | SDK p99 ms | API/SDK throughput | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...readRows.map(
      (r) =>
        `| ${r.name} | ${r.api.perSecond.toFixed(0)} | ${ms(r.api.p50Ms)} | ${ms(r.api.p99Ms)} | ${r.raw.perSecond.toFixed(0)} | ${ms(r.raw.p50Ms)} | ${ms(r.raw.p99Ms)} | ${(r.api.perSecond / r.raw.perSecond).toFixed(2)} | ${r.api.errors + r.raw.errors} |`,
    ),
    '',
    'Each API request makes one DynamoDB read, the strongly consistent statistics version (SDK columns: that same',
    'GetItem made directly). Only after a write moves the version does a request also read the 34 province',
    `aggregates: that query alone runs at ${aggregates ? `${aggregates.perSecond.toFixed(0)} req/s, p50 ${ms(aggregates.p50Ms)} ms, p99 ${ms(aggregates.p99Ms)} ms` : 'n/a'}`,
    `on DynamoDB Local with ${CITIZENS} citizens (${AGGREGATE_READS} queries), which is why it is not made on every request.`,
    'The API/SDK ratio is the overhead of HTTP, the API Gateway event, middy/Powertools and the handler (target ≥ 0.5).',
    '',
    '## e-ID: token verification and personal-data reads',
    '',
    `Closed-loop at concurrency ${E_ID_CONCURRENCY}, ${Math.min(REQUESTS, 2000)} requests per row; each request reads a different citizen (as at a hospital desk), so access-log chains are not contended.`,
    '',
    `Access-token verification (ES256/RS256 signature, issuer, audience, expiry, claims) in one Node process: ${identity ? identity.verificationsPerSecond.toFixed(0) : 'n/a'} per second.`,
    '',
    '| Request | API req/s | API p50 ms | API p99 ms | direct req/s | direct p50 ms | direct p99 ms | API/direct throughput | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...(identity?.rows ?? []).map(
      (r) =>
        `| ${r.name} | ${r.api.perSecond.toFixed(0)} | ${ms(r.api.p50Ms)} | ${ms(r.api.p99Ms)} | ${r.raw.perSecond.toFixed(0)} | ${ms(r.raw.p50Ms)} | ${ms(r.raw.p99Ms)} | ${(r.api.perSecond / r.raw.perSecond).toFixed(2)} | ${r.api.errors + r.raw.errors} |`,
    ),
    '',
    '"Direct" runs the same use case with the same DynamoDB adapters (record reads and the hash-chained',
    'access-log append) without HTTP, the authorizer or the handler: the API/direct ratio is their overhead.',
    'Target: check-in p99 under 50 ms locally.',
    '',
    ...procedureGroupLines(groups),
    ...servicesLines(services),
    ...feedLines(feed),
    '## Lambda bundles (esbuild, minified ESM, AWS SDK bundled; the options CDK uses)',
    '',
    '| Function | Size KB | Cold load ms (median of 5 fresh Node processes) | target ≤ 350 KB |',
    '|---|---:|---:|---|',
    ...bundles.map(
      (b) =>
        `| ${b.id} | ${(b.bytes / 1024).toFixed(1)} | ${ms(b.coldLoadMs)} | ${b.bytes <= 350 * 1024 ? 'yes' : 'NO'} |`,
    ),
    '',
  ];
  const markdown = lines.join('\n');
  const resultsDir = join(REPO_ROOT, 'test/bench/results');
  // A partial run (BENCH_ONLY) writes beside the full run's results, never over them (git ignores latest-*).
  const name = ONLY === '' ? 'latest' : `latest-${ONLY}`;
  writeFileSync(join(resultsDir, `${name}.md`), markdown);
  writeFileSync(
    join(resultsDir, `${name}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), machine, concurrency: CONCURRENCY, reads: readRows, aggregates, identity, procedureGroups: groups, services, prices: AWS_PRICES, bundles }, null, 2)}\n`,
  );
  console.log(`\n${markdown}`);
  log(`written to test/bench/results/${name}.md and ${name}.json`);
  if (ONLY === '') runPortalBench();
  if (ONLY === '') runAnchoringBench();
};

const usd = (n: number) => `$${n.toFixed(4)}`;

function procedureGroupLines(groups: ProcedureGroupsBench | undefined): string[] {
  if (!groups) return [];
  return [
    '## Interconnected procedure groups: a day in Hanoi, with auto-approval on',
    '',
    'Each burst is submitted through the local API (32 requests in flight) and run to completion by the real',
    'consumer, Step Functions interpreter, task Lambdas and DynamoDB Local; every outcome is then checked against',
    'the registries (a valid, unique PIN and TE card on the child in the household; the deceased recorded with the',
    'residence deleted; the funeral allowance amount). DynamoDB Local keeps its tables in memory for the bench (its',
    'data is thrown away, and AWS stores nothing in a file on this machine); the row "on disk" is the same day on a',
    'local cloud of its own whose DynamoDB Local writes its SQLite files to disk, as `npm start` keeps them.',
    '',
    '| Burst | births | deaths | intake p50 ms | intake p99 ms | submitted in s | all complete in s | dossiers/s | outcomes | client retries | problems |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    ...groups.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.births} | ${s.deaths} | ${ms(s.intakeP50Ms)} | ${ms(s.intakeP99Ms)} | ${s.submitSeconds.toFixed(1)} | ${s.completeSeconds.toFixed(1)} | ${s.dossiersPerSecond.toFixed(1)} | ${Object.entries(
          s.statuses,
        )
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')} | ${s.retries} | ${s.problems.length} |`,
    ),
    '',
    ...groups.scenarios.flatMap((s) => s.problems.slice(0, 5).map((p) => `- ${s.name}: ${p}`)),
    '',
    '### Metered use per group (both bursts)',
    '',
    '| Group | state transitions | Lambda invocations | Lambda GB-s (calm run) | Lambda GB-s (in the bursts) | DynamoDB WRU (per item, calm run) | DynamoDB WRU (DynamoDB Local, bursts) | DynamoDB RRU | DynamoDB requests | SQS requests | API requests |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(groups.perGroup).map(
      ([g, u]) =>
        `| ${g} | ${u.transitions.toFixed(1)} | ${u.invocations.toFixed(2)} | ${u.lambdaGbSeconds.toFixed(3)} | ${u.lambdaGbSecondsInBurst.toFixed(3)} | ${u.writeUnits.toFixed(1)} | ${(u.writeUnitsMetered ?? u.writeUnits).toFixed(1)} | ${u.readUnits.toFixed(1)} | ${u.dynamoDbRequests.toFixed(1)} | ${u.sqsRequests.toFixed(2)} | ${u.apiRequests.toFixed(2)} |`,
    ),
    '',
    'The WRU the target and the cost are judged on are billed item by item (the breakdown below, from the calm run):',
    '2 per KB or part of it of each item of a transaction, each item sized as it is after the write (AWS bills an update',
    "at the larger of the item's sizes before and after it; a group's items grow or keep their size). The bursts' column is what",
    'DynamoDB Local reported there, corrected only to at least 2 WRU per item of a transaction: a lower bound.',
    '',
    '### DynamoDB write units per group, by table, index, item type and function (calm run)',
    '',
    'ReturnConsumedCapacity INDEXES on every write made while serving a group, counted as AWS bills it: each item of a',
    'transaction 2 WRU per KB or part of it (DynamoDB Local reports 2 per KB of all its items of a table together, fewer',
    "for several small items; the first WRU column above is these tables' total), and each index's units shared among",
    "the items carrying the index's partition key (test/bench/write-breakdown.ts, awsBilledWrite in metering.ts).",
    '',
    ...breakdownLines(groups.writeBreakdown),
    `### Cost per 1,000 groups on AWS (prices ${AWS_PRICES.asOf}, ${AWS_PRICES.region}; source ${AWS_PRICES.source})`,
    '',
    '| Item | 1,000 birth groups | 1,000 death groups |',
    '|---|---:|---:|',
    ...groups.costPer1000.map((l) => `| ${l.item} | ${usd(l.birth)} | ${usd(l.death)} |`),
    '',
    'Targets (issue 11): at most US$0.15 per 1,000 groups and 40 WRU per birth group; a day in Hanoi within 60 s and',
    'both provinces within 1.5 times that. Counts (transitions, invocations, request units, SQS and API requests)',
    'come from the bursts; Lambda GB-s from the calm run, where each handler runs alone as in its own Lambda',
    'environment, still against DynamoDB Local (slower than DynamoDB), so it over-estimates AWS durations. The',
    "burst column shows what the cost would be if the bursts' wall-clock times (mostly queueing on two cores) were",
    'billed. The token authorizer is metered on every request (AWS caches its answer per token for 60 s); retried',
    'submissions count their extra API requests. Fixed monthly costs (empty SQS polls, alarms, logs) are left out.',
    '',
  ];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
