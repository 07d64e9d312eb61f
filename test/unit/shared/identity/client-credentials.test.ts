import { describe, expect, it } from 'vitest';
import {
  assertStorableClient,
  hashClientSecret,
  publicJwk,
  verifyClientSecret,
} from '../../../../shared/identity/client-credentials.ts';

const HASHED = `sha256$${'s'.repeat(22)}$${'h'.repeat(43)}`;
const EC_PRIVATE = { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'BBBB', d: 'CCCC', kid: 'k1', alg: 'ES256' };

describe('client secrets', () => {
  it('are verified against their stored hash, and a different secret does not match', async () => {
    const stored = await hashClientSecret('demo-secret-bank-vcb-2026');
    expect(stored).toMatch(/^sha256\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hashClientSecret('demo-secret-bank-vcb-2026')).not.toBe(stored);
    expect(stored).not.toContain('demo-secret');
    expect(await verifyClientSecret('demo-secret-bank-vcb-2026', stored)).toBe(true);
    expect(await verifyClientSecret('demo-secret-bank-vcb-2027', stored)).toBe(false);
  });

  it('never match a value stored in plain text, even the same text', async () => {
    expect(await verifyClientSecret('plain', 'plain')).toBe(false);
    expect(await verifyClientSecret(undefined, await hashClientSecret('x'.repeat(43)))).toBe(false);
  });

  it('are at least 24 characters long', async () => {
    await expect(hashClientSecret('short-secret')).rejects.toThrow(/at least 24/);
  });
});

describe('what a client registration may store', () => {
  it('accepts a hashed secret and a public key set', async () => {
    expect(() => assertStorableClient({ client_id: 'a', client_secret: HASHED })).not.toThrow();
    expect(() =>
      assertStorableClient({
        client_id: 'b',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk(EC_PRIVATE)] },
      }),
    ).not.toThrow();
    expect(() => assertStorableClient({ client_id: 'portal', token_endpoint_auth_method: 'none' })).not.toThrow();
  });

  it.each([
    [{ client_id: 'a', client_secret: 'demo-secret' }, /stored hashed/],
    [{ client_id: 'a', client_secret: 'scrypt$16384$8$1$c2FsdA$aGFzaA' }, /stored hashed/],
    [{ client_id: 'a' }, /needs a hashed client_secret/],
    [{ client_id: 'b', token_endpoint_auth_method: 'private_key_jwt' }, /at least one public key/],
    [{ client_id: 'b', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [EC_PRIVATE] } }, /\(d\)/],
    [
      { client_id: 'b', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ kty: 'oct', k: 's' }] } },
      /\(k\)/,
    ],
    [{ client_id: 'c', token_endpoint_auth_method: 'client_secret_jwt', client_secret: HASHED }, /must be one of/],
    [{ client_id: 'c', token_endpoint_auth_method: 'client_secret_post', client_secret: HASHED }, /must be one of/],
  ])('refuses %j', (metadata, message) => {
    expect(() => assertStorableClient(metadata)).toThrow(message);
  });

  it('keeps only the public members of a key', () => {
    expect(publicJwk(EC_PRIVATE)).toEqual({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'BBBB', kid: 'k1', alg: 'ES256' });
  });
});
