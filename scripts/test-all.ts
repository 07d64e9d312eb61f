/**
 * Runs every test: the integration project (one file at a time against one local cloud) in one Vitest process, the
 * unit and infra projects in another, both at once.
 *
 * Why two processes: within one Vitest run, a project whose files may not run in parallel forms a group of its own
 * that starts only after every other project's files have finished, so the integration files (about 540 s, mostly
 * waiting on the local cloud and the browser) never overlapped the unit and infra files (about 320 s of CPU). Run
 * side by side, the suite takes about the integration files' time.
 *
 * With arguments (`npm run test:all -- test/unit/foo.test.ts`), it is plain `vitest run` with those arguments.
 * Each output line is prefixed with its run's name; the exit code is non-zero when either run fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const args = process.argv.slice(2);

type Run = { name: string; args: string[] };
const runs: Run[] =
  args.length > 0
    ? [{ name: '', args }]
    : [
        { name: 'integration', args: ['--project', 'integration'] },
        { name: 'unit+infra', args: ['--project', 'unit', '--project', 'infra'] },
      ];

const children: ChildProcess[] = [];
const stop = (signal: NodeJS.Signals) => {
  for (const child of children) child.kill(signal);
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

function start(run: Run): Promise<{ name: string; code: number; seconds: number }> {
  const started = performance.now();
  const prefixed = run.name !== '';
  const child = spawn(process.execPath, [vitest, 'run', ...run.args], {
    stdio: prefixed ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: process.env,
  });
  children.push(child);
  if (prefixed && child.stdout && child.stderr) {
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
        out.write(`[${run.name}] ${line}\n`),
      );
    }
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ name: run.name, code: code ?? (signal ? 1 : 0), seconds: (performance.now() - started) / 1000 }),
    );
  });
}

const results = await Promise.all(runs.map(start));
if (runs.length > 1) {
  for (const r of results) {
    console.log(`${r.name}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${r.seconds.toFixed(1)} s`);
  }
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
