/**
 * The portal as a citizen meets it, measured in Debian's Chromium against a local cloud started here:
 * 1. JavaScript of the first load of the citizen home: bytes as served and gzip-compressed (what CloudFront sends);
 * 2. time to interactive of the home (navigation start → the sign-in button, or the citizen's record, is usable),
 *    cold cache each time, signed out and signed in;
 * 3. the birth form: "submit" clicked → confirmation shown, p50/p95 over repeated submissions.
 * Run alone with `npm run bench:portal`, or as part of `npm run bench` (BENCH_ONLY=portal).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { type LocalCloud, startLocalCloud } from '../../infra/local/local-cloud.ts';
import { PORTAL_BUILD_DIR } from '../../infra/local/portal-server.ts';
import { topology } from '../../infra/topology.ts';
import { launchChromium, signIn } from '../e2e/support/browser.ts';
import { demoPin, fillBirthForm, todayInVietnam } from '../e2e/support/portal-steps.ts';
import { freePort } from '../support/free-port.ts';

const RUNS = Number(process.env.BENCH_PORTAL_RUNS ?? 10);
const SUBMISSIONS = Number(process.env.BENCH_PORTAL_SUBMISSIONS ?? 10);

export interface PortalBench {
  readonly firstLoad: {
    readonly files: readonly { name: string; bytes: number; gzip: number }[];
    readonly bytes: number;
    readonly gzip: number;
  };
  readonly interactiveSignedOutMs: Summary;
  readonly interactiveSignedInMs: Summary;
  readonly birthSubmitMs: Summary;
}

interface Summary {
  readonly p50: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

const summary = (values: readonly number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    p50: at(0.5),
    p95: at(0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    runs: sorted.length,
  };
};

/** Runs the portal measurements against a running local cloud (seeded with the demo accounts). */
export const runPortalBench = async (cloud: LocalCloud, log: (line: string) => void): Promise<PortalBench> => {
  const portal = cloud.apiUrl;
  const browser = await launchChromium();
  try {
    // 1. First load: the JavaScript files the home fetches, with their size as built and gzip-compressed.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal}/portal/`);
    await page.getByRole('button', { name: 'Đăng nhập' }).first().waitFor();
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.endsWith('.js')),
    );
    await context.close();
    const files = scripts.map((path) => {
      const body = readFileSync(join(PORTAL_BUILD_DIR, path.replace(/^\/portal\//, '')));
      return { name: path, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
    const firstLoad = {
      files,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      gzip: files.reduce((n, f) => n + f.gzip, 0),
    };
    log(`portal first load: ${files.length} JS files, ${firstLoad.bytes} B, ${firstLoad.gzip} B gzip`);

    // 2. Time to interactive, cold cache (a new context each run).
    const signedOut: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${portal}/portal/`, { waitUntil: 'commit' });
      await p
        .locator('main')
        .getByRole('button', { name: /Đăng nhập/ })
        .waitFor();
      signedOut.push(await p.evaluate(() => performance.now()));
      await ctx.close();
    }
    const signedIn: number[] = [];
    const citizen = await browser.newContext();
    const home = await citizen.newPage();
    await signIn(home, {
      portalUrl: portal,
      dynamoDbEndpoint: cloud.dynamoDbEndpoint,
      pin: demoPin('citizen-level-2'),
    });
    for (let i = 0; i < RUNS; i++) {
      // A reload: the tokens are in memory only, so this is the full path (silent sign-in, then the record).
      await home.goto(`${portal}/portal/`, { waitUntil: 'commit' });
      await home.getByTestId('eid-level').waitFor();
      signedIn.push(await home.evaluate(() => performance.now()));
    }
    log(
      `portal interactive: signed out p50 ${summary(signedOut).p50.toFixed(0)} ms, signed in ${summary(signedIn).p50.toFixed(0)} ms`,
    );

    // 3. The birth form: submit → confirmation.
    const submits: number[] = [];
    const names = ['An', 'Bảo', 'Chi', 'Duy', 'Giang', 'Hà', 'Khoa', 'Linh', 'Minh', 'Ngân', 'Phong', 'Quế'];
    for (let i = 0; i < SUBMISSIONS; i++) {
      await home.evaluate(() => {
        for (const key of Object.keys(sessionStorage)) if (key.startsWith('p06.draft.')) sessionStorage.removeItem(key);
      });
      // Leave the confirmation for another page and come back: a new form, as a citizen filing again would see.
      for (const path of ['/portal/dossiers', '/portal/services/birth']) {
        await home.evaluate((to) => {
          history.pushState(null, '', to);
          dispatchEvent(new PopStateEvent('popstate'));
        }, path);
        await home.waitForURL((url) => url.pathname === path);
      }
      await home.getByRole('heading', { name: /Bước 1\/4/ }).waitFor();
      await fillBirthForm(home, {
        childName: `Hồ Bảng ${names[i % names.length]}${i >= names.length ? ` ${names[(i * 7) % names.length]}` : ''}`,
        birthDate: todayInVietnam(),
        certificate: `GCS-BENCH-${Date.now()}-${i}`,
      });
      const started = Date.now();
      await home.getByRole('button', { name: 'Nộp hồ sơ' }).click();
      await home.getByTestId('dossier-id').waitFor();
      submits.push(Date.now() - started);
    }
    await citizen.close();
    log(`portal birth form submit → confirmation: p50 ${summary(submits).p50} ms`);
    return {
      firstLoad,
      interactiveSignedOutMs: summary(signedOut),
      interactiveSignedInMs: summary(signedIn),
      birthSubmitMs: summary(submits),
    };
  } finally {
    await browser.close();
  }
};

export const portalMarkdown = (bench: PortalBench): string[] => {
  const row = (name: string, s: Summary) =>
    `| ${name} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.min.toFixed(0)} | ${s.max.toFixed(0)} | ${s.runs} |`;
  return [
    '## Portal (Debian Chromium, local cloud)',
    '',
    `First load of the citizen home: ${bench.firstLoad.files.length} JavaScript files, ${(bench.firstLoad.bytes / 1024).toFixed(1)} KB as built, **${(bench.firstLoad.gzip / 1024).toFixed(1)} KB gzip** (target ≤ 150 KB).`,
    '',
    '| File | Bytes | gzip |',
    '|---|---:|---:|',
    ...bench.firstLoad.files.map((f) => `| ${f.name} | ${f.bytes} | ${f.gzip} |`),
    '',
    '| Measure (ms) | p50 | p95 | min | max | runs |',
    '|---|---:|---:|---:|---:|---:|',
    row('Home interactive, signed out, cold cache (navigation → sign-in button)', bench.interactiveSignedOutMs),
    row('Home interactive, signed in, after a reload (silent sign-in → record shown)', bench.interactiveSignedInMs),
    row('Birth form: submit → confirmation shown', bench.birthSubmitMs),
    '',
  ];
};

/** `npm run bench:portal`: builds the portal, starts a small local cloud, measures, writes results/portal.{md,json}. */
const standalone = async () => {
  const log = (line: string) => console.log(`[bench] ${line}`);
  const build = spawnSync('npm', ['run', 'build:portal'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The portal build failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'p06-bench-portal-'));
  const cloud = await startLocalCloud({
    topology: topology(['01', '37']),
    dataDir,
    apiPort: await freePort(),
    awsPort: await freePort(),
    dynamoDbPort: await freePort(),
    seedCitizens: 3000,
    log,
  });
  try {
    const bench = await runPortalBench(cloud, log);
    const resultsDir = join(REPO_ROOT, 'test/bench/results');
    writeFileSync(
      join(resultsDir, 'portal.md'),
      `${['# Portal benchmark', '', `Run ${new Date().toISOString()}`, '', ...portalMarkdown(bench)].join('\n')}\n`,
    );
    writeFileSync(
      join(resultsDir, 'portal.json'),
      `${JSON.stringify({ at: new Date().toISOString(), ...bench }, null, 2)}\n`,
    );
    log('written to test/bench/results/portal.md and portal.json');
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  standalone().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
