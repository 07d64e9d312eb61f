/**
 * `npm run screenshots`: PNG screenshots of the portal's main pages, in Vietnamese and in English, written to
 * docs/portal/screenshots/ (referenced from docs/portal.md). Builds the portal, starts a small local cloud on free
 * ports (its own data folder, removed afterwards), files one birth dossier through the form so that the dossier,
 * inbox, overview and indicators have something to show, and drives Debian's Chromium (/usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../infra/local/lambda-runtime.ts';
import { startLocalCloud } from '../../infra/local/local-cloud.ts';
import { topology } from '../../infra/topology.ts';
import { freePort } from '../support/free-port.ts';
import { launchChromium, newContext, signIn } from './support/browser.ts';
import { demoPin, fillBirthForm, todayInVietnam } from './support/portal-steps.ts';

const OUT_DIR = join(REPO_ROOT, 'docs/portal/screenshots');

/** Navigates inside the app as its links do (tokens live in memory: a reload would sign in again). */
const open = async (page: Page, path: string) => {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.waitForURL((url) => url.pathname === path);
  await settle(page);
};

const settle = async (page: Page) => {
  await page.locator('main h1').waitFor();
  await page.waitForTimeout(500); // a page may render its heading before it starts loading its data
  for (let i = 0; i < 60 && (await page.locator('main [role="status"].loading').count()) > 0; i++) {
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(400); // charts draw on the next animation frames
};

/** One screenshot in Vietnamese, then one in English, named `<name>.vi.png` and `<name>.en.png`. */
const shoot = async (page: Page, name: string, log: (line: string) => void) => {
  await page.screenshot({ path: join(OUT_DIR, `${name}.vi.png`) });
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT_DIR, `${name}.en.png`) });
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  log(`${name}.vi.png, ${name}.en.png`);
};

const run = async (browser: Browser, portalUrl: string, dynamoDbEndpoint: string, log: (line: string) => void) => {
  // Signed out: the home and the public verification page.
  const visitor = await (await newContext(browser)).newPage();
  await visitor.goto(`${portalUrl}/portal/`);
  await settle(visitor);
  await shoot(visitor, 'home-signed-out', log);
  await visitor.context().close();

  const citizen = await (await newContext(browser)).newPage();
  await signIn(citizen, { portalUrl, dynamoDbEndpoint, pin: demoPin('citizen-level-2') });
  await settle(citizen);
  await shoot(citizen, 'home', log);
  await open(citizen, '/portal/services');
  await shoot(citizen, 'services', log);
  await open(citizen, '/portal/services/birth');
  await citizen.getByLabel('Họ, chữ đệm và tên của trẻ').waitFor();
  await shoot(citizen, 'birth-form', log);
  await fillBirthForm(citizen, {
    childName: 'Hồ Minh Ảnh',
    birthDate: todayInVietnam(),
    certificate: `GCS-SHOT-${Date.now()}`,
  });
  await shoot(citizen, 'birth-review', log);
  await citizen.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await citizen.getByTestId('dossier-id').waitFor();
  await citizen.getByRole('link', { name: 'Xem hồ sơ' }).click();
  await settle(citizen);
  await shoot(citizen, 'dossier', log);
  await open(citizen, '/portal/dossiers');
  await shoot(citizen, 'dossiers', log);
  await open(citizen, '/portal/access-log');
  await shoot(citizen, 'access-log', log);
  await open(citizen, '/portal/verify');
  await shoot(citizen, 'verify', log);
  await citizen.context().close();

  const supervisor = await (await newContext(browser)).newPage();
  await signIn(supervisor, { portalUrl, dynamoDbEndpoint, pin: demoPin('supervisor:civil-status', '01') });
  await open(supervisor, '/portal/officer');
  await shoot(supervisor, 'officer-inbox', log);
  await open(supervisor, '/portal/officer/overview');
  await shoot(supervisor, 'officer-overview', log);
  await open(supervisor, '/portal/statistics');
  await supervisor.getByTestId('kpis').waitFor();
  await supervisor.setViewportSize({ width: 1280, height: 1600 });
  await shoot(supervisor, 'statistics', log);
  await supervisor.context().close();
};

const main = async () => {
  const log = (line: string) => console.log(`[screenshots] ${line}`);
  const build = spawnSync('npm', ['run', 'build:portal'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The portal build failed');
  mkdirSync(OUT_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'p06-screenshots-'));
  const cloud = await startLocalCloud({
    topology: topology(['01', '37']),
    dataDir,
    apiPort: await freePort(),
    awsPort: await freePort(),
    dynamoDbPort: await freePort(),
    seedCitizens: 3000,
  });
  const browser = await launchChromium();
  try {
    await run(browser, cloud.apiUrl, cloud.dynamoDbEndpoint, log);
    log(`written to ${OUT_DIR}`);
  } finally {
    await browser.close();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
