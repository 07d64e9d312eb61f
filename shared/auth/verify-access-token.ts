/**
 * Verifies an e-ID access token (a JWT from the platform's OpenID Connect provider) and turns its claims
 * into a Principal. Signature, issuer, audience, expiry and the claims' shape are all checked; anything
 * wrong gives `InvalidTokenError` with a reason for the logs (never shown in detail to the caller).
 */
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import * as z from '../validation/zod.ts';
import { LOA_1, LOA_2, OfficerRoleSchema, type Principal } from './principal.ts';

export const API_AUDIENCE = 'urn:p06:api';

export class InvalidTokenError extends Error {}

const Claims = z.object({
  sub: z.string().check(z.minLength(1)),
  client_id: z.string().check(z.minLength(1)),
  scope: z._default(z.string(), ''),
  acr: z.optional(z.enum([LOA_1, LOA_2])),
  officer_roles: z.optional(z.array(OfficerRoleSchema)),
  /** The authority of an oversight inspector (InspectorRoleSchema), granted with the `officer` scope. */
  inspector: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** The e-ID grant (sign-in) the token comes from (shared/identity/sessions.ts). */
  grant_id: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  /** The agency's registered name, in client-credentials tokens (what the citizen's access log shows). */
  client_name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

export interface TokenVerifierOptions {
  readonly issuer: string;
  readonly jwks: () => Promise<JSONWebKeySet>;
  /** Seconds of clock skew tolerated. Default 5. */
  readonly clockToleranceSeconds?: number;
}

/** Builds a verifier; the key set is fetched once and refreshed when a token names an unknown key. */
export const createTokenVerifier = (options: TokenVerifierOptions) => {
  let keys: ReturnType<typeof createLocalJWKSet> | undefined;
  const keySet = async (refresh: boolean) => {
    if (!keys || refresh) keys = createLocalJWKSet(await options.jwks());
    return keys;
  };
  return async (token: string): Promise<Principal> => {
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new InvalidTokenError('not a compact JWS');
    const verify = async (refresh: boolean) =>
      jwtVerify(token, await keySet(refresh), {
        issuer: options.issuer,
        audience: API_AUDIENCE,
        clockTolerance: options.clockToleranceSeconds ?? 5,
        algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'],
        requiredClaims: ['exp', 'iat', 'sub'],
      });
    let payload: Awaited<ReturnType<typeof verify>>['payload'];
    try {
      payload = (await verify(false)).payload;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') {
        throw new InvalidTokenError((error as Error).message);
      }
      try {
        payload = (await verify(true)).payload;
      } catch (retry) {
        throw new InvalidTokenError((retry as Error).message);
      }
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new InvalidTokenError(`unexpected claims: ${claims.error.message}`);
    const scopes = claims.data.scope.split(' ').filter(Boolean);
    if (claims.data.sub === claims.data.client_id && !claims.data.acr) {
      return {
        kind: 'agency',
        clientId: claims.data.client_id,
        ...(claims.data.client_name ? { clientName: claims.data.client_name } : {}),
        scopes,
      };
    }
    if (!/^\d{12}$/.test(claims.data.sub) || !claims.data.acr) {
      throw new InvalidTokenError('a user token must name a PIN and carry an acr');
    }
    return {
      kind: 'citizen',
      pin: claims.data.sub,
      level: claims.data.acr === LOA_2 ? 2 : 1,
      clientId: claims.data.client_id,
      scopes,
      officerRoles: claims.data.officer_roles ?? [],
      ...(claims.data.inspector ? { inspector: claims.data.inspector } : {}),
      ...(claims.data.grant_id ? { grantId: claims.data.grant_id } : {}),
    };
  };
};
