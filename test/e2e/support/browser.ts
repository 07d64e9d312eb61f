/**
 * Debian's Chromium driven by playwright-core (no browser download), and the steps every portal test repeats:
 * signing in through the e-ID pages with the one-time code read from the notification outbox.
 */
import { existsSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { readOutbox } from '../../../shared/adapters/dynamodb/identity-store.ts';

/** Where Debian installs Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides it. */
export const chromiumPath = (): string => {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
};

/** Chromium as the workplace runs it: headless, no background network (the machine has none), no sandbox as root. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });

export const DEMO_PASSWORD = 'Demo@2026';

/** The newest one-time code sent to `pin`, read from the outbox as an SMS sender would. */
export const oneTimeCode = async (dynamoDbEndpoint: string, pin: string, after: number): Promise<string> => {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamoDbEndpoint,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const messages = await readOutbox(pin, { client, tableName: 'Identity' });
      const fresh = messages.find((m) => Date.parse(m.at) >= after - 1000 && /\b\d{6}\b/.test(m.text));
      const code = fresh ? /\b(\d{6})\b/.exec(fresh.text)?.[1] : undefined;
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`No one-time code in the outbox of ${pin}`);
  } finally {
    client.destroy();
  }
};

export interface SignInOptions {
  readonly portalUrl: string;
  readonly dynamoDbEndpoint: string;
  readonly pin: string;
  readonly password?: string;
}

/**
 * Signs in from the portal's home as a person would: the sign-in button, PIN and password, the one-time code,
 * the consent to stay signed in (offline_access), back on the portal.
 */
export const signIn = async (page: Page, options: SignInOptions) => {
  await page.goto(`${options.portalUrl}/portal/`);
  await page
    .locator('header')
    .getByRole('button', { name: /Đăng nhập|Sign in/ })
    .click();
  await page.locator('#pin').fill(options.pin);
  await page.locator('#password').fill(options.password ?? DEMO_PASSWORD);
  const sentAfter = Date.now();
  await page.locator('form button[type="submit"]').first().click();
  await page.locator('#code').waitFor();
  await page.locator('#code').fill(await oneTimeCode(options.dynamoDbEndpoint, options.pin, sentAfter));
  await page.locator('form button[type="submit"]').first().click();
  // The consent to a refresh token (offline_access) is asked once per sign-in with prompt=consent.
  await page.waitForURL((url) => url.pathname.startsWith('/portal/') || url.pathname.includes('/interaction/'));
  if (!new URL(page.url()).pathname.startsWith('/portal/')) {
    await page.locator('form button[type="submit"]').first().click();
  }
  await page.waitForURL((url) => url.pathname.startsWith('/portal/') && !url.pathname.startsWith('/portal/callback'));
  await page
    .locator('header')
    .getByRole('button', { name: /Đăng xuất|Sign out/ })
    .waitFor();
};

export const newContext = (
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> =>
  browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
