/**
 * Signing keys of the e-ID provider. The key set is a port: locally a JSON file (env `SIGNING_KEYS_FILE`, written
 * by infra/local/signing-keys.ts); in AWS a Secrets Manager secret encrypted with a KMS key (env
 * `SIGNING_KEYS_SECRET_ARN`, bootstrapped and rotated by operators with `rotateSecretSigningKeys`). The first key
 * not yet retired signs; retired keys stay published in the JWKS until every token they signed has expired
 * (`retiredAt` + the longest JWT lifetime), then they are dropped.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import * as z from '../validation/zod.ts';
import { SIGNED_TOKEN_MAX_LIFETIME_SECONDS } from './oidc/token-policy.ts';

export const SIGNING_ALGORITHMS = ['ES256', 'RS256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const StoredSigningKeySchema = z.looseObject({
  kty: z.enum(['EC', 'RSA']),
  kid: z.string().check(z.minLength(1)),
  alg: z.enum(SIGNING_ALGORITHMS),
  use: z.literal('sig'),
  /** The private part (`d`) must be there: this is the provider's own key. */
  d: z.string().check(z.minLength(1)),
  createdAt: z.iso.datetime(),
  retiredAt: z.optional(z.iso.datetime()),
});
export type StoredSigningKey = z.infer<typeof StoredSigningKeySchema> & JWK;

export const SigningKeySetSchema = z.object({
  keys: z.array(StoredSigningKeySchema).check(z.minLength(1, 'A signing key set needs at least one key.')),
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

let secretsManager: SecretsManagerClient | undefined;
/** One Secrets Manager client per execution environment (endpoint from `AWS_ENDPOINT_URL_SECRETS_MANAGER`). */
const secretsManagerClient = (): SecretsManagerClient => {
  secretsManager ??= new SecretsManagerClient({});
  return secretsManager;
};

/** Where operators find the bootstrap and rotation procedure. */
export const SIGNING_KEYS_PROCEDURE = 'docs/infrastructure.md, "e-ID signing keys in AWS"';

/** A key set read from a secret, with the version it came from (the base of the next rotation). */
export interface SecretKeySetVersion {
  readonly set: SigningKeySet;
  readonly versionId: string;
}

/**
 * Reads the key set from a Secrets Manager secret (AWS): `SecretString` is the same JSON as the local key file,
 * the secret is encrypted with a customer-managed KMS key. Read-only: the e-ID provider never writes its keys; the
 * first key set and every rotation come from `rotateSecretSigningKeys`, run by an operator.
 */
export class SecretsManagerSigningKeyStore implements SigningKeyStore {
  readonly secretId: string;
  readonly client: SecretsManagerClient;

  constructor(secretId: string, client: SecretsManagerClient = secretsManagerClient()) {
    this.secretId = secretId;
    this.client = client;
  }

  async load(): Promise<SigningKeySet> {
    const current = await this.loadVersion();
    if (!current) {
      throw new Error(
        `The signing-key secret ${this.secretId} has no value yet: bootstrap it with rotateSecretSigningKeys ` +
          `(see ${SIGNING_KEYS_PROCEDURE}).`,
      );
    }
    return current.set;
  }

  /** The current key set and its version, or `undefined` when the secret has no value yet (first deploy). */
  async loadVersion(): Promise<SecretKeySetVersion | undefined> {
    let output: { SecretString?: string; VersionId?: string };
    try {
      output = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    } catch (error) {
      // Also what Secrets Manager answers for a secret created without a value: no AWSCURRENT version.
      if (error instanceof ResourceNotFoundException) return undefined;
      throw new Error(`Cannot read the signing-key secret ${this.secretId}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const source = `secret ${this.secretId}`;
    if (output.SecretString === undefined) {
      throw new Error(`The signing key set in ${source} is not valid: it has no SecretString (binary secret?).`);
    }
    let value: unknown;
    try {
      value = JSON.parse(output.SecretString);
    } catch {
      // Never echo the secret's text: it holds private keys.
      throw new Error(`The signing key set in ${source} is not valid: its SecretString is not JSON.`);
    }
    return { set: parseSigningKeySet(value, source), versionId: output.VersionId ?? '' };
  }
}

/** Options of an operator's rotation of the AWS signing keys. */
export interface SecretRotationOptions {
  /** Algorithm of the new key. @default the current key's, or ES256 on bootstrap */
  readonly alg?: SigningAlgorithm;
  readonly now?: Date;
  /** How long a retired key stays published. @default SIGNED_TOKEN_MAX_LIFETIME_SECONDS */
  readonly retentionSeconds?: number;
  readonly client?: SecretsManagerClient;
}

/**
 * The idempotency token of the version written after `previous` (or of the first one): two rotations that start
 * from the same version share it, so Secrets Manager accepts only one of them (`ResourceExistsException` for the
 * other, as their values differ) instead of the second silently discarding the first one's key.
 */
export const rotationRequestToken = (secretId: string, previousVersionId: string | undefined): string =>
  createHash('sha256')
    .update(`p06 signing keys\0${secretId}\0${previousVersionId ?? 'bootstrap'}`)
    .digest('hex');

/**
 * The operators' key procedure in AWS. On an empty secret (first deploy) it writes a first key set (bootstrap);
 * otherwise it adds a new current key, retires the previous one (still published until its tokens have expired)
 * and drops keys retired longer ago than the retention. Providers pick the new set up within
 * `SIGNING_KEYS_CACHE_SECONDS`. Needs `secretsmanager:GetSecretValue` and `PutSecretValue` on the secret and
 * `kms:Decrypt` and `kms:GenerateDataKey` on its key.
 */
export const rotateSecretSigningKeys = async (
  secretId: string,
  options: SecretRotationOptions = {},
): Promise<SigningKeySet> => {
  const now = options.now ?? new Date();
  const store = new SecretsManagerSigningKeyStore(secretId, options.client ?? secretsManagerClient());
  const existing = await store.loadVersion();
  const current = existing?.set.keys.find((k) => k.retiredAt === undefined);
  const key = await generateSigningKey(options.alg ?? current?.alg ?? 'ES256', now);
  const next: SigningKeySet = existing
    ? pruneKeySet(rotateKeySet(existing.set, key, now), now, options.retentionSeconds)
    : { keys: [key] };
  try {
    await store.client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        SecretString: JSON.stringify(next),
        ClientRequestToken: rotationRequestToken(secretId, existing?.versionId),
      }),
    );
  } catch (error) {
    if (error instanceof ResourceExistsException) {
      throw new Error(
        `Another rotation of ${secretId} wrote a new version from the same starting point; this one wrote nothing. ` +
          'Read the secret again before deciding whether a further rotation is needed.',
        { cause: error },
      );
    }
    throw error;
  }
  return next;
};

/**
 * The key store the environment names:
 * - `SIGNING_KEYS_FILE`: a JSON key file (local cloud, tests);
 * - `SIGNING_KEYS_SECRET_ARN`: a Secrets Manager secret holding the same JSON, encrypted with a KMS key (AWS).
 */
export const keyStoreFromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): SigningKeyStore => {
  if (env.SIGNING_KEYS_FILE) return new FileSigningKeyStore(env.SIGNING_KEYS_FILE);
  if (env.SIGNING_KEYS_SECRET_ARN) return new SecretsManagerSigningKeyStore(env.SIGNING_KEYS_SECRET_ARN);
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
