/**
 * The day in Hanoi on a local cloud whose DynamoDB Local writes its tables to disk, as `npm start` keeps them, in a
 * process of its own, so its DynamoDB Local and handlers do not share a heap and an event loop with the main run's. Writes the
 * scenario's result as JSON to the file named by its argument; test/bench/run.ts puts it beside the main run's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchCloud } from './bench-cloud.ts';
import { runHanoiDay } from './procedure-groups-bench.ts';

const out = process.argv[2];
if (!out) throw new Error('Usage: hanoi-day-on-disk.ts <result.json>');
const citizens = Number(process.env.BENCH_CITIZENS ?? 20_000);
const log = (line: string) => console.log(`[bench] ${line}`);
const dataDir = mkdtempSync(join(tmpdir(), 'p06-bench-disk-'));
log(`starting a local cloud with ${citizens} citizens in ${dataDir}, DynamoDB Local on disk`);
const cloud = await startBenchCloud({ dataDir, citizens, dynamoDbInMemory: false, log });
try {
  const result = await runHanoiDay(cloud, citizens, 'A day in Hanoi (01), DynamoDB Local on disk', log);
  writeFileSync(out, JSON.stringify(result));
} finally {
  await cloud.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
