/**
 * Signing keys of the e-ID provider. The key set is a port: locally a JSON file (env `SIGNING_KEYS_FILE`, written
 * by infra/local/signing-keys.ts); in AWS a Secrets Manager secret encrypted with a KMS key (env
 * `SIGNING_KEYS_SECRET_ARN`). The first key not yet retired signs; retired keys stay published in the JWKS until
 * every token they signed has expired (`retiredAt` + the longest JWT lifetime), then they are dropped.
 */
import { hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import * as z from 'zod';
import { SIGNED_TOKEN_MAX_LIFETIME_SECONDS } from './oidc/token-policy.ts';

export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const StoredSigningKeySchema = z
  .object({
    kty: z.enum(['EC', 'RSA']),
    kid: z.string().min(1),
    alg: z.enum(SIGNING_ALGORITHMS),
    use: z.literal('sig'),
    /** The private part (`d`) must be there: this is the provider's own key. */
    d: z.string().min(1),
    createdAt: z.iso.datetime(),
    retiredAt: z.iso.datetime().optional(),
  })
  .loose();
export type StoredSigningKey = z.infer<typeof StoredSigningKeySchema> & JWK;

export const SigningKeySetSchema = z.object({
  keys: z.array(StoredSigningKeySchema).min(1, 'A signing key set needs at least one key.'),
});
/** Keys, the current signing key first. */
export interface SigningKeySet {
  readonly keys: readonly StoredSigningKey[];
}

export interface SigningKeyStore {
  load(): Promise<SigningKeySet>;
}

/** Parses a stored key set, explaining what is wrong with it. */
export const parseSigningKeySet = (value: unknown, source: string): SigningKeySet => {
  const parsed = SigningKeySetSchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`The signing key set in ${source} is not valid: ${details}`);
  }
  const keys = parsed.data.keys as StoredSigningKey[];
  if (!keys.some((k) => k.retiredAt === undefined))
    throw new Error(`The signing key set in ${source} has no current key.`);
  return { keys };
};

/** A new private signing key (JWK) with a thumbprint `kid`. */
export const generateSigningKey = async (alg: SigningAlgorithm, now: Date): Promise<StoredSigningKey> => {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 3072 } : {}),
  });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg, use: 'sig', createdAt: now.toISOString() } as StoredSigningKey;
};

/** Puts `key` in front as the current signing key and retires the keys that were current. */
export const rotateKeySet = (set: SigningKeySet, key: StoredSigningKey, now: Date): SigningKeySet => ({
  keys: [key, ...set.keys.map((k) => (k.retiredAt ? k : { ...k, retiredAt: now.toISOString() }))],
});

/** Drops retired keys whose tokens have all expired at `now`. */
export const pruneKeySet = (
  set: SigningKeySet,
  now: Date,
  retentionSeconds: number = SIGNED_TOKEN_MAX_LIFETIME_SECONDS,
): SigningKeySet => ({
  keys: set.keys.filter((k) => !k.retiredAt || Date.parse(k.retiredAt) + retentionSeconds * 1000 > now.getTime()),
});

/** The current key first, then retired ones still needed; current keys keep their relative order. */
const ordered = (set: SigningKeySet) => [
  ...set.keys.filter((k) => k.retiredAt === undefined),
  ...set.keys.filter((k) => k.retiredAt !== undefined),
];

const PUBLIC_MEMBERS = ['kty', 'kid', 'alg', 'use', 'crv', 'x', 'y', 'n', 'e'] as const;
const PRIVATE_MEMBERS = [...PUBLIC_MEMBERS, 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;

const pick = (key: StoredSigningKey, members: readonly string[]): JWK =>
  Object.fromEntries(members.filter((m) => key[m] !== undefined).map((m) => [m, key[m]])) as JWK;

/** The private JWKS for the provider (`jwks` configuration): current key first, bookkeeping members removed. */
export const providerJwks = (set: SigningKeySet): { keys: JWK[] } => ({
  keys: ordered(set).map((k) => pick(k, PRIVATE_MEMBERS)),
});

/** The public JWKS: what relying parties and the API's token authorizer verify with. Never a private member. */
export const toPublicJwks = (set: SigningKeySet): { keys: JWK[] } => ({
  keys: ordered(set).map((k) => pick(k, PUBLIC_MEMBERS)),
});

/**
 * Keys for signing the provider's cookies, derived from the signing keys so every execution environment agrees
 * without a further secret, and rotated with them (the current key signs, older ones still verify).
 */
export const cookieKeys = (set: SigningKeySet): string[] =>
  ordered(set).map((k) =>
    Buffer.from(hkdfSync('sha256', Buffer.from(String(k.d), 'base64url'), k.kid, 'p06 e-ID cookie keys', 32)).toString(
      'base64url',
    ),
  );

/** Reads the key set from a JSON file (the local cloud's; see infra/local/signing-keys.ts). */
export class FileSigningKeyStore implements SigningKeyStore {
  constructor(private readonly path: string) {}

  async load(): Promise<SigningKeySet> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new Error(
        `Cannot read the signing keys at ${this.path} (${(error as Error).message}); the local cloud creates them ` +
          'with ensureLocalSigningKeys (infra/local/signing-keys.ts).',
      );
    }
    return parseSigningKeySet(JSON.parse(text), this.path);
  }
}

/**
 * The key store the environment names:
 * - `SIGNING_KEYS_FILE`: a JSON key file (local cloud, tests);
 * - `SIGNING_KEYS_SECRET_ARN`: a Secrets Manager secret holding the same JSON, encrypted with a KMS key. Its adapter
 *   needs `@aws-sdk/client-secrets-manager`, which is not a dependency yet (see docs in the module header).
 */
export const keyStoreFromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): SigningKeyStore => {
  if (env.SIGNING_KEYS_FILE) return new FileSigningKeyStore(env.SIGNING_KEYS_FILE);
  if (env.SIGNING_KEYS_SECRET_ARN) {
    throw new Error(
      'SIGNING_KEYS_SECRET_ARN is set but the Secrets Manager key store is not available: add ' +
        '@aws-sdk/client-secrets-manager and a SecretsManagerSigningKeyStore implementing SigningKeyStore ' +
        '(GetSecretValue, SecretString = the same JSON as the local key file).',
    );
  }
  throw new Error(
    'Set SIGNING_KEYS_FILE (local) or SIGNING_KEYS_SECRET_ARN (AWS) so the e-ID provider has signing keys.',
  );
};

/**
 * The public JWKS of the provider, for verifying access tokens without an HTTP call:
 * `jwtVerify(token, createLocalJWKSet(await publicJwks()), { issuer, audience: API_RESOURCE })`.
 */
export const publicJwks = async (
  store: SigningKeyStore = keyStoreFromEnv(),
  now: Date = new Date(),
): Promise<{ keys: JWK[] }> => toPublicJwks(pruneKeySet(await store.load(), now));
