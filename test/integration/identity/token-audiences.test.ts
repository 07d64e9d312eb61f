/**
 * What an access token is for, decided by the scopes the sign-in asked for (docs/e-id-accounts.md, "Access tokens:
 * API or userinfo"), through real authorization code + PKCE sign-ins at the local provider, used at the API and at
 * the provider's userinfo endpoint: API scopes give the API's JWT and nothing at userinfo; OpenID scopes alone give
 * a userinfo token and nothing at the API; and the API refuses a token without the scope a route needs.
 */

import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { putClient } from '../../../shared/adapters/dynamodb/oidc-adapter.ts';
import { ACR_LEVEL_2 } from '../../../shared/identity/levels.ts';
import { API_RESOURCE } from '../../../shared/identity/scopes.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { call } from '../../support/tokens.ts';
import { Browser, latestCode } from './browser.ts';
import { DEMO_PASSWORD, demoPin, freshAccount } from './fixtures.ts';

const issuer = inject('oidcIssuer');
const insecure = { execute: [client.allowInsecureRequests] };
const LOOPBACK = 'http://127.0.0.1:53682';
const PASSWORD = 'Mat-khau-2026';

let config: client.Configuration;
beforeAll(async () => {
  config = await client.discovery(new URL(issuer), 'citizen-portal', undefined, client.None(), insecure);
});

/** The authorization request of a sign-in at `at` (the portal's client unless named) with `scope`, and its PKCE pair. */
const authorizationRequest = async (scope: string, extra: Record<string, string> = {}, at = config) => {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(at, {
    redirect_uri: `${LOOPBACK}/callback`,
    scope,
    // OIDC Core: offline_access (a refresh token) needs the citizen's explicit consent.
    ...(scope.includes('offline_access') ? { prompt: 'consent' } : {}),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  }).href;
  return { url, verifier, state };
};

/** Signs `pin` in to the portal's client (or `at`) with `scope` (password, code, the app's confirmation). */
const signIn = async (
  pin: string,
  password: string,
  scope: string,
  extra: Record<string, string> = {},
  at = config,
) => {
  const { url, verifier, state } = await authorizationRequest(scope, extra, at);
  const browser = new Browser(new URL(issuer).origin);
  const login = await browser.visit(url);
  const codePage = await browser.submit(login, '/login', { pin, password });
  const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
  const callback = await browser.submit(consent, '/consent');
  return client.authorizationCodeGrant(at, new URL(callback.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
};

const payloadOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** Userinfo with the token, or the provider's error and WWW-Authenticate header. */
const userinfo = async (accessToken: string) => {
  const response = await fetch(`${issuer}/oidc/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    wwwAuthenticate: response.headers.get('www-authenticate'),
  };
};

const INSUFFICIENT_CITIZEN = 'Bearer error="insufficient_scope", scope="citizen"';

describe('a sign-in that asks only for OpenID scopes', () => {
  it('gets a token for userinfo (name and birth date with profile), which the API refuses', async () => {
    const pin = await freshAccount(PASSWORD, 2);
    const tokens = await signIn(pin, PASSWORD, 'openid profile offline_access');
    expect(tokens.claims()).toMatchObject({ sub: pin, acr: ACR_LEVEL_2, name: expect.any(String) });
    // Opaque: no audience of a resource server, so the provider's own userinfo endpoint accepts it.
    expect(tokens.access_token.split('.')).toHaveLength(1);
    const claims = await client.fetchUserInfo(config, tokens.access_token, pin);
    expect(claims).toMatchObject({ sub: pin, name: expect.any(String), birthdate: expect.stringMatching(/^\d{4}-/) });

    const me = await call('/v1/me', tokens.access_token);
    expect(me.status).toBe(401);

    // A refresh keeps what the sign-in was for.
    const refreshed = await client.refreshTokenGrant(config, String(tokens.refresh_token));
    expect(refreshed.access_token.split('.')).toHaveLength(1);
    expect(await client.fetchUserInfo(config, refreshed.access_token, pin)).toMatchObject({ sub: pin });
    expect((await call('/v1/me', refreshed.access_token)).status).toBe(401);
    // …and cannot be turned into an API token by naming the API at the token endpoint.
    await expect(
      client.refreshTokenGrant(config, String(refreshed.refresh_token), { resource: API_RESOURCE }),
    ).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('with openid alone, discloses only the subject at userinfo', async () => {
    const pin = await freshAccount(PASSWORD);
    const tokens = await signIn(pin, PASSWORD, 'openid');
    const claims = await client.fetchUserInfo(config, tokens.access_token, pin);
    expect(claims.sub).toBe(pin);
    expect(claims).not.toHaveProperty('name');
    expect((await call('/v1/me', tokens.access_token)).status).toBe(401);
  });
});

describe('a sign-in that asks for API scopes', () => {
  it('gets the API JWT with the citizen scope, which the API accepts and userinfo refuses', async () => {
    const pin = await freshAccount(PASSWORD);
    const tokens = await signIn(pin, PASSWORD, 'openid profile citizen');
    const payload = payloadOf(tokens.access_token);
    expect(payload).toMatchObject({ aud: API_RESOURCE, scope: 'citizen', sub: pin });
    expect((await call('/v1/me', tokens.access_token)).status).toBe(200);
    // oidc-provider's resource-indicator model: userinfo takes no token for another audience. The ID token already
    // carries the profile claims.
    const answer = await userinfo(tokens.access_token);
    expect(answer.status).toBe(401);
    expect(answer.wwwAuthenticate).toMatch(/error="invalid_token"/);
    expect(tokens.claims()).toMatchObject({ sub: pin, name: expect.any(String) });
  });

  it('gives a citizen who asked only for the officer scope a token the citizen routes refuse (insufficient_scope)', async () => {
    const pin = await freshAccount(PASSWORD, 2);
    const tokens = await signIn(pin, PASSWORD, 'openid officer');
    const payload = payloadOf(tokens.access_token);
    expect(payload.aud).toBe(API_RESOURCE);
    // Not an officer: the officer scope is refused, so the token carries no API scope at all.
    expect(String(payload.scope ?? '')).toBe('');
    const me = await call('/v1/me', tokens.access_token);
    expect(me.status).toBe(403);
    expect(me.headers.get('www-authenticate')).toBe(INSUFFICIENT_CITIZEN);
    expect(me.body).not.toHaveProperty('pin');
  });

  it('gives a sign-in that names the API as resource but asks no API scope a scope-less token the API refuses', async () => {
    const pin = await freshAccount(PASSWORD);
    const tokens = await signIn(pin, PASSWORD, 'openid', { resource: API_RESOURCE });
    const payload = payloadOf(tokens.access_token);
    expect(payload).toMatchObject({ aud: API_RESOURCE, sub: pin });
    expect(payload).not.toHaveProperty('scope');
    const me = await call('/v1/me', tokens.access_token);
    expect(me.status).toBe(403);
    expect(me.headers.get('www-authenticate')).toBe(INSUFFICIENT_CITIZEN);
    expect((await userinfo(tokens.access_token)).status).toBe(401);
  });

  it('lets an officer signed in for officer work only into the officer routes, not the citizen ones', async () => {
    const pin = demoPin('officer:police');
    const tokens = await signIn(pin, DEMO_PASSWORD, 'openid officer');
    expect(payloadOf(tokens.access_token)).toMatchObject({ scope: 'officer', officer_roles: [expect.any(Object)] });
    expect((await call('/v1/officer/tasks', tokens.access_token)).status).toBe(200);
    for (const path of ['/v1/me', '/v1/me/access-log', '/v1/me/sessions']) {
      const refused = await call(path, tokens.access_token);
      expect(refused.status, path).toBe(403);
      expect(refused.headers.get('www-authenticate'), path).toBe(INSUFFICIENT_CITIZEN);
    }
  });

  it('lets the portal’s own sign-in (citizen and officer) into both', async () => {
    const pin = demoPin('officer:police');
    const tokens = await signIn(pin, DEMO_PASSWORD, 'openid profile citizen officer offline_access');
    expect(String(payloadOf(tokens.access_token).scope).split(' ').sort()).toEqual(['citizen', 'officer']);
    expect((await call('/v1/me', tokens.access_token)).status).toBe(200);
    expect((await call('/v1/officer/tasks', tokens.access_token)).status).toBe(200);
    const refreshed = await client.refreshTokenGrant(config, String(tokens.refresh_token));
    expect(payloadOf(refreshed.access_token)).toMatchObject({ aud: API_RESOURCE });
    expect((await call('/v1/me', refreshed.access_token)).status).toBe(200);
  });
});

describe('the statistics purpose (npdb:statistics) asked for in a sign-in', () => {
  const STATISTICS = '/v1/statistics/dossiers';
  /** A relying party registered, wrongly, for both citizens' sign-in and the ministries' statistics purpose. */
  const MISREGISTERED = 'statistics-dashboard-test';
  const documents = testDocumentClient();
  let misregistered: client.Configuration;
  beforeAll(async () => {
    await putClient(documents, 'Identity', {
      client_id: MISREGISTERED,
      client_name: 'Bảng chỉ số thử nghiệm',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback'],
      scope: 'openid citizen npdb:statistics',
      first_party: false,
    });
    misregistered = await client.discovery(new URL(issuer), MISREGISTERED, undefined, client.None(), insecure);
  });
  afterAll(async () => {
    await documents.send(
      new DeleteCommand({ TableName: 'Identity', Key: { pk: `OIDC#Client#${MISREGISTERED}`, sk: 'OIDC' } }),
    );
  });

  it("is refused (invalid_scope) at the portal's client, which is not registered for it", async () => {
    const { url } = await authorizationRequest('openid citizen npdb:statistics');
    const page = await new Browser(new URL(issuer).origin).visit(url);
    const back = new URL(page.url);
    expect(back.origin + back.pathname).toBe(`${LOOPBACK}/callback`);
    expect(back.searchParams.get('error')).toBe('invalid_scope');
  });

  it('never reaches a citizen’s token, even at a client registered for it', async () => {
    const pin = await freshAccount(PASSWORD, 2);
    const tokens = await signIn(pin, PASSWORD, 'openid citizen npdb:statistics', {}, misregistered);
    const payload = payloadOf(tokens.access_token);
    expect(payload).toMatchObject({ aud: API_RESOURCE, sub: pin, scope: 'citizen' });
    expect((await call('/v1/me', tokens.access_token)).status).toBe(200);
    const statistics = await call(STATISTICS, tokens.access_token);
    expect(statistics.status).toBe(403);
    expect(JSON.stringify(statistics.body)).not.toContain('"rows"');
  });

  it('gives nothing for the API to a sign-in that asks for the purpose alone', async () => {
    const pin = await freshAccount(PASSWORD, 2);
    const tokens = await signIn(pin, PASSWORD, 'openid npdb:statistics', {}, misregistered);
    // No API scope a person may hold was asked for: an opaque token for userinfo, which the API refuses.
    expect(tokens.access_token.split('.')).toHaveLength(1);
    expect((await call(STATISTICS, tokens.access_token)).status).toBe(401);
  });
});
