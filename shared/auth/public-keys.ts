/**
 * Where the API's authorizer gets the e-ID service's public keys, to verify access tokens:
 * - the provider's key file when the deployment has one (`SIGNING_KEYS_FILE`, the local cloud), through the
 *   e-ID service's own `publicJwks` (public members only, expired retired keys dropped), with no HTTP call;
 * - otherwise the provider's JWKS endpoint (`OIDC_JWKS_URL`, default `<OIDC_ISSUER>/oidc/jwks`), as any relying
 *   party would: the authorizer never reads the private-key secret.
 */
import type { JSONWebKeySet } from 'jose';
import { FileSigningKeyStore, publicJwks } from '../identity/signing-keys.ts';

/** Loads the public keys from the provider's JWKS endpoint. */
export const publicKeysFromUrl = (url: string) => async (): Promise<JSONWebKeySet> => {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  if (!response.ok) throw new Error(`JWKS at ${url} answered ${response.status}`);
  return (await response.json()) as JSONWebKeySet;
};

export const publicKeysFromEnvironment = (env: Readonly<Record<string, string | undefined>>) => {
  const file = env.SIGNING_KEYS_FILE;
  if (file)
    return async (): Promise<JSONWebKeySet> => publicJwks(new FileSigningKeyStore(file)) as Promise<JSONWebKeySet>;
  const url = env.OIDC_JWKS_URL ?? (env.OIDC_ISSUER ? `${env.OIDC_ISSUER}/oidc/jwks` : undefined);
  if (!url) throw new Error('Set SIGNING_KEYS_FILE, OIDC_JWKS_URL or OIDC_ISSUER so tokens can be verified.');
  return publicKeysFromUrl(url);
};
