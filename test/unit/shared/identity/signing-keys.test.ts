import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLocalSigningKeys, rotateLocalSigningKeys } from '../../../../infra/local/signing-keys.ts';
import {
  cookieKeys,
  FileSigningKeyStore,
  generateSigningKey,
  keyStoreFromEnv,
  parseSigningKeySet,
  providerJwks,
  pruneKeySet,
  publicJwks,
  rotateKeySet,
  SecretsManagerSigningKeyStore,
  toPublicJwks,
} from '../../../../shared/identity/signing-keys.ts';

const T0 = new Date('2026-07-01T00:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('signing key sets', () => {
  it('generates ES256 keys with a thumbprint kid', async () => {
    const key = await generateSigningKey('ES256', T0);
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', createdAt: T0.toISOString() });
    expect(key.kid).toMatch(/^[\w-]{43}$/);
    expect(key.d).toBeDefined();
  });

  it('puts the new key first on rotation and retires the previous one', async () => {
    const old = await generateSigningKey('ES256', T0);
    const fresh = await generateSigningKey('ES256', minutes(60));
    const rotated = rotateKeySet({ keys: [old] }, fresh, minutes(60));
    expect(rotated.keys.map((k) => k.kid)).toEqual([fresh.kid, old.kid]);
    expect(rotated.keys[1]?.retiredAt).toBe(minutes(60).toISOString());
    expect(rotated.keys[0]?.retiredAt).toBeUndefined();
  });

  it('keeps a retired key until its tokens have expired, then drops it', async () => {
    const old = await generateSigningKey('ES256', T0);
    const set = rotateKeySet({ keys: [old] }, await generateSigningKey('ES256', T0), T0);
    expect(pruneKeySet(set, minutes(10), 11 * 60).keys).toHaveLength(2);
    expect(pruneKeySet(set, minutes(12), 11 * 60).keys).toHaveLength(1);
  });

  it('publishes no private member of any key', async () => {
    const set = rotateKeySet(
      { keys: [await generateSigningKey('RS256', T0)] },
      await generateSigningKey('ES256', T0),
      T0,
    );
    for (const key of toPublicJwks(set).keys) {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'createdAt', 'retiredAt']) {
        expect(key).not.toHaveProperty(member);
      }
    }
  });

  it('gives the provider the current key first, private members included, bookkeeping removed', async () => {
    const current = await generateSigningKey('ES256', T0);
    const retired = { ...(await generateSigningKey('ES256', T0)), retiredAt: T0.toISOString() };
    const { keys } = providerJwks({ keys: [retired, current] });
    expect(keys.map((k) => k.kid)).toEqual([current.kid, retired.kid]);
    expect(keys[0]).toHaveProperty('d');
    expect(keys[0]).not.toHaveProperty('createdAt');
  });

  it('derives stable cookie keys, one per signing key', async () => {
    const set = { keys: [await generateSigningKey('ES256', T0), await generateSigningKey('ES256', T0)] };
    const keys = cookieKeys(set);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(cookieKeys(set)).toEqual(keys);
  });

  it('explains what is wrong with a stored key set', () => {
    expect(() => parseSigningKeySet({ keys: [] }, 'keys.json')).toThrow(/keys.json.*at least one key/);
    expect(() => parseSigningKeySet({ keys: [{ kty: 'EC', kid: 'a', alg: 'ES256', use: 'sig' }] }, 'f')).toThrow(/d:/);
  });

  it('names the environment variables when no key store is configured', () => {
    expect(() => keyStoreFromEnv({})).toThrow(/SIGNING_KEYS_FILE.*SIGNING_KEYS_SECRET_ARN/);
  });

  it('prefers the key file, and reads the secret when only SIGNING_KEYS_SECRET_ARN is set', () => {
    const arn = 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:keys-AbCdEf';
    expect(keyStoreFromEnv({ SIGNING_KEYS_FILE: '/k.json', SIGNING_KEYS_SECRET_ARN: arn })).toBeInstanceOf(
      FileSigningKeyStore,
    );
    const store = keyStoreFromEnv({ SIGNING_KEYS_SECRET_ARN: arn });
    expect(store).toBeInstanceOf(SecretsManagerSigningKeyStore);
    expect((store as SecretsManagerSigningKeyStore).secretId).toBe(arn);
  });
});

describe('the local key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p06-keys-unit-'));
  const path = join(dir, 'nested', 'signing-keys.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once, readable only by its owner, and reused afterwards', async () => {
    const first = await ensureLocalSigningKeys(path, { now: T0 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = await ensureLocalSigningKeys(path);
    expect(second).toEqual(first);
    expect(JSON.parse(readFileSync(path, 'utf8')).keys[0].kid).toBe(first.keys[0]?.kid);
  });

  it('verifies a token signed before a rotation with publicJwks, without any HTTP call', async () => {
    const before = await ensureLocalSigningKeys(path);
    const [signer] = before.keys;
    if (!signer) throw new Error('no key');
    const token = await new SignJWT({ scope: 'hospital:checkin' })
      .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
      .setIssuer('http://localhost:3000')
      .setAudience('urn:p06:api')
      .setExpirationTime('10m')
      .sign(await importJWK(signer, 'ES256'));
    const rotated = await rotateLocalSigningKeys(path);
    expect(rotated.keys[0]?.kid).not.toBe(signer.kid);
    const jwks = createLocalJWKSet(await publicJwks(new FileSigningKeyStore(path)));
    await expect(jwtVerify(token, jwks, { audience: 'urn:p06:api' })).resolves.toBeDefined();
  });
});
