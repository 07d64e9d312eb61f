import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import * as client from 'openid-client';
import { describe, expect, inject, it } from 'vitest';
import { publicJwk } from '../../../shared/identity/client-credentials.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const issuer = inject('oidcIssuer');
const insecure = { execute: [client.allowInsecureRequests] };

/** Runs `npm run clients:register -- …args` against the integration run's DynamoDB Local. */
const registerClient = (...args: string[]) => {
  const run = spawnSync(
    process.execPath,
    [TSX, 'infra/local/register-client-cli.ts', '--endpoint', inject('dynamoDbEndpoint'), ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

describe('npm run clients:register', () => {
  it('registers an agency with its public key; the agency then gets tokens with private_key_jwt', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'hue-1', alg: 'ES256' };
    const file = join(tmpdir(), `p06-jwks-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ keys: [publicJwk(jwk)] }));
    const { status, output } = registerClient(
      '--client-id',
      `hospital-hue-${process.pid}`,
      '--name',
      'Bệnh viện Trung ương Huế',
      '--scope',
      'hospital:checkin',
      '--jwks',
      file,
    );
    expect(output).toContain('private_key_jwt, scope hospital:checkin');
    expect(status).toBe(0);
    const config = await client.discovery(
      new URL(issuer),
      `hospital-hue-${process.pid}`,
      undefined,
      client.PrivateKeyJwt(privateKey),
      insecure,
    );
    const tokens = await client.clientCredentialsGrant(config, { scope: 'hospital:checkin' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
  });

  it('prints a generated secret once, which then works with client_secret_basic', async () => {
    const { status, output } = registerClient(
      '--client-id',
      `bank-acb-${process.pid}`,
      '--name',
      'ACB',
      '--scope',
      'ekyc:identity',
    );
    expect(status).toBe(0);
    const secret = /shown once, stored only as a hash\): ([\w-]{43})/.exec(output)?.[1] as string;
    const config = await client.discovery(
      new URL(issuer),
      `bank-acb-${process.pid}`,
      undefined,
      client.ClientSecretBasic(secret),
      insecure,
    );
    await expect(client.clientCredentialsGrant(config, { scope: 'ekyc:identity' })).resolves.toMatchObject({
      token_type: expect.any(String),
    });
  });

  it('exits 2 and names the problem for a private key or an unknown purpose, registering nothing', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const file = join(tmpdir(), `p06-private-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ keys: [await exportJWK(privateKey)] }));
    const leaked = registerClient(
      '--client-id',
      'leaky-bank',
      '--name',
      'Leaky',
      '--scope',
      'ekyc:identity',
      '--jwks',
      file,
    );
    expect(leaked.status).toBe(2);
    expect(leaked.output).toContain('private key material');
    const unknown = registerClient('--client-id', 'odd-bank', '--name', 'Odd', '--scope', 'npdb:everything');
    expect(unknown.status).toBe(2);
    expect(unknown.output).toContain('scopes: Purposes are agency scopes');
    const config = await client.discovery(
      new URL(issuer),
      'odd-bank',
      undefined,
      client.ClientSecretBasic('x'),
      insecure,
    );
    await expect(client.clientCredentialsGrant(config, { scope: 'ekyc:identity' })).rejects.toMatchObject({
      status: 401,
    });
  });
});
