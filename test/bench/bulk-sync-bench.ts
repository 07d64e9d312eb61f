/**
 * Bulk sync bench (`BENCH_ONLY=bulk-sync npm run bench`): a local cloud seeded with BENCH_SYNC_RECORDS citizens
 * (default 200,000, the size), a health-insurance export of as many lines generated from them (every
 * matching record with a new card: the write-heavy case), synced through the same ASL and handlers; then the same
 * export again (nothing to write). Measures records/s and derives the AWS estimate for 36 million records from the
 * item sizes and the list prices in aws-prices.ts. Writes test/bench/results/bulk-sync.{md,json}.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { generateExport, scanLivingCitizens } from '../../infra/local/bulk-sync/generate-export.ts';
import { runLocalSync } from '../../infra/local/bulk-sync/run-sync.ts';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { startLocalCloud } from '../../infra/local/local-cloud.ts';
import { POPULATION_TABLE, topology } from '../../infra/topology.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { freePort } from '../support/free-port.ts';
import { AWS_PRICES } from './aws-prices.ts';

const RECORDS = Number(process.env.BENCH_SYNC_RECORDS ?? 200_000);
const NATIONAL_RECORDS = 36_000_000;
const BATCH = 500;
/** What one batch costs in AWS: 5 BatchGetItem calls and ~250-500 transactions, 16 at a time (~15 ms each). */
const AWS_BATCH_SECONDS = 1.0;
const LAMBDA_GB = 1;
const log = (line: string) => console.log(`[bench:bulk-sync] ${line}`);

/** Write request units of a transactional write of an item of `bytes` (2 per KB, rounded up). */
const transactionalWru = (bytes: number) => 2 * Math.ceil(bytes / 1024);

export const awsEstimate = (itemBytes: { profile: number; history: number }, records = NATIONAL_RECORDS) => {
  const batches = Math.ceil(records / BATCH);
  const targetSeconds = 3600;
  const recordsPerSecond = records / targetSeconds;
  const concurrency = Math.ceil((recordsPerSecond / BATCH) * AWS_BATCH_SECONDS * 1.5);
  const wruPerRecord = transactionalWru(itemBytes.profile) + transactionalWru(itemBytes.history);
  const p = AWS_PRICES;
  const cost = {
    dynamoDbWrites: records * wruPerRecord * p.dynamoDbPerWriteUnit,
    dynamoDbReads: records * Math.ceil(itemBytes.profile / 4096) * p.dynamoDbPerReadUnit,
    lambda: batches * (p.lambdaPerRequest + AWS_BATCH_SECONDS * LAMBDA_GB * p.lambdaPerGbSecondArm),
    // Each child workflow is one Express request (~1 s at the 64 MB minimum) and one transition of the parent.
    stepFunctions:
      batches * (p.stepFunctionsExpressPerRequest + AWS_BATCH_SECONDS * 0.064 * p.stepFunctionsExpressPerGbSecond) +
      batches * p.stepFunctionsPerTransition,
    // The feed publishes every change: one event per linked record on the life-event bus.
    feedEvents: records * p.eventBridgePerEvent,
  };
  return {
    records,
    batches,
    targetMinutes: 60,
    recordsPerSecond: Math.round(recordsPerSecond),
    mapMaxConcurrency: concurrency,
    wruPerRecord,
    writeUnitsPerSecond: Math.round(recordsPerSecond * wruPerRecord),
    readUnitsPerSecond: Math.round(recordsPerSecond * Math.ceil(itemBytes.profile / 4096)),
    costUsd: { ...cost, total: Object.values(cost).reduce((a, b) => a + b, 0) },
  };
};

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'p06-bench-sync-'));
  log(
    `starting a local cloud with ${RECORDS} citizens (machine load ${(await import('node:os')).loadavg()[0]?.toFixed(1)})`,
  );
  const cloud = await startLocalCloud({
    topology: topology(['01']),
    dataDir,
    apiPort: await freePort(),
    awsPort: await freePort(),
    dynamoDbPort: await freePort(),
    seedCitizens: RECORDS,
    log,
  });
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.dynamoDbEndpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
    }),
  );
  try {
    const citizens = await scanLivingCitizens(dynamo, POPULATION_TABLE.id);
    const lines = Math.min(RECORDS, Math.floor(citizens.length / 1.0));
    const generated = generateExport(citizens, { lines, format: 'jsonl', seed: 7, shares: { newCards: 1 } });
    const runs = [];
    for (const [label, name] of [
      ['first run (every match written)', 'bench-first'],
      ['re-run (nothing to write)', 'bench-again'],
    ] as const) {
      log(`${label}: ${lines} records`);
      let mapStarted = 0;
      let mapEnded = 0;
      const started = performance.now();
      const result = await runLocalSync({
        awsEndpoint: cloud.awsEndpoint,
        dynamoDbEndpoint: cloud.dynamoDbEndpoint,
        source: 'health-insurance',
        body: generated.text,
        fileName: 'bench.jsonl',
        executionName: name,
        onProgress: () => {
          if (mapStarted === 0) mapStarted = performance.now();
          mapEnded = performance.now();
        },
      });
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 'SUCCEEDED') throw new Error(`${label} failed: ${result.error}: ${result.cause}`);
      runs.push({
        label,
        records: lines,
        seconds,
        recordsPerSecond: lines / seconds,
        mapSeconds: (mapEnded - mapStarted) / 1000,
        counts: result.report?.counts,
      });
      log(`${label}: ${(lines / seconds).toFixed(0)} records/s`);
    }
    const store = new PopulationStore(dynamo, POPULATION_TABLE.id);
    const sample = [...generated.linkedCards.keys()].slice(0, 200);
    const sizes = await Promise.all(
      sample.map(async (pin) => ({
        profile: JSON.stringify(await store.getCitizen(pin)).length,
        history: JSON.stringify((await store.history(pin)).at(-1)).length,
      })),
    );
    const itemBytes = {
      profile: Math.max(...sizes.map((s) => s.profile)) + 200,
      history: Math.max(...sizes.map((s) => s.history)) + 100,
    };
    const estimate = awsEstimate(itemBytes);
    const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
    const markdown = [
      `# Bulk sync bench (${new Date().toISOString()}, ${machine.cpus} CPUs shared, Node ${machine.node})`,
      '',
      `Local: ${lines.toLocaleString('en')} health-insurance records against a cloud seeded with ${RECORDS.toLocaleString('en')} citizens (target ≥ 5,000 rec/s for 200,000).`,
      '',
      '| Run | Records | Seconds (whole run) | Records/s | Map phase (s) |',
      '|---|---|---|---|---|',
      ...runs.map(
        (r) =>
          `| ${r.label} | ${r.records} | ${r.seconds.toFixed(1)} | ${r.recordsPerSecond.toFixed(0)} | ${r.mapSeconds.toFixed(1)} |`,
      ),
      '',
      `## AWS estimate for ${NATIONAL_RECORDS.toLocaleString('en')} records in one hour`,
      '',
      `Largest items seen (with margin): profile ${itemBytes.profile} B, history ${itemBytes.history} B → ${estimate.wruPerRecord} WRU per linked record (transactional: 2 per KB).`,
      '',
      '| What | Value |',
      '|---|---|',
      `| Records/s needed | ${estimate.recordsPerSecond.toLocaleString('en')} |`,
      `| Child workflows (batches of ${BATCH}) | ${estimate.batches.toLocaleString('en')} |`,
      `| Distributed Map MaxConcurrency (at ~${AWS_BATCH_SECONDS} s a batch, ×1.5) | ${estimate.mapMaxConcurrency} |`,
      `| DynamoDB write units/s | ${estimate.writeUnitsPerSecond.toLocaleString('en')} |`,
      `| DynamoDB read units/s | ${estimate.readUnitsPerSecond.toLocaleString('en')} |`,
      ...Object.entries(estimate.costUsd).map(([k, v]) => `| Cost: ${k} | $${v.toFixed(2)} |`),
      '',
    ].join('\n');
    const dir = join(REPO_ROOT, 'test/bench/results');
    writeFileSync(join(dir, 'bulk-sync.md'), markdown);
    writeFileSync(
      join(dir, 'bulk-sync.json'),
      `${JSON.stringify({ at: new Date().toISOString(), machine, seeded: RECORDS, runs, itemBytes, estimate, prices: AWS_PRICES }, null, 2)}\n`,
    );
    console.log(markdown);
  } finally {
    dynamo.destroy();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export const runBulkSyncBench = main;
