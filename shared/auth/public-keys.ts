/**
 * The e-ID service's public signing keys, for verifying access tokens without calling the provider.
 * Read from the key file the provider signs with (`SIGNING_KEYS_FILE`, a JWKS whose keys may hold private
 * members); only public members are kept.
 */
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** The public half of a JWKS (drops private key members and symmetric keys). */
export const publicPart = (jwks: { keys: Record<string, unknown>[] }): JSONWebKeySet => ({
  keys: jwks.keys
    .filter((key) => key.kty !== 'oct')
    .map((key) =>
      Object.fromEntries(Object.entries(key).filter(([member]) => !PRIVATE_MEMBERS.has(member))),
    ) as JSONWebKeySet['keys'],
});

/** Loads the public keys from the file named by `SIGNING_KEYS_FILE`. */
export const publicKeysFromFile = (path: string) => async (): Promise<JSONWebKeySet> =>
  publicPart(JSON.parse(await readFile(path, 'utf8')) as { keys: Record<string, unknown>[] });

/** Loads the public keys from the provider's JWKS endpoint (what any relying party would do). */
export const publicKeysFromUrl = (url: string) => async (): Promise<JSONWebKeySet> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`JWKS at ${url} answered ${response.status}`);
  return (await response.json()) as JSONWebKeySet;
};

/**
 * Where the API's authorizer gets the e-ID service's keys: the key file when the deployment provides one
 * (`SIGNING_KEYS_FILE`, the local cloud), otherwise the provider's JWKS endpoint (`OIDC_JWKS_URL`, default
 * `<OIDC_ISSUER>/oidc/jwks`).
 */
export const publicKeysFromEnvironment = (env: Readonly<Record<string, string | undefined>>) => {
  if (env.SIGNING_KEYS_FILE) return publicKeysFromFile(env.SIGNING_KEYS_FILE);
  const url = env.OIDC_JWKS_URL ?? (env.OIDC_ISSUER ? `${env.OIDC_ISSUER}/oidc/jwks` : undefined);
  if (!url) throw new Error('Set SIGNING_KEYS_FILE, OIDC_JWKS_URL or OIDC_ISSUER so tokens can be verified.');
  return publicKeysFromUrl(url);
};
