import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ACR_LEVEL_1, ACR_LEVEL_2 } from '../../../shared/identity/levels.ts';
import { API_RESOURCE } from '../../../shared/identity/scopes.ts';
import { FileSigningKeyStore, publicJwks } from '../../../shared/identity/signing-keys.ts';
import { Browser, formsOf, latestCode, type Page, textOf } from './browser.ts';
import { DEMO_CLIENT_SECRETS, DEMO_PASSWORD, demoPin, freshAccount } from './fixtures.ts';

const issuer = inject('oidcIssuer');
const insecure = { execute: [client.allowInsecureRequests] };
const LOOPBACK = 'http://127.0.0.1:53682';

const portal = () => client.discovery(new URL(issuer), 'citizen-portal', undefined, client.None(), insecure);

const verifyWithPublicJwks = async (token: string) =>
  jwtVerify(token, createLocalJWKSet(await publicJwks(new FileSigningKeyStore(inject('signingKeysFile')))), {
    issuer,
    audience: API_RESOURCE,
  });

/**
 * Starts an authorization request of the portal (PKCE S256) in a new browser, connecting from `localAddress` when
 * given (a loopback address: another client as the lockout sees it); returns the first page.
 */
const startSignIn = async (config: client.Configuration, extra: Record<string, string> = {}, localAddress?: string) => {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${LOOPBACK}/callback`,
    scope: 'openid profile citizen offline_access',
    // OIDC Core: offline_access (a refresh token) needs the citizen's explicit consent.
    prompt: 'consent',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  const browser = new Browser(new URL(issuer).origin, undefined, localAddress);
  return { browser, verifier, state, page: await browser.visit(url.href) };
};

const enterPassword = (browser: Browser, page: Page, pin: string, password: string) =>
  browser.submit(page, '/login', { pin, password });

describe('e-ID discovery', () => {
  it('serves the discovery document with every endpoint under /oidc and PKCE S256 only', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(issuer);
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) {
      expect(String(metadata[endpoint])).toMatch(new RegExp(`^${issuer}/oidc/`));
    }
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.acr_values_supported).toEqual([ACR_LEVEL_1, ACR_LEVEL_2]);
    // Only what a registered client can use: the code flow (no implicit or hybrid response types), refresh tokens and
    // the agencies' client credentials.
    expect(metadata.response_types_supported).toEqual(['code']);
    expect([...(metadata.grant_types_supported as string[])].sort()).toEqual([
      'authorization_code',
      'client_credentials',
      'refresh_token',
    ]);
    // No DPoP: the API checks bearer tokens only, so a proof-of-possession binding would not be enforced there.
    expect(metadata).not.toHaveProperty('dpop_signing_alg_values_supported');
  });

  it('refuses the implicit and hybrid flows it does not advertise', async () => {
    const config = await portal();
    for (const responseType of ['id_token', 'code id_token', 'none']) {
      const url = new URL(String(config.serverMetadata().authorization_endpoint));
      url.search = new URLSearchParams({
        client_id: 'citizen-portal',
        response_type: responseType,
        scope: 'openid',
        nonce: 'n',
        redirect_uri: `${LOOPBACK}/callback`,
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }).toString();
      const response = await fetch(url, { redirect: 'manual' });
      const location = new URL(String(response.headers.get('location')));
      const error = location.searchParams.get('error') ?? new URLSearchParams(location.hash.slice(1)).get('error');
      expect(error, responseType).toBe('unsupported_response_type');
    }
  });

  it('signs the portal in through the pushed authorization request endpoint it advertises (PAR)', async () => {
    const config = await portal();
    expect(config.serverMetadata().pushed_authorization_request_endpoint).toBe(`${issuer}/oidc/request`);
    const pin = await freshAccount('Mat-khau-2026');
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = await client.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: `${LOOPBACK}/callback`,
      scope: 'openid citizen',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const browser = new Browser(new URL(issuer).origin);
    const codePage = await enterPassword(browser, await browser.visit(url.href), pin, 'Mat-khau-2026');
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect((await verifyWithPublicJwks(tokens.access_token)).payload).toMatchObject({ sub: pin, scope: 'citizen' });
  });

  it('publishes only public keys in the JWKS', async () => {
    const config = await portal();
    const jwks = (await (await fetch(String(config.serverMetadata().jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toHaveProperty('kid');
      expect(key).not.toHaveProperty('d');
    }
  });
});

describe('signing in to the citizen portal with openid-client (authorization code + PKCE)', () => {
  let config: client.Configuration;
  beforeAll(async () => {
    config = await portal();
  });

  it('signs in a level-2 citizen with password and one-time code, refreshes, and signs out', async () => {
    const pin = demoPin('citizen-level-2');
    const { browser, verifier, state, page: login } = await startSignIn(config);
    expect(login.status).toBe(200);
    expect(login.body).toContain('<html lang="vi">');
    expect(textOf(login.body)).toContain('Đăng nhập tài khoản định danh điện tử');

    const codePage = await enterPassword(browser, login, pin, DEMO_PASSWORD);
    expect(codePage.status).toBe(200);
    expect(textOf(codePage.body)).toContain('Nhập mã xác thực');
    // An app on this device (loopback redirect, its own port) must be confirmed by the citizen.
    const consentPage = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    expect(textOf(consentPage.body)).toContain('Một ứng dụng trên thiết bị này');
    const callback = await browser.submit(consentPage, '/consent');
    expect(callback.url.startsWith(`${LOOPBACK}/callback?`)).toBe(true);

    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const idToken = tokens.claims();
    expect(idToken).toMatchObject({ sub: pin, acr: ACR_LEVEL_2, amr: ['pwd', 'otp'] });
    expect(idToken?.name).toEqual(expect.any(String));
    expect(idToken?.birthdate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tokens.refresh_token).toBeDefined();
    expect(tokens.expires_in).toBe(600);

    const { payload, protectedHeader } = await verifyWithPublicJwks(tokens.access_token);
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload).toMatchObject({ sub: pin, acr: ACR_LEVEL_2, client_id: 'citizen-portal', aud: API_RESOURCE });
    expect(String(payload.scope).split(' ')).toContain('citizen');
    expect(payload).not.toHaveProperty('officer_roles');

    const refreshed = await client.refreshTokenGrant(config, String(tokens.refresh_token));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await verifyWithPublicJwks(refreshed.access_token)).payload).toMatchObject({ sub: pin, acr: ACR_LEVEL_2 });
    expect(refreshed.claims()).toMatchObject({ sub: pin, acr: ACR_LEVEL_2 });

    const logoutUrl = client.buildEndSessionUrl(config, {
      id_token_hint: String(refreshed.id_token ?? tokens.id_token),
      post_logout_redirect_uri: `${LOOPBACK}/signed-out`,
      state: 'bye',
    });
    const confirm = await browser.visit(logoutUrl.href);
    expect(textOf(confirm.body)).toContain('Bạn có muốn đăng xuất');
    const form = formsOf(confirm.body).find((f) => f.action.endsWith('/oidc/session/end/confirm'));
    expect(form).toBeDefined();
    const signedOut = await browser.visit(String(form?.action), { form: { ...form?.fields, logout: 'yes' } });
    expect(signedOut.url).toBe(`${LOOPBACK}/signed-out?state=bye`);

    // The session is gone: a new authorization request asks for the password again.
    const again = await browser.visit(
      client.buildAuthorizationUrl(config, {
        redirect_uri: `${LOOPBACK}/callback`,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }).href,
    );
    expect(formsOf(again.body).some((f) => f.action.endsWith('/login'))).toBe(true);
  });

  it('refuses a refresh token that was already used (rotation)', async () => {
    const pin = await freshAccount('Mat-khau-2026', 2);
    const { browser, verifier, state, page } = await startSignIn(config);
    const codePage = await enterPassword(browser, page, pin, 'Mat-khau-2026');
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await client.refreshTokenGrant(config, String(tokens.refresh_token));
    await expect(client.refreshTokenGrant(config, String(tokens.refresh_token))).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(String(config.serverMetadata().authorization_endpoint));
    url.search = new URLSearchParams({
      client_id: 'citizen-portal',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${LOOPBACK}/callback`,
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(String(response.headers.get('location')));
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('puts the officer roles in the access token of an officer who asks for the officer scope', async () => {
    const pin = demoPin('officer:police');
    const { browser, verifier, state, page } = await startSignIn(config, {
      scope: 'openid citizen officer',
    });
    const codePage = await enterPassword(browser, page, pin, DEMO_PASSWORD);
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const { payload } = await verifyWithPublicJwks(tokens.access_token);
    expect(String(payload.scope).split(' ')).toEqual(expect.arrayContaining(['citizen', 'officer']));
    expect(payload.officer_roles).toEqual([
      expect.objectContaining({ agency: 'police', role: 'officer', provinceCode: '01' }),
    ]);
  });

  it('marks the token of an oversight inspector with their authority, and the token of an agency officer not', async () => {
    const signIn = async (pin: string) => {
      const { browser, verifier, state, page } = await startSignIn(config, { scope: 'openid citizen officer' });
      const codePage = await enterPassword(browser, page, pin, DEMO_PASSWORD);
      const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
      const callback = await browser.submit(consent, '/consent');
      const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      return (await verifyWithPublicJwks(tokens.access_token)).payload;
    };
    const inspector = await signIn(demoPin('inspector'));
    expect(inspector).toMatchObject({ acr: ACR_LEVEL_2, inspector: expect.stringContaining('A05'), officer_roles: [] });
    expect(String(inspector.scope).split(' ')).toContain('officer');
    expect(await signIn(demoPin('officer:police'))).not.toHaveProperty('inspector');
  });

  it('does not grant the officer scope to a citizen who is not an officer', async () => {
    const pin = await freshAccount('Mat-khau-2026');
    const { browser, verifier, state, page } = await startSignIn(config, { scope: 'openid citizen officer' });
    const codePage = await enterPassword(browser, page, pin, 'Mat-khau-2026');
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const { payload } = await verifyWithPublicJwks(tokens.access_token);
    expect(payload).toMatchObject({ acr: ACR_LEVEL_1, scope: 'citizen' });
    expect(payload).not.toHaveProperty('officer_roles');
  });
});

describe('refusals at sign-in', () => {
  let config: client.Configuration;
  beforeAll(async () => {
    config = await portal();
  });

  it('locks an address out of a PIN after 5 wrong passwords and then refuses it the right password too', async () => {
    const pin = await freshAccount('Dung-mat-khau-1');
    const { browser, page } = await startSignIn(config);
    let current = page;
    for (let attempt = 1; attempt <= 4; attempt++) {
      current = await enterPassword(browser, current, pin, `wrong-${attempt}`);
      expect(current.status).toBe(401);
      expect(textOf(current.body)).toContain(`Bạn còn ${5 - attempt} lần thử`);
    }
    current = await enterPassword(browser, current, pin, 'wrong-5');
    expect(current.status).toBe(429);
    const right = await enterPassword(browser, current, pin, 'Dung-mat-khau-1');
    expect(right.status).toBe(429);
    expect(textOf(right.body)).toContain('Đăng nhập đang tạm khoá');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('locks out only the address that failed: the holder signs in from another address meanwhile', async () => {
    const pin = await freshAccount('Dung-mat-khau-7');
    // The local gateway sees each connection's own address, as API Gateway sees each client's.
    const attacker = await startSignIn(config, {}, '127.0.0.2');
    let current = attacker.page;
    for (let attempt = 1; attempt <= 5; attempt++) {
      current = await enterPassword(attacker.browser, current, pin, `guess-${attempt}`);
    }
    expect(current.status).toBe(429);
    const lockedOut = await enterPassword(attacker.browser, current, pin, 'Dung-mat-khau-7');
    expect(lockedOut.status).toBe(429);
    expect(textOf(lockedOut.body)).toContain('Đăng nhập đang tạm khoá');

    const holder = await startSignIn(config, {}, '127.0.0.3');
    const codePage = await enterPassword(holder.browser, holder.page, pin, 'Dung-mat-khau-7');
    expect(codePage.status).toBe(200);
    expect(textOf(codePage.body)).toContain('Nhập mã xác thực');
    const consent = await holder.browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await holder.browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: holder.verifier,
      expectedState: holder.state,
    });
    expect(tokens.claims()).toMatchObject({ sub: pin, amr: ['pwd', 'otp'] });

    // The holder's sign-in did not lift the lock of the address that guessed.
    const stillLocked = await startSignIn(config, {}, '127.0.0.2');
    expect((await enterPassword(stillLocked.browser, stillLocked.page, pin, 'Dung-mat-khau-7')).status).toBe(429);
  });

  it('answers the same for a PIN without an account as for a wrong password', async () => {
    const { browser, page } = await startSignIn(config);
    const unknown = await enterPassword(browser, page, demoPin('citizen-without-eid'), 'anything-1');
    expect(unknown.status).toBe(401);
    expect(textOf(unknown.body)).toContain('Số định danh cá nhân hoặc mật khẩu không đúng');
  });

  it('refuses a level-1 account when the service asks for acr_values level 2', async () => {
    const pin = demoPin('citizen-level-1');
    const { browser, page } = await startSignIn(config, { acr_values: ACR_LEVEL_2 });
    expect(textOf(page.body)).toContain('Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2');
    const refused = await enterPassword(browser, page, pin, DEMO_PASSWORD);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain('tài khoản của bạn đang ở mức 1');
    expect(formsOf(refused.body).some((f) => f.action.endsWith('/otp'))).toBe(false);
    const back = await browser.submit(refused, '/abort');
    expect(new URL(back.url).searchParams.get('error')).toBe('unmet_authentication_requirements');
  });

  it('refuses the account of a deceased citizen even with the right password', async () => {
    const { browser, page } = await startSignIn(config);
    const refused = await enterPassword(browser, page, demoPin('deceased-disabled-account'), DEMO_PASSWORD);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain('Tài khoản này không thể dùng để đăng nhập');
  });

  it('refuses a wrong one-time code, then an expired one', async () => {
    const pin = await freshAccount('Ma-otp-2026');
    const { browser, page } = await startSignIn(config);
    const codePage = await enterPassword(browser, page, pin, 'Ma-otp-2026');
    const code = await latestCode(pin);
    const wrong = await browser.submit(codePage, '/otp', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.body)).toContain('Mã xác thực không đúng. Bạn còn 4 lần thử.');

    const uid = /\/oidc\/interaction\/([\w-]+)\//.exec(formsOf(wrong.body)[0]?.action ?? '')?.[1];
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { testDocumentClient } = await import('../../support/clients.ts');
    await testDocumentClient().send(
      new UpdateCommand({
        TableName: 'Identity',
        Key: { pk: `OTP#${uid}`, sk: 'OTP' },
        UpdateExpression: 'SET validUntil = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );
    const expired = await browser.submit(wrong, '/otp', { code });
    expect(expired.status).toBe(400);
    expect(textOf(expired.body)).toContain('Mã xác thực đã hết hạn');
  });

  it('shows the pages in English with ui_locales, ?lang=en or an English Accept-Language', async () => {
    const { page } = await startSignIn(config, { ui_locales: 'en' });
    expect(page.body).toContain('<html lang="en">');
    expect(textOf(page.body)).toContain('Sign in with your e-ID account');

    const { browser, page: vietnamese } = await startSignIn(config);
    expect(vietnamese.body).toContain('<html lang="vi">');
    const english = await browser.visit(`${vietnamese.url}?lang=en`);
    expect(textOf(english.body)).toContain('Personal identification number');
    const back = formsOf(english.body).find((f) => f.action.endsWith('/login'));
    expect(back?.fields.lang).toBe('en');

    const stranger = new Browser(new URL(issuer).origin, { 'accept-language': 'en-GB,en;q=0.9' });
    const gone = await stranger.visit(page.url);
    expect(gone.status).toBe(400);
    expect(textOf(gone.body)).toContain('This sign-in has ended');
  });

  it('sends strict security headers with the sign-in pages', async () => {
    const { page } = await startSignIn(config);
    const csp = String(page.headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' ${LOOPBACK}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a form posted from another site', async () => {
    const { page } = await startSignIn(config);
    const action = formsOf(page.body).find((f) => f.action.endsWith('/login'))?.action ?? '';
    const response = await fetch(new URL(action, issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'pin=001099500001&password=x',
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
  });

  it('answers 405 with exactly the methods each sign-in path accepts in Allow', async () => {
    const { page } = await startSignIn(config);
    const pageUrl = new URL(page.url);
    const at = (action: string) => new URL(`${pageUrl.pathname}${action}`, issuer).href;
    const cases: [string, string, string][] = [
      [at(''), 'PUT', 'GET'],
      [at(''), 'POST', 'GET'],
      [at('/otp'), 'PUT', 'GET, POST'],
      [at('/otp'), 'DELETE', 'GET, POST'],
      [at('/login'), 'GET', 'POST'],
      [at('/login'), 'PUT', 'POST'],
      [at('/consent'), 'GET', 'POST'],
      [at('/abort'), 'GET', 'POST'],
    ];
    const answers = await Promise.all(
      cases.map(async ([url, method]) => {
        const response = await fetch(url, { method, redirect: 'manual' });
        return [url.slice(url.indexOf('/oidc/')), method, response.status, response.headers.get('allow')];
      }),
    );
    expect(answers).toEqual(
      cases.map(([url, method, allow]) => [url.slice(url.indexOf('/oidc/')), method, 405, allow]),
    );
  });
});

describe('third-party relying parties', () => {
  it('asks the citizen for consent before the tax portal receives their name and birth date', async () => {
    const config = await client.discovery(
      new URL(issuer),
      'tax-portal',
      undefined,
      client.ClientSecretBasic(DEMO_CLIENT_SECRETS['tax-portal']),
      insecure,
    );
    const verifier = client.randomPKCECodeVerifier();
    const browser = new Browser(new URL(issuer).origin);
    const login = await browser.visit(
      client.buildAuthorizationUrl(config, {
        redirect_uri: 'http://127.0.0.1:8765/tax/callback',
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }).href,
    );
    expect(textOf(login.body)).toContain('Dịch vụ này yêu cầu tài khoản định danh điện tử mức 2');
    const pin = demoPin('citizen-level-2');
    const codePage = await enterPassword(browser, login, pin, DEMO_PASSWORD);
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    expect(textOf(consent.body)).toContain('Cổng thuế điện tử muốn được:');
    expect(textOf(consent.body)).toContain('Biết họ tên và ngày sinh của bạn');
    const callback = await browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: client.skipStateCheck,
    });
    expect(tokens.claims()).toMatchObject({ sub: pin, acr: ACR_LEVEL_2, name: expect.any(String) });
    // No API resource for this client: its access token is opaque, not a JWT for the platform API.
    expect(tokens.access_token.split('.')).toHaveLength(1);
  });
});

describe('client credentials for agencies', () => {
  const agency = (clientId: keyof typeof DEMO_CLIENT_SECRETS) =>
    client.discovery(
      new URL(issuer),
      clientId,
      undefined,
      client.ClientSecretBasic(DEMO_CLIENT_SECRETS[clientId]),
      insecure,
    );

  it('gives the hospital a JWT access token for the API with its purpose-bound scope', async () => {
    const tokens = await client.clientCredentialsGrant(await agency('hospital-bach-mai'), {
      scope: 'hospital:checkin',
    });
    expect(decodeProtectedHeader(tokens.access_token).alg).toBe('ES256');
    const { payload } = await verifyWithPublicJwks(tokens.access_token);
    expect(payload).toMatchObject({
      aud: API_RESOURCE,
      scope: 'hospital:checkin',
      sub: 'hospital-bach-mai',
      client_id: 'hospital-bach-mai',
    });
    expect(payload).not.toHaveProperty('acr');
    expect(Number(payload.exp) - Number(payload.iat)).toBe(600);
  });

  it('refuses a scope outside the client purpose', async () => {
    await expect(
      client.clientCredentialsGrant(await agency('hospital-bach-mai'), { scope: 'ekyc:identity' }),
    ).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('refuses a wrong client secret', async () => {
    const config = await client.discovery(
      new URL(issuer),
      'bank-vcb',
      undefined,
      client.ClientSecretBasic('not-the-secret'),
      insecure,
    );
    await expect(client.clientCredentialsGrant(config, { scope: 'ekyc:identity' })).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) })],
    });
  });
});
