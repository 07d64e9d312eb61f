/**
 * My sessions and devices (docs/e-id-accounts.md): real sign-ins through the e-ID provider (authorization code +
 * PKCE, in two "browsers"), listed and ended through the API; a password change or reset ends the other sign-ins.
 */
import * as client from 'openid-client';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDeathAccounts } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { Browser, latestCode } from '../identity/browser.ts';
import { freshAccount } from '../identity/fixtures.ts';
import { accounts, call, codeIn, documents, e164, events, latestOf, newPhone, post } from './fixtures.ts';

const issuer = inject('oidcIssuer');
const insecure = { execute: [client.allowInsecureRequests] };
const LOOPBACK = 'http://127.0.0.1:53682';
const PASSWORD = 'Phien-dang-nhap-2026';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';

let config: client.Configuration;
beforeAll(async () => {
  config = await client.discovery(new URL(issuer), 'citizen-portal', undefined, client.None(), insecure);
});

const authorizationUrl = async (verifier: string, state: string) =>
  client.buildAuthorizationUrl(config, {
    redirect_uri: `${LOOPBACK}/callback`,
    scope: 'openid profile citizen offline_access',
    prompt: 'consent',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).href;

/** Signs `pin` in to the portal in a new browser; returns the browser and the tokens. */
const signIn = async (pin: string, userAgent: string, password = PASSWORD) => {
  const browser = new Browser(new URL(issuer).origin, { 'accept-language': 'vi', 'user-agent': userAgent });
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const login = await browser.visit(await authorizationUrl(verifier, state));
  const codePage = await browser.submit(login, '/login', { pin, password });
  const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
  const callback = await browser.submit(consent, '/consent');
  const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { browser, tokens, refreshToken: String(tokens.refresh_token) };
};

type SignIn = Awaited<ReturnType<typeof signIn>>;

/** Refreshes (keeping the rotated token) or returns the OAuth error. */
const refresh = async (signedIn: SignIn): Promise<'ok' | string> => {
  try {
    const tokens = await client.refreshTokenGrant(config, signedIn.refreshToken);
    signedIn.refreshToken = String(tokens.refresh_token);
    return 'ok';
  } catch (error) {
    return String((error as { error?: string }).error ?? error);
  }
};

interface Listed {
  readonly id: string;
  readonly kind: string;
  readonly current: boolean;
  readonly device?: string;
  readonly level?: number;
  readonly clients: { clientId: string; name: string }[];
}
const list = async (token: string) => {
  const response = await call('/v1/me/sessions', token);
  expect(response.status).toBe(200);
  return response.body.sessions as Listed[];
};

/** Whether the browser's next authorization request asks for the password again. */
const asksForPassword = async (browser: Browser) => {
  const page = await browser.visit(await authorizationUrl(client.randomPKCECodeVerifier(), client.randomState()));
  return page.body.includes('name="password"');
};

describe('my sessions and devices', () => {
  it('lists both sign-ins, ends the other one, and keeps this one', async () => {
    const pin = await freshAccount(PASSWORD, 2);
    const phone = await signIn(pin, ANDROID_CHROME);
    const laptop = await signIn(pin, WINDOWS_FIREFOX);

    const sessions = await list(phone.tokens.access_token);
    expect(sessions).toHaveLength(2);
    const mine = sessions.find((s) => s.current);
    const other = sessions.find((s) => !s.current);
    expect(mine).toMatchObject({ kind: 'browser', device: 'Chrome on Android', level: 2 });
    expect(mine?.clients.map((c) => c.clientId)).toEqual(['citizen-portal']);
    expect(other).toMatchObject({ kind: 'browser', device: 'Firefox on Windows', current: false });
    expect(JSON.stringify(sessions)).not.toContain('grantId');

    const revoked = await call(`/v1/me/sessions/${other?.id}`, phone.tokens.access_token, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await refresh(laptop)).toBe('invalid_grant');
    expect(await asksForPassword(laptop.browser)).toBe(true);
    expect(await refresh(phone)).toBe('ok');
    expect(await asksForPassword(phone.browser)).toBe(false);
    expect((await list(phone.tokens.access_token)).map((s) => s.id)).toEqual([mine?.id]);

    const [event] = await events.list(pin);
    expect(event).toMatchObject({
      kind: 'session-revoked',
      actor: { type: 'citizen', pin },
      details: { session: other?.id, reason: 'holder', clients: 'citizen-portal' },
    });
    // A retry finds nothing: 404, no second event.
    const again = await call(`/v1/me/sessions/${other?.id}`, phone.tokens.access_token, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await events.list(pin)).filter((e) => e.kind === 'session-revoked')).toHaveLength(1);
  });

  it("answers 404 for someone else's session and leaves it alone; 400 for a malformed id; 401 without a token", async () => {
    const [alice, bob] = [await freshAccount(PASSWORD, 1), await freshAccount(PASSWORD, 1)];
    const aliceIn = await signIn(alice, ANDROID_CHROME);
    const bobIn = await signIn(bob, WINDOWS_FIREFOX);
    const [bobSession] = await list(bobIn.tokens.access_token);
    expect(bobSession?.level).toBe(1);

    const refused = await call(`/v1/me/sessions/${bobSession?.id}`, aliceIn.tokens.access_token, {
      method: 'DELETE',
    });
    expect(refused.status).toBe(404);
    expect(await refresh(bobIn)).toBe('ok');
    expect(await list(bobIn.tokens.access_token)).toHaveLength(1);
    expect((await events.list(bob)).some((e) => e.kind === 'session-revoked')).toBe(false);

    const malformed = await call('/v1/me/sessions/not-an-id', aliceIn.tokens.access_token, { method: 'DELETE' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('sessionId');
    expect((await call('/v1/me/sessions', undefined)).status).toBe(401);
    expect(await refresh(aliceIn)).toBe('ok');
  });

  it('ends the other sign-ins when the password is changed, keeping the one it was changed from', async () => {
    const pin = await freshAccount(PASSWORD, 1);
    const here = await signIn(pin, ANDROID_CHROME);
    const elsewhere = await signIn(pin, WINDOWS_FIREFOX);

    const wrong = await post(
      '/v1/me/password',
      { currentPassword: 'Sai-mat-khau-1', newPassword: 'Mat-khau-moi-2026' },
      here.tokens.access_token,
    );
    expect(wrong.status).toBe(403);
    expect(await refresh(elsewhere)).toBe('ok');

    const changed = await post(
      '/v1/me/password',
      { currentPassword: PASSWORD, newPassword: 'Mat-khau-moi-2026' },
      here.tokens.access_token,
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ sessionsEnded: 1, currentSessionKept: true });
    expect(await refresh(elsewhere)).toBe('invalid_grant');
    expect(await refresh(here)).toBe('ok');
    expect(await list(here.tokens.access_token)).toHaveLength(1);
    expect((await events.list(pin)).map((e) => [e.kind, e.details?.reason])).toEqual(
      expect.arrayContaining([
        ['password-changed', undefined],
        ['session-revoked', 'password-changed'],
      ]),
    );
  });

  it('ends every sign-in when the password is reset', async () => {
    const pin = await freshAccount(PASSWORD, 1);
    await accounts.setPhone(pin, e164(newPhone()), new Date().toISOString());
    const one = await signIn(pin, ANDROID_CHROME);
    const two = await signIn(pin, WINDOWS_FIREFOX);

    const started = await post('/v1/password-resets', { pin });
    expect(started.status).toBe(202);
    const code = codeIn((await latestOf(pin, 'password-reset-code'))?.text);
    const done = await post(`/v1/password-resets/${started.body.id}/confirmation`, {
      code,
      newPassword: 'Mat-khau-dat-lai-2026',
    });
    expect(done.status).toBe(200);
    expect(done.body.sessionsEnded).toBe(2);
    expect([await refresh(one), await refresh(two)]).toEqual(['invalid_grant', 'invalid_grant']);
    expect(await asksForPassword(one.browser)).toBe(true);
    expect(await list(one.tokens.access_token)).toEqual([]);
    expect((await events.list(pin)).filter((e) => e.details?.reason === 'password-reset')).toHaveLength(2);
  });

  it('leaves a disabled account (a registered death) no usable sign-in', async () => {
    const pin = await freshAccount(PASSWORD, 1);
    const signedIn = await signIn(pin, ANDROID_CHROME);
    expect(
      await new DynamoDeathAccounts(documents, 'Identity').disableForDeath(pin, 'HS-test', new Date().toISOString()),
    ).toBe(true);
    expect(await refresh(signedIn)).toBe('invalid_grant');
    expect(await asksForPassword(signedIn.browser)).toBe(true);
  });
});
