/**
 * Private keys of the local cloud's demo clients that authenticate with `private_key_jwt`: one JWK file per client
 * (mode 0600, in the git-ignored data folder), created on first start. The e-ID provider only ever sees the public
 * half, registered in the client's `jwks`; a developer signs client assertions with the file (see
 * docs/demo-accounts.md). Real agencies generate their key pair themselves and register the public key.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { publicJwk } from '../../shared/identity/client-credentials.ts';

/** Where the private key of `clientId` is kept under `dir`. */
export const clientKeyFile = (dir: string, clientId: string): string => join(dir, `${clientId}.private.jwk.json`);

/** Reads the client's private JWK, creating an ES256 key pair the first time; returns it with its public half. */
export const ensureClientKey = async (dir: string, clientId: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> => {
  const path = clientKeyFile(dir, clientId);
  if (!existsSync(path)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: `${clientId}-${Date.now()}` };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  }
  const privateJwk = JSON.parse(await readFile(path, 'utf8')) as JWK;
  return { privateJwk, publicJwk: publicJwk(privateJwk) };
};
