import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/bundling.ts';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { type FunctionSpec, TABLES } from '../../infra/topology.ts';

/** Bytes of the output per npm package (or per `shared/<area>` folder), heaviest first. */
const breakdownOf = (metafile: Metafile): { name: string; kb: number }[] => {
  const output = Object.values(metafile.outputs)[0];
  const groups = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const name =
      pkg ??
      path
        .split('/')
        .slice(0, path.startsWith('shared/') ? 3 : 2)
        .join('/');
    groups.set(name, (groups.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...groups]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, bytes]) => ({ name, kb: bytes / 1024 }));
};

/**
 * Bundles a function as CDK does (its data files copied beside the bundle, as the CDK hook does), then measures its
 * size and the median cold import time in fresh processes. `dataBytes` is the data files' size: they ship in the
 * same zip but are read on first use, not at import.
 */
export const bundleFunction = async (
  fn: Pick<FunctionSpec, 'entry' | 'dataFiles'>,
  runs = 5,
  options: { breakdown?: boolean } = {},
): Promise<{
  bytes: number;
  dataBytes: number;
  coldLoadMs: number;
  /** Reading and parsing the data files after the import (what the first request that needs them adds). */
  dataReadMs: number;
  heaviest?: { name: string; kb: number }[];
}> => {
  const dir = mkdtempSync(join(tmpdir(), 'p06-bundle-'));
  try {
    const outfile = join(dir, 'index.mjs');
    const result = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: [resolve(REPO_ROOT, fn.entry)],
      outfile,
      logLevel: 'silent',
      metafile: options.breakdown === true,
    });
    let dataBytes = 0;
    for (const file of fn.dataFiles ?? []) {
      copyFileSync(resolve(REPO_ROOT, file), join(dir, basename(file)));
      dataBytes += statSync(join(dir, basename(file))).size;
    }
    const probe = join(dir, 'probe.mjs');
    const dataNames = (fn.dataFiles ?? []).map((file) => basename(file));
    writeFileSync(
      probe,
      [
        "import { readFileSync } from 'node:fs';",
        "const t = performance.now(); await import('./index.mjs'); const loaded = performance.now();",
        `for (const name of ${JSON.stringify(dataNames)}) JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));`,
        'console.log(loaded - t, performance.now() - loaded);',
        '',
      ].join('\n'),
    );
    const env = {
      PATH: process.env.PATH,
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      POWERTOOLS_TRACE_ENABLED: 'false',
      // What CDK sets on the e-ID functions; module load reads them, no call is made.
      OIDC_ISSUER: 'https://id.p06.example',
      INTAKE_QUEUE_URL_PREFIX: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/',
      STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:',
      ONBOARDED_PROVINCES: '01,37',
      AUTO_APPROVAL: '{}',
      LIFE_EVENT_BUS_NAME: 'p06-life-events',
      FEED_QUEUE_URL_PREFIX: 'https://sqs.ap-southeast-1.amazonaws.com/000000000000/',
      // The anchoring and payment functions' AWS settings (infra/constructs/audit-anchors.ts, payment-terminal-secret.ts).
      AUDIT_ANCHOR_BUCKET: 'p06-audit-anchors',
      AUDIT_ANCHOR_KEY_ID: 'arn:aws:kms:ap-southeast-1:000000000000:key/00000000-0000-0000-0000-000000000000',
      PAYMENT_TERMINAL_SECRET_ARN: 'arn:aws:secretsmanager:ap-southeast-1:000000000000:secret:PaymentTerminal',
      PAYMENT_GATEWAY_URL: 'https://sandbox.vnpayment.vn',
      PAYMENT_RETURN_URL: 'https://id.p06.example/v1/payments/vnpay/return',
      ...Object.fromEntries(TABLES.map((t) => [t.envVar, t.id])),
    };
    const samples = Array.from({ length: runs }, () =>
      execFileSync(process.execPath, [probe], { env, encoding: 'utf8' }).trim().split(' ').map(Number),
    );
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
    return {
      bytes: statSync(outfile).size,
      dataBytes,
      coldLoadMs: median(samples.map(([load]) => load as number)),
      dataReadMs: median(samples.map(([, read]) => read as number)),
      ...(result.metafile ? { heaviest: breakdownOf(result.metafile) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
