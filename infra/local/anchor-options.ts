/**
 * Where `npm run audit:anchor` and `npm run audit:verify` find anchors and the anchor key: by default the local
 * cloud's append-only folder (`.data/anchors`) and key file (`.data/keys/anchor-signing-key.pem`); with
 * `--bucket` and `--kms-key-id`, the Object Lock bucket and the KMS key of a deployment (default AWS credentials).
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { AnchorFolder } from '../../shared/adapters/files/anchor-folder.ts';
import { KeyFileSigner } from '../../shared/adapters/files/key-file-signer.ts';
import { KmsAnchorSigner } from '../../shared/adapters/kms/anchor-signer.ts';
import { AnchorBucket } from '../../shared/adapters/s3/anchor-bucket.ts';
import type { AnchorSigner, AnchorStore } from '../../shared/audit-anchor/ports.ts';
import { REPO_ROOT } from './lambda-runtime.ts';

export const DEFAULT_ANCHORS_DIR = resolve(REPO_ROOT, '.data', 'anchors');
export const DEFAULT_ANCHOR_KEY_FILE = resolve(REPO_ROOT, '.data', 'keys', 'anchor-signing-key.pem');

/** parseArgs options shared by both commands. */
export const ANCHOR_OPTIONS = {
  anchors: { type: 'string', default: DEFAULT_ANCHORS_DIR },
  'anchor-key-file': { type: 'string', default: DEFAULT_ANCHOR_KEY_FILE },
  bucket: { type: 'string' },
  'kms-key-id': { type: 'string' },
} as const;

export const ANCHOR_USAGE = `  --anchors          append-only anchor folder (default .data/anchors, the one "npm start" uses)
  --anchor-key-file  local anchor key, PKCS#8 PEM (default .data/keys/anchor-signing-key.pem)
  --bucket           the deployment's Object Lock anchor bucket instead of the folder
  --kms-key-id       the deployment's KMS anchor key (ARN) instead of the key file`;

export interface AnchorArgs {
  readonly anchors: string;
  readonly 'anchor-key-file': string;
  readonly bucket?: string | undefined;
  readonly 'kms-key-id'?: string | undefined;
}

export const anchorStoreOf = (args: AnchorArgs): AnchorStore =>
  args.bucket ? new AnchorBucket(new S3Client({}), args.bucket) : new AnchorFolder(args.anchors);

export const anchorSignerOf = async (args: AnchorArgs): Promise<AnchorSigner> =>
  args['kms-key-id']
    ? new KmsAnchorSigner(new KMSClient({}), args['kms-key-id'])
    : KeyFileSigner.fromFile(args['anchor-key-file']);

/**
 * The public key anchors must be signed with, from the KMS key or the local key file (a public-key PEM works
 * too); undefined when neither exists.
 */
export const trustedAnchorKey = async (args: AnchorArgs): Promise<string | undefined> => {
  if (args['kms-key-id']) return (await anchorSignerOf(args)).publicKeyPem();
  if (!existsSync(args['anchor-key-file'])) return undefined;
  return createPublicKey(readFileSync(args['anchor-key-file'], 'utf8')).export({
    type: 'spki',
    format: 'pem',
  }) as string;
};
