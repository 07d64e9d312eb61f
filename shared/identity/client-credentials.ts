/**
 * How relying parties prove who they are at the token endpoint, and what of it may be stored.
 * - `private_key_jwt` (RFC 7523, OIDC Core 9): the client signs a short assertion with its private key; only the
 *   public keys (`jwks`) are registered. The way for agency systems: nothing the provider stores lets anyone
 *   act as the client, and a verification costs one signature check.
 * - `client_secret_basic`: kept for the local demo clients and for relying parties that cannot sign yet. The
 *   secret is stored only as a salted hash (`sha256$<salt>$<HMAC-SHA256(salt, secret)>`): a leaked Identity table
 *   or backup reveals no usable secret. Secrets are generated with 256 bits of entropy (`clients:register`), which
 *   no guessing reaches, so a slow password hash would add nothing but cost: scrypt at the password parameters
 *   took over a second per token request on a loaded 2-core machine (about 5,000 times an ES256 assertion check),
 *   and would let anyone burn the provider's CPU with wrong secrets. oidc-provider compares secrets through
 *   `Client#compareClientSecret`, which the provider replaces with `verifyClientSecret`.
 * `assertStorableClient` is checked on every registration, so neither a plain secret nor a private key can be
 * written to the Identity table.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JWK } from 'jose';

/** Client authentication methods the provider accepts (`clientAuthMethods`); the portal is a public client. */
export const CLIENT_AUTH_METHODS = ['none', 'client_secret_basic', 'private_key_jwt'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

/** Algorithms a client may sign its assertion with: asymmetric only (an HS256 assertion needs a stored secret). */
export const CLIENT_ASSERTION_ALGS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;

const HASH_PREFIX = 'sha256$';
const STORED_HASH = /^sha256\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

/** The shortest secret accepted: the demo secrets have 25 characters; generated ones 43 (256 bits). */
export const MIN_CLIENT_SECRET_LENGTH = 24;

const digest = (salt: Buffer, secret: string) => createHmac('sha256', salt).update(secret.normalize('NFC')).digest();

/** The stored form of a client secret: `sha256$<16-byte salt>$<HMAC-SHA256(salt, secret)>`, base64url. */
export const hashClientSecret = async (secret: string): Promise<string> => {
  if (secret.length < MIN_CLIENT_SECRET_LENGTH) {
    throw new RangeError(`A client secret has at least ${MIN_CLIENT_SECRET_LENGTH} characters; generate it.`);
  }
  const salt = randomBytes(16);
  return `${HASH_PREFIX}${salt.toString('base64url')}$${digest(salt, secret).toString('base64url')}`;
};

/** Whether `presented` is the secret whose hash is `stored` (constant time); a value that is not a hash never matches. */
export const verifyClientSecret = async (presented: unknown, stored: unknown): Promise<boolean> => {
  const match = typeof stored === 'string' ? STORED_HASH.exec(stored) : null;
  if (typeof presented !== 'string' || !match) return false;
  const [, salt, hash] = match as unknown as [string, string, string];
  return timingSafeEqual(digest(Buffer.from(salt, 'base64url'), presented), Buffer.from(hash, 'base64url'));
};

/** JWK members that belong to a private (or symmetric) key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The public half of a JWK (what a client registers). */
export const publicJwk = (jwk: JWK): JWK =>
  Object.fromEntries(
    Object.entries(jwk).filter(([member]) => !(PRIVATE_MEMBERS as readonly string[]).includes(member)),
  ) as JWK;

/** Thrown when client metadata would put a secret or a private key into storage. */
export class UnsafeClientRegistrationError extends Error {}

/**
 * Refuses metadata that must not be stored: a client secret that is not a hash, a private or symmetric key in
 * `jwks`, a `private_key_jwt` client without keys, or an authentication method the provider does not accept.
 */
export const assertStorableClient = (metadata: {
  readonly client_id: string;
  readonly client_secret?: unknown;
  readonly token_endpoint_auth_method?: unknown;
  readonly jwks?: unknown;
}): void => {
  const id = metadata.client_id;
  const method = metadata.token_endpoint_auth_method ?? 'client_secret_basic';
  if (!(CLIENT_AUTH_METHODS as readonly unknown[]).includes(method)) {
    throw new UnsafeClientRegistrationError(
      `Client ${id}: token_endpoint_auth_method must be one of ${CLIENT_AUTH_METHODS.join(', ')}.`,
    );
  }
  const secret = metadata.client_secret;
  if (secret !== undefined && (typeof secret !== 'string' || !STORED_HASH.test(secret))) {
    throw new UnsafeClientRegistrationError(
      `Client ${id}: client_secret must be stored hashed (hashClientSecret), never in plain text.`,
    );
  }
  if (method === 'client_secret_basic' && secret === undefined) {
    throw new UnsafeClientRegistrationError(`Client ${id}: client_secret_basic needs a hashed client_secret.`);
  }
  const listed = (metadata.jwks as { keys?: unknown } | undefined)?.keys;
  if (metadata.jwks !== undefined && !Array.isArray(listed)) {
    throw new UnsafeClientRegistrationError(`Client ${id}: jwks must be a JWK set ({ "keys": [...] }).`);
  }
  const keys = (Array.isArray(listed) ? listed : []) as Record<string, unknown>[];
  for (const key of keys) {
    const leaked = PRIVATE_MEMBERS.filter((member) => key?.[member] !== undefined);
    if (leaked.length > 0) {
      throw new UnsafeClientRegistrationError(
        `Client ${id}: jwks holds private key material (${leaked.join(', ')}); register the public keys only.`,
      );
    }
  }
  if (method === 'private_key_jwt' && keys.length === 0) {
    throw new UnsafeClientRegistrationError(`Client ${id}: private_key_jwt needs at least one public key in jwks.`);
  }
};
