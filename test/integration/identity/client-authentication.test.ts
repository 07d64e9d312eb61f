import type { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import * as client from 'openid-client';

type CryptoKey = webcrypto.CryptoKey;

import { describe, expect, inject, it } from 'vitest';
import { clientKeyFile } from '../../../infra/local/client-keys.ts';
import { DEMO_KEY_CLIENT } from '../../../infra/local/identity-seed.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { call, citizenToken } from '../../support/tokens.ts';
import { DEMO_CLIENT_SECRETS } from './fixtures.ts';

const issuer = inject('oidcIssuer');
const tokenEndpoint = `${issuer}/oidc/token`;
const insecure = { execute: [client.allowInsecureRequests] };
const privateJwk = JSON.parse(
  readFileSync(clientKeyFile(join(dirname(inject('signingKeysFile')), 'clients'), DEMO_KEY_CLIENT), 'utf8'),
) as JWK;

const hospital = async (key: CryptoKey) =>
  client.discovery(
    new URL(issuer),
    DEMO_KEY_CLIENT,
    undefined,
    client.PrivateKeyJwt(key as Parameters<typeof client.PrivateKeyJwt>[0]),
    insecure,
  );

/** A client assertion (RFC 7523) of the demo hospital, signed with `key`. */
const assertion = async (key: CryptoKey, lifetimeSeconds = 60) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? '' })
    .setIssuer(DEMO_KEY_CLIENT)
    .setSubject(DEMO_KEY_CLIENT)
    .setAudience(issuer)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(key);

/** A living citizen of the seeded population with a health-insurance card (not the first: other tests take those). */
const insuredCitizen = (): Citizen => {
  const insured = syntheticCitizens(
    { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
    0,
    inject('seededCitizens'),
  ).filter((c) => c.status === 'alive' && c.healthInsurance);
  const picked = insured[Math.floor(insured.length / 3)];
  if (!picked) throw new Error('No insured citizen in the seeded population');
  return picked;
};

/** A raw client-credentials request with a client assertion, as any agency system would send it. */
const requestToken = async (clientAssertion: string) => {
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'hospital:checkin',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('agency clients with private_key_jwt', () => {
  it('get a token for their purpose with an assertion signed by their registered key (openid-client)', async () => {
    const key = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
    const tokens = await client.clientCredentialsGrant(await hospital(key), { scope: 'hospital:checkin' });
    const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({ sub: DEMO_KEY_CLIENT, client_id: DEMO_KEY_CLIENT, scope: 'hospital:checkin' });
  });

  it('are refused (401 invalid_client) when the assertion is signed with another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await expect(
      client.clientCredentialsGrant(await hospital(privateKey), { scope: 'hospital:checkin' }),
    ).rejects.toMatchObject({
      status: 401,
      cause: { error: 'invalid_client' },
    });
  });

  it('cannot use one assertion twice: the replay gets 401 invalid_client', async () => {
    const signed = await assertion((await importJWK(privateJwk, 'ES256')) as CryptoKey);
    expect((await requestToken(signed)).status).toBe(200);
    const replay = await requestToken(signed);
    expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('cannot use one assertion twice even in two simultaneous requests', async () => {
    const signed = await assertion((await importJWK(privateJwk, 'ES256')) as CryptoKey);
    const results = await Promise.all([requestToken(signed), requestToken(signed), requestToken(signed)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
  });

  it('refuses an assertion valid for longer than five minutes', async () => {
    const signed = await assertion((await importJWK(privateJwk, 'ES256')) as CryptoKey, 3600);
    expect(await requestToken(signed)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses a client secret for a client registered with keys', async () => {
    const config = await client.discovery(
      new URL(issuer),
      DEMO_KEY_CLIENT,
      undefined,
      client.ClientSecretBasic(DEMO_CLIENT_SECRETS['hospital-bach-mai']),
      insecure,
    );
    await expect(client.clientCredentialsGrant(config, { scope: 'hospital:checkin' })).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('client registrations at rest', () => {
  it('hold demo secrets only as salted hashes, and the key client only its public key', async () => {
    const documents = testDocumentClient();
    for (const [clientId, secret] of Object.entries(DEMO_CLIENT_SECRETS)) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: 'Identity', Key: { pk: `OIDC#Client#${clientId}`, sk: 'OIDC' } }),
      );
      const stored = JSON.stringify(Item);
      expect(Item?.payload.client_secret).toMatch(/^sha256\$/);
      expect(stored).not.toContain(secret);
    }
    const { Item } = await documents.send(
      new GetCommand({ TableName: 'Identity', Key: { pk: `OIDC#Client#${DEMO_KEY_CLIENT}`, sk: 'OIDC' } }),
    );
    expect(Item?.payload).toMatchObject({ token_endpoint_auth_method: 'private_key_jwt' });
    expect(Item?.payload.client_secret).toBeUndefined();
    expect(Item?.payload.jwks.keys).toEqual([expect.not.objectContaining({ d: expect.anything() })]);
    expect(Item?.payload.jwks.keys[0]).toMatchObject({ x: privateJwk.x, y: privateJwk.y });
  });
});

describe("an agency's reads in the citizen's access log", () => {
  it('name the agency as registered, with its client ID, for a real client-credentials token', async () => {
    const config = await client.discovery(
      new URL(issuer),
      'hospital-bach-mai',
      undefined,
      client.ClientSecretBasic(DEMO_CLIENT_SECRETS['hospital-bach-mai']),
      insecure,
    );
    const tokens = await client.clientCredentialsGrant(config, { scope: 'hospital:checkin' });
    const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({ client_id: 'hospital-bach-mai', client_name: 'Bệnh viện Bạch Mai' });

    const patient = insuredCitizen();
    const checkIn = await call('/v1/agency/check-ins', tokens.access_token, {
      method: 'POST',
      body: JSON.stringify({ pin: patient.pin, chipVerified: true }),
    });
    expect(checkIn.status).toBe(200);
    const log = await call('/v1/me/access-log?limit=5&accessor=agency', await citizenToken(patient.pin, 2));
    expect(log.status).toBe(200);
    const entries = log.body.entries as Array<Record<string, unknown>>;
    expect(entries[0]).toMatchObject({
      purpose: 'hospital-check-in',
      outcome: 'granted',
      who: { kind: 'agency', label: 'Bệnh viện Bạch Mai', clientId: 'hospital-bach-mai' },
    });
  });
});
