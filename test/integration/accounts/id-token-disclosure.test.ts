/**
 * A relying party's ID token (and userinfo) discloses the citizen's PIN, name and birth date: each disclosure is
 * written to the citizen's access log at sign-in, like an API read.
 */
import * as client from 'openid-client';
import { describe, expect, inject, it } from 'vitest';
import { citizenToken } from '../../support/tokens.ts';
import { Browser, latestCode } from '../identity/browser.ts';
import { DEMO_CLIENT_SECRETS, freshAccount } from '../identity/fixtures.ts';
import { call } from './fixtures.ts';

const issuer = inject('oidcIssuer');

describe('ID-token disclosures in the access log', () => {
  it('records the tax portal receiving the PIN, name and birth date in the ID token and at userinfo', async () => {
    const pin = await freshAccount('Mat-khau-2026', 2);
    const config = await client.discovery(
      new URL(issuer),
      'tax-portal',
      undefined,
      client.ClientSecretBasic(DEMO_CLIENT_SECRETS['tax-portal']),
      { execute: [client.allowInsecureRequests] },
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
    const codePage = await browser.submit(login, '/login', { pin, password: 'Mat-khau-2026' });
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await browser.submit(consent, '/consent');
    // Other tests on the shared cloud may change this citizen's record meanwhile, and the life-event feed's
    // deliveries are logged too: only the relying party's disclosures are this test's.
    type Entry = { purpose: string; fields: string[]; who: { kind: string } };
    const disclosures = async () =>
      ((await call('/v1/me/access-log?limit=50', await citizenToken(pin, 1))).body.entries as Entry[]).filter((e) =>
        e.purpose.startsWith('oidc-'),
      );
    expect(await disclosures()).toEqual([]);
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: client.skipStateCheck,
    });
    expect(tokens.claims()).toMatchObject({ sub: pin, name: expect.any(String), birthdate: expect.any(String) });
    await client.fetchUserInfo(config, tokens.access_token, pin);

    const entries = await disclosures();
    expect(entries.map((e) => e.purpose).sort()).toEqual(['oidc-id-token', 'oidc-userinfo']);
    for (const entry of entries) {
      expect(entry.who.kind).toBe('agency');
      expect([...entry.fields].sort()).toEqual(['birthDate', 'fullName', 'pin']);
    }
  });
});
