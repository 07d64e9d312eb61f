/**
 * `BENCH_ONLY=bundles npx tsx test/bench/run.ts` (or `npx tsx test/bench/bundles-bench.ts`): every Lambda bundle
 * alone, without starting the local cloud: its size, the median cold import time in fresh Node processes, and the
 * packages that weigh most in it (esbuild's metafile). Writes test/bench/results/bundles.{md,json}; with
 * `BUNDLES_LABEL=before` it writes bundles-before.{md,json} instead, to keep a baseline side by side.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEED } from '../../infra/feed-topology.ts';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { FUNCTIONS } from '../../infra/topology.ts';
import { bundleFunction } from './bundle.ts';

const TARGET_KB = 350;
const TARGET_MS = 100;
/** Fresh Node processes per function (`BUNDLES_RUNS`, default 5); the median is reported. */
const RUNS = Number(process.env.BUNDLES_RUNS ?? 5);

export interface BundleRow {
  readonly id: string;
  readonly bytes: number;
  /** Data files shipped beside the bundle and read on first use (FunctionSpec.dataFiles), not at import. */
  readonly dataBytes: number;
  readonly coldLoadMs: number;
  /** Reading and parsing those data files, which the first request that needs them adds to its time. */
  readonly dataReadMs: number;
  /** The heaviest packages (or source folders) in the bundle, KB each. */
  readonly heaviest: readonly { readonly name: string; readonly kb: number }[];
}

export const runBundleBench = async (log: (line: string) => void = console.log): Promise<BundleRow[]> => {
  const rows: BundleRow[] = [];
  for (const fn of [...FUNCTIONS, ...FEED.functions]) {
    log(`[bench] bundling ${fn.id}`);
    const measured = await bundleFunction(fn, RUNS, { breakdown: true });
    rows.push({
      id: fn.id,
      bytes: measured.bytes,
      dataBytes: measured.dataBytes,
      coldLoadMs: measured.coldLoadMs,
      dataReadMs: measured.dataReadMs,
      heaviest: measured.heaviest ?? [],
    });
  }
  return rows;
};

export const bundleLines = (rows: readonly BundleRow[]): string[] => [
  `| Function | Size KB | Data files KB, ms to read (on first use) | Cold load ms (median of ${RUNS} fresh Node processes) | ≤ ${TARGET_KB} KB | ≤ ${TARGET_MS} ms | Heaviest parts (KB) |`,
  '|---|---:|---:|---:|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.id} | ${(r.bytes / 1024).toFixed(1)} | ${r.dataBytes > 0 ? `${(r.dataBytes / 1024).toFixed(1)}, ${r.dataReadMs.toFixed(1)} ms` : ''} | ${r.coldLoadMs.toFixed(1)} | ${r.bytes <= TARGET_KB * 1024 ? 'yes' : 'NO'} | ${r.coldLoadMs <= TARGET_MS ? 'yes' : 'NO'} | ${r.heaviest
        .slice(0, 4)
        .map((h) => `${h.name} ${h.kb.toFixed(0)}`)
        .join(', ')} |`,
  ),
];

export const writeBundleResults = (rows: readonly BundleRow[], label = process.env.BUNDLES_LABEL ?? '') => {
  const name = label ? `bundles-${label}` : 'bundles';
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadAverage1m: loadavg()[0], node: process.version };
  const markdown = [
    `# Lambda bundles${label ? ` (${label})` : ''}`,
    '',
    `Measured ${new Date().toISOString()} on ${machine.cpus} × ${machine.model}, Node ${machine.node}, load average ${machine.loadAverage1m?.toFixed(1)} (cold-load times grow with the machine's load).`,
    'esbuild with the options CDK uses (infra/bundling.ts): minified ESM, AWS SDK bundled.',
    '',
    `${rows.filter((r) => r.bytes <= TARGET_KB * 1024).length} of ${rows.length} functions at most ${TARGET_KB} KB; ` +
      `${rows.filter((r) => r.coldLoadMs <= TARGET_MS).length} of ${rows.length} load in at most ${TARGET_MS} ms.`,
    '',
    ...bundleLines(rows),
    '',
  ].join('\n');
  const dir = join(REPO_ROOT, 'test/bench/results');
  writeFileSync(join(dir, `${name}.md`), markdown);
  writeFileSync(
    join(dir, `${name}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), machine, bundles: rows }, null, 2)}\n`,
  );
  console.log(`\n${markdown}`);
  console.log(`[bench] written to test/bench/results/${name}.md and ${name}.json`);
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeBundleResults(await runBundleBench());
}
