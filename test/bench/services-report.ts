/**
 * The services section of the bench: the topology's function count and the `cdk synth` wall time, measured beside
 * the three services of test/bench/services-bench.ts, as markdown (services.md and a section of latest.md) and JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { FUNCTIONS, SERVICE_FUNCTIONS } from '../../infra/topology.ts';
import { AWS_PRICES } from './aws-prices.ts';
import type { ServicesBench } from './services-bench.ts';

export interface SynthTiming {
  /** Wall clock of `npx cdk synth -q` (default pilot provinces, bundling included), or undefined if skipped. */
  readonly seconds?: number;
  /** User + system CPU seconds of the synth and its children (bash's `time`), and the 1-minute load average before. */
  readonly cpuSeconds?: number;
  readonly loadAverage?: number;
  readonly ok: boolean;
  readonly note: string;
}

export interface ServicesSection extends ServicesBench {
  readonly functions: number;
  readonly serviceFunctions: number;
  readonly synth: SynthTiming;
}

/** `npx cdk synth -q` into a throwaway directory (not cdk.out, which others may be using); BENCH_SYNTH=0 skips it. */
export const measureSynth = (log: (line: string) => void): SynthTiming => {
  if (process.env.BENCH_SYNTH === '0') return { ok: false, note: 'skipped (BENCH_SYNTH=0)' };
  const out = mkdtempSync(join(tmpdir(), 'p06-bench-synth-'));
  log(`services: timing npx cdk synth -q (output in ${out})`);
  const loadAverage = loadavg()[0];
  const started = performance.now();
  const run = spawnSync('bash', ['-c', `TIMEFORMAT='@cpu %U %S'; time npx cdk synth -q -o '${out}'`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = /@cpu ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined;
  rmSync(out, { recursive: true, force: true });
  const ok = run.status === 0;
  const note = ok
    ? 'default pilot provinces, bundling included'
    : `failed: ${(run.stderr ?? '')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('@cpu'))
        .at(-1)}`;
  log(`services: synth ${ok ? 'took' : 'failed after'} ${seconds.toFixed(1)} s`);
  return { seconds, cpuSeconds, loadAverage, ok, note };
};

export const servicesSection = (bench: ServicesBench, synth: SynthTiming): ServicesSection => ({
  ...bench,
  functions: FUNCTIONS.length,
  serviceFunctions: SERVICE_FUNCTIONS.length,
  synth,
});

const ms = (n: number) => n.toFixed(1);
const usd = (n: number) => `$${n.toFixed(4)}`;

export function servicesLines(section: ServicesSection | undefined): string[] {
  if (!section) return [];
  const { rows, synth } = section;
  return [
    '## Single-agency services: residence confirmation, temporary residence (4), criminal-record certificate (12)',
    '',
    `Each service filed by ${rows[0]?.dossiers ?? 0} distinct citizens through the local API, ${rows[0]?.concurrency ?? 0} in flight, with`,
    "auto-approval on, run to the end by the real handlers, the province consumer and DynamoDB Local. Service 4's",
    "7,000 đ and service 12's 200,000 đ fees are paid at the local payment gateway simulator (payment page, the",
    "gateway's IPN) as part of the flow; service 12 always waits for the police (the judicial-records database is",
    'outside the NPDB), so a scripted officer approves each one through the API as soon as it reaches the inbox. Time to',
    'completion runs from filing to the outcome the dossier records; for the synchronous confirmation it is the answer.',
    'Applicants exempt from a fee (fee exemptions by age, from the NPDB) skip the payment: "fees paid" counts the others.',
    '',
    '| Service | completion | dossiers | intake p50 ms | intake p99 ms | completion p50 ms | completion p99 ms | all complete in s | dossiers/s | outcomes | fees paid | client retries | problems |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.completion} | ${r.dossiers} | ${ms(r.intakeP50Ms)} | ${ms(r.intakeP99Ms)} | ${ms(r.completionP50Ms)} | ${ms(r.completionP99Ms)} | ${r.totalSeconds.toFixed(1)} | ${r.dossiersPerSecond.toFixed(1)} | ${Object.entries(
          r.statuses,
        )
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')} | ${r.paid} | ${r.retries} | ${r.problems.length} |`,
    ),
    '',
    ...rows.flatMap((r) => r.problems.slice(0, 5).map((p) => `- ${r.name}: ${p}`)),
    '',
    'Problems: a filing refused, a dossier not completed (or completed without its receipt, or decided automatically',
    'when an officer must decide), a temporary residence written twice in the change history, a document issued twice',
    'or not verifiable. 0 expected.',
    '',
    '### Metered use per dossier',
    '',
    '| Service | state transitions | Lambda invocations | Lambda GB-s (calm run) | Lambda GB-s (in the burst) | DynamoDB WRU | DynamoDB RRU | DynamoDB requests | SQS requests | API requests |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ name, perDossier: u }) =>
        `| ${name} | ${u.transitions.toFixed(1)} | ${u.invocations.toFixed(2)} | ${u.lambdaGbSeconds.toFixed(3)} | ${u.lambdaGbSecondsInBurst.toFixed(3)} | ${u.writeUnits.toFixed(1)} | ${u.readUnits.toFixed(1)} | ${u.dynamoDbRequests.toFixed(1)} | ${u.sqsRequests.toFixed(2)} | ${u.apiRequests.toFixed(2)} |`,
    ),
    '',
    `### Cost per 1,000 dossiers on AWS (prices ${AWS_PRICES.asOf}, ${AWS_PRICES.region})`,
    '',
    `| Item | ${rows.map((r) => r.name).join(' | ')} |`,
    `|---|${rows.map(() => '---:').join('|')}|`,
    ...(rows[0]?.costPer1000 ?? []).map(
      (line, i) => `| ${line.item} | ${rows.map((r) => usd(r.costPer1000[i]?.usd ?? 0)).join(' | ')} |`,
    ),
    '',
    'No single-agency service has a workflow, so no state transitions. The API requests are the filing, the payment',
    "page, the gateway's IPN and (service 12) the officer's decision; the authorizer is metered on every request (AWS",
    'caches its answer per token for 60 s). Lambda GB-s from a calm run of each service, one dossier at a time, as one',
    'Lambda environment per request would bill them (still against DynamoDB Local, slower than DynamoDB); the burst',
    "column is the wall clock inside the burst, mostly queueing on this machine. The gateway's own fee, the officer's",
    'inbox reads, notifications delivered after the end and fixed monthly costs are left out.',
    '',
    '### Functions and synth',
    '',
    `The topology declares ${section.functions} Lambda functions (infra/topology.ts \`FUNCTIONS\`), ${section.serviceFunctions} of them service functions`,
    '(one per dossier service, each from its own entry with the rules of its service only). `npx cdk synth -q`: ' +
      (synth.seconds === undefined
        ? `${synth.note}.`
        : `${synth.seconds.toFixed(1)} s wall clock for ${synth.cpuSeconds?.toFixed(1) ?? '?'} s of CPU (user + system; ${synth.note}; target under 60 s), on the shared machine with a 1-minute load average of ${synth.loadAverage?.toFixed(1) ?? '?'} when it started.`),
    '',
  ];
}

export const writeServicesResults = (section: ServicesSection): string => {
  const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  const markdown = [
    `# Services bench (${new Date().toISOString()}, ${machine.cpus} CPUs, Node ${machine.node})`,
    '',
    ...servicesLines(section),
  ].join('\n');
  const dir = join(REPO_ROOT, 'test/bench/results');
  writeFileSync(join(dir, 'services.md'), markdown);
  writeFileSync(
    join(dir, 'services.json'),
    `${JSON.stringify({ at: new Date().toISOString(), machine, prices: AWS_PRICES, services: section }, null, 2)}\n`,
  );
  return markdown;
};
