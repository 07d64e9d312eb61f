/**
 * Signs e-ID access tokens with the provider's key file (or a stranger's key), for API tests and
 * benchmarks. How the provider issues real tokens is tested in test/integration/identity/.
 */
import { readFileSync } from 'node:fs';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { API_AUDIENCE } from '../../shared/auth/verify-access-token.ts';
import type { OfficerRole } from '../../shared/identity/account.ts';

type KeyFile = { keys: (JWK & { kid?: string; retiredAt?: unknown })[] };

export interface TokenOptions {
  readonly issuer?: string;
  readonly audience?: string;
  readonly expiresIn?: string | number;
  readonly foreignKey?: boolean;
  readonly claims?: Record<string, unknown>;
}

/** A token minter bound to one key file and issuer. */
export const tokenMinter = (keyFile: string, issuer: string) => {
  const signingKey = async () => {
    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as KeyFile;
    const jwk = file.keys.find((k) => k.d !== undefined && k.retiredAt === undefined) ?? file.keys[0];
    if (!jwk?.kty) throw new Error(`No usable key in ${keyFile}`);
    const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
    return { key: await importJWK(jwk, alg), kid: jwk.kid, alg };
  };
  const sign = async (subject: string, claims: Record<string, unknown>, options: TokenOptions) => {
    const own = await signingKey();
    const { key, kid, alg } = options.foreignKey
      ? { key: (await generateKeyPair('ES256')).privateKey, kid: own.kid, alg: 'ES256' }
      : own;
    const expired = typeof options.expiresIn === 'number' && options.expiresIn < 0;
    return new SignJWT({ ...claims, ...options.claims })
      .setProtectedHeader({ alg, ...(kid ? { kid } : {}), typ: 'at+jwt' })
      .setSubject(subject)
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? API_AUDIENCE)
      .setIssuedAt(expired ? Math.floor(Date.now() / 1000) - 3600 : undefined)
      .setExpirationTime(
        expired ? Math.floor(Date.now() / 1000) + (options.expiresIn as number) : (options.expiresIn ?? '10m'),
      )
      .setJti(crypto.randomUUID())
      .sign(key);
  };
  // As the provider mints them: `scope` holds only the API scopes granted (never `openid` or `profile`, which are
  // for the ID token), and `officer_roles` only comes with the `officer` scope.
  const user = (pin: string, level: 1 | 2, claims: Record<string, unknown>, options: TokenOptions) =>
    sign(pin, { client_id: 'citizen-portal', acr: `urn:vn:p06:loa:${level}`, ...claims }, options);
  return {
    /** A citizen's access token from the citizen portal (scope `citizen`), at e-ID level 1 or 2. */
    citizen: (pin: string, level: 1 | 2 = 2, options: TokenOptions = {}) =>
      user(pin, level, { scope: 'citizen' }, options),
    /**
     * The portal's token of an officer (or an inspector, with `claims: {inspector}` and no roles): the portal asks
     * for `citizen officer`, and the provider grants `officer` with the account's roles.
     */
    officer: (pin: string, roles: readonly OfficerRole[], level: 1 | 2 = 2, options: TokenOptions = {}) =>
      user(pin, level, { scope: 'citizen officer', officer_roles: roles }, options),
    /** An agency system's client-credentials token with the given purpose-bound scopes. */
    agency: (clientId: string, scopes: readonly string[], options: TokenOptions = {}) =>
      sign(clientId, { client_id: clientId, scope: scopes.join(' ') }, options),
  };
};
