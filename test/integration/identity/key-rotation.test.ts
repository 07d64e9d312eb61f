/**
 * Key rotation on a provider of its own (its own key file and port, the run's DynamoDB Local), so rotating does not
 * disturb the shared local cloud: the handler module runs in this process behind the local API Gateway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalApi, startLocalApi } from '../../../infra/local/api-gateway.ts';
import { LocalLambdaRuntime } from '../../../infra/local/lambda-runtime.ts';
import { ensureLocalSigningKeys, rotateLocalSigningKeys } from '../../../infra/local/signing-keys.ts';
import { FUNCTIONS, ROUTES } from '../../../infra/topology.ts';
import { SIGNED_TOKEN_MAX_LIFETIME_SECONDS } from '../../../shared/identity/oidc/token-policy.ts';
import { API_RESOURCE } from '../../../shared/identity/scopes.ts';
import { FileSigningKeyStore, publicJwks } from '../../../shared/identity/signing-keys.ts';
import { freePort } from '../../support/free-port.ts';
import { DEMO_CLIENT_SECRETS } from './fixtures.ts';

const ENV = [
  'OIDC_ISSUER',
  'SIGNING_KEYS_FILE',
  'SIGNING_KEYS_CACHE_SECONDS',
  'IDENTITY_TABLE',
  'POPULATION_TABLE',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
] as const;

describe('signing key rotation', () => {
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'p06-keys-'));
  const keyFile = join(dir, 'signing-keys.json');
  let api: LocalApi;
  let issuer: string;

  beforeAll(async () => {
    await ensureLocalSigningKeys(keyFile);
    const port = await freePort();
    issuer = `http://localhost:${port}`;
    Object.assign(process.env, {
      OIDC_ISSUER: issuer,
      SIGNING_KEYS_FILE: keyFile,
      SIGNING_KEYS_CACHE_SECONDS: '0',
      IDENTITY_TABLE: 'Identity',
      POPULATION_TABLE: 'Population',
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const lambda = new LocalLambdaRuntime(
      FUNCTIONS.filter((f) => f.id === 'OidcProvider'),
      { region: 'ap-southeast-1', accountId: '000000000000' },
    );
    api = await startLocalApi({
      routes: ROUTES.filter((route) => route.functionId === 'OidcProvider'),
      port,
      accountId: '000000000000',
      invoke: (functionId, event) => lambda.invoke(functionId, event),
    });
  });

  afterAll(async () => {
    await api?.close();
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const hospitalToken = async (): Promise<string> => {
    const response = await fetch(`${issuer}/oidc/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`hospital-bach-mai:${DEMO_CLIENT_SECRETS['hospital-bach-mai']}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=hospital%3Acheckin',
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const verify = async (token: string, now = new Date()) =>
    jwtVerify(token, createLocalJWKSet(await publicJwks(new FileSigningKeyStore(keyFile), now)), {
      issuer,
      audience: API_RESOURCE,
      currentDate: now,
      clockTolerance: SIGNED_TOKEN_MAX_LIFETIME_SECONDS,
    });

  it('signs with the new key after a rotation and keeps tokens of the retired key verifiable', async () => {
    const before = await hospitalToken();
    const retiredKid = decodeProtectedHeader(before).kid;

    await rotateLocalSigningKeys(keyFile);
    const after = await hospitalToken();
    const currentKid = decodeProtectedHeader(after).kid;
    expect(currentKid).not.toBe(retiredKid);

    await expect(verify(before)).resolves.toMatchObject({ payload: { sub: 'hospital-bach-mai' } });
    await expect(verify(after)).resolves.toMatchObject({ payload: { sub: 'hospital-bach-mai' } });
    const published = (await (await fetch(`${issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(published.keys.map((k) => k.kid)).toEqual([currentKid, retiredKid]);
  });

  it('drops a retired key once every token it signed has expired', async () => {
    const token = await hospitalToken();
    const kid = decodeProtectedHeader(token).kid;
    await rotateLocalSigningKeys(keyFile);
    const later = new Date(Date.now() + (SIGNED_TOKEN_MAX_LIFETIME_SECONDS + 60) * 1000);
    await rotateLocalSigningKeys(keyFile, { now: later });

    const kids = (await new FileSigningKeyStore(keyFile).load()).keys.map((k) => k.kid);
    expect(kids).not.toContain(kid);
    expect(kids).toHaveLength(2);
    await expect(verify(token, later)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });
});
