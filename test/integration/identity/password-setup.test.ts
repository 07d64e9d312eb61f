/**
 * The set-password step after a level-2 activation without an account, against the local cloud: the link comes
 * through the outbox, the page sets the password once, and the e-ID then signs in with it.
 */
import * as client from 'openid-client';
import { describe, expect, inject, it } from 'vitest';
import { DynamoAccountStore, OutboxNotificationSender } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { DynamoPasswordSetupStore } from '../../../shared/adapters/dynamodb/password-setup-store.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { systemClock } from '../../../shared/domain/clock.ts';
import { activateLevel2 } from '../../../shared/identity/accounts.ts';
import { verifySecret } from '../../../shared/identity/passwords.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { Browser, latestCode } from './browser.ts';
import { accountlessAdult } from './fixtures.ts';

const issuer = inject('oidcIssuer');
const documents = testDocumentClient();
const accounts = new DynamoAccountStore(documents, 'Identity');
const outbox = new OutboxNotificationSender(documents, 'Identity', undefined, () => undefined);

/** Activates level 2 for a citizen without an account, as the commune police would; returns the PIN and link. */
const activateWithoutAccount = async () => {
  const citizen = await accountlessAdult();
  const activate = activateLevel2({
    citizens: new PopulationStore(documents, 'Population'),
    accounts,
    notifications: outbox,
    clock: systemClock,
    setups: new DynamoPasswordSetupStore(documents, 'Identity'),
    issuer,
  });
  const { provinceCode, communeCode } = citizen.permanentResidence;
  await activate(
    { pin: '001085099999', roles: [{ agency: 'police', role: 'officer', provinceCode, communeCode }] },
    citizen.pin,
  );
  const [message] = await outbox.read(citizen.pin, 1);
  const link = /(http\S+\/oidc\/set-password\?token=[\w-]{43})/.exec(message?.text ?? '')?.[1];
  if (!link) throw new Error(`No set-password link in ${message?.text}`);
  return { pin: citizen.pin, link: new URL(link), kind: message?.kind };
};

const submit = (token: string, password: string, confirmation = password, origin?: string) =>
  fetch(`${issuer}/oidc/set-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams({ token, password, confirmation, lang: 'en' }),
  });

describe('the set-password link of a level-2 activation without an account', () => {
  it('arrives through the outbox, shows the form, sets the password once, and the holder can then sign in', async () => {
    const { pin, link, kind } = await activateWithoutAccount();
    expect(kind).toBe('password-setup');
    expect((await accounts.get(pin))?.passwordHash).toBeUndefined();
    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="confirmation"');
    const token = link.searchParams.get('token') as string;

    const done = await submit(token, 'Dat-mat-khau-2026');
    expect(done.status).toBe(200);
    expect(await verifySecret('Dat-mat-khau-2026', String((await accounts.get(pin))?.passwordHash))).toBe(true);
    expect((await outbox.read(pin, 1))[0]?.kind).toBe('account-password-set');

    expect((await fetch(link)).status).toBe(410);
    expect((await submit(token, 'Mat-khau-khac-99')).status).toBe(410);
    expect(await verifySecret('Dat-mat-khau-2026', String((await accounts.get(pin))?.passwordHash))).toBe(true);

    // The new password signs the holder in at level 2.
    const config = await client.discovery(new URL(issuer), 'citizen-portal', undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'http://127.0.0.1:53682/callback',
      scope: 'openid citizen',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const browser = new Browser(new URL(issuer).origin);
    const login = await browser.visit(url.href);
    const codePage = await browser.submit(login, '/login', { pin, password: 'Dat-mat-khau-2026' });
    const consent = await browser.submit(codePage, '/otp', { code: await latestCode(pin) });
    const callback = await browser.submit(consent, '/consent');
    const tokens = await client.authorizationCodeGrant(config, new URL(callback.url), {
      pkceCodeVerifier: verifier,
      expectedState: client.skipStateCheck,
    });
    expect(tokens.claims()).toMatchObject({ sub: pin, acr: 'urn:vn:p06:loa:2' });
  });

  it('lets only one of two simultaneous submissions of one link set the password', async () => {
    const { pin, link } = await activateWithoutAccount();
    const token = link.searchParams.get('token') as string;
    const statuses = await Promise.all([submit(token, 'Mat-khau-mot-1'), submit(token, 'Mat-khau-hai-2')]);
    expect(statuses.map((r) => r.status).sort()).toEqual([200, 410]);
    const stored = String((await accounts.get(pin))?.passwordHash);
    const matches = await Promise.all(['Mat-khau-mot-1', 'Mat-khau-hai-2'].map((p) => verifySecret(p, stored)));
    expect(matches.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a weak or mistyped password with 400, a foreign origin with 403, and changes nothing', async () => {
    const { pin, link } = await activateWithoutAccount();
    const token = link.searchParams.get('token') as string;
    expect((await submit(token, 'short1')).status).toBe(400);
    expect((await submit(token, `${pin}ab`)).status).toBe(400);
    expect((await submit(token, 'Mat-khau-2026', 'Mat-khau-2027')).status).toBe(400);
    expect((await submit(token, 'Mat-khau-2026', 'Mat-khau-2026', 'https://evil.example')).status).toBe(403);
    expect((await accounts.get(pin))?.passwordHash).toBeUndefined();
    expect((await fetch(link)).status).toBe(200);
  });

  it('refuses an unknown or malformed token (410, 400) and a request without a form body (415)', async () => {
    expect((await fetch(`${issuer}/oidc/set-password?token=${'A'.repeat(43)}`)).status).toBe(410);
    expect((await fetch(`${issuer}/oidc/set-password`)).status).toBe(400);
    const json = await fetch(`${issuer}/oidc/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
  });
});
