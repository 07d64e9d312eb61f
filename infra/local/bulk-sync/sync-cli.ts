/**
 * `npm run sync -- --source health-insurance --file cards.jsonl [--name RUN] [--aws-endpoint URL]
 * [--dynamodb-endpoint URL]`: synchronises a sector export with the running local cloud (docs/bulk-sync.md),
 * with a progress bar, and prints the reconciliation report. The same `--name` again resumes a run whose map
 * stopped (its finished batches are skipped: checkpoints in `${DATA_DIR:-.data}/bulk-sync/`).
 * Exit codes: 0 the run succeeded, 1 it failed, 2 bad arguments.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { SYNC_SOURCES } from '../../../shared/bulk-sync/sources.ts';
import { REPO_ROOT } from '../lambda-runtime.ts';
import { runLocalSync } from './run-sync.ts';

const usage = `Usage: npm run sync -- --source ${Object.keys(SYNC_SOURCES).join('|')} --file PATH.{jsonl,csv} [--name RUN]
  [--aws-endpoint URL (default http://127.0.0.1:$AWS_PORT or 4566)] [--dynamodb-endpoint URL (default $DYNAMODB_PORT or 8000)]`;

const main = async (): Promise<number> => {
  let args: ReturnType<typeof parseArgs>['values'];
  try {
    args = parseArgs({
      options: {
        source: { type: 'string' },
        file: { type: 'string' },
        name: { type: 'string' },
        'aws-endpoint': { type: 'string' },
        'dynamodb-endpoint': { type: 'string' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const source = String(args.source ?? '');
  if (!(source in SYNC_SOURCES) || typeof args.file !== 'string') {
    console.error(usage);
    return 2;
  }
  const name = String(
    args.name ??
      `sync-${new Date()
        .toISOString()
        .replace(/[-:.TZ]/g, '')
        .slice(0, 14)}`,
  );
  const awsEndpoint = String(args['aws-endpoint'] ?? `http://127.0.0.1:${process.env.AWS_PORT ?? 4566}`);
  const dynamoDbEndpoint = String(args['dynamodb-endpoint'] ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`);
  const bar = new SingleBar({
    format: 'sync {bar} {percentage}% | {value}/{total} records | failed {failed} | {rate} rec/s | ETA {eta}s',
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  });
  const started = Date.now();
  let barStarted = false;
  const result = await runLocalSync({
    awsEndpoint,
    dynamoDbEndpoint,
    source,
    body: readFileSync(args.file),
    fileName: args.file,
    executionName: name,
    checkpointDir: resolve(process.env.DATA_DIR ?? resolve(REPO_ROOT, '.data'), 'bulk-sync'),
    onProgress: (p) => {
      const done = p.succeededItems + p.failedItems;
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
      if (!barStarted) {
        bar.start(p.totalItems, done, { failed: p.failedItems, rate });
        barStarted = true;
      } else bar.update(done, { failed: p.failedItems, rate });
    },
  }).finally(() => {
    if (barStarted) bar.stop();
  });
  if (result.status !== 'SUCCEEDED') {
    console.error(`Run ${name} failed: ${result.error}: ${result.cause}\nResume it with --name ${name}.`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify(result.report, null, 2));
  console.log(
    `Run ${name}: ${result.report?.counts.lines} lines in ${seconds.toFixed(1)} s; report s3://${result.report?.export.bucket}/reports/${name}/report.json`,
  );
  return 0;
};

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`sync failed: ${error.message}`);
    process.exit(1);
  },
);
