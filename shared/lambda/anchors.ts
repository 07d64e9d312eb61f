/**
 * The anchor adapters a handler gets, from its environment: in AWS the Object Lock bucket and the KMS key
 * (`AUDIT_ANCHOR_BUCKET`, `AUDIT_ANCHOR_KEY_ID`, set by CDK), locally the append-only folder and the key file
 * (`AUDIT_ANCHOR_DIR`, `AUDIT_ANCHOR_KEY_FILE`, set by the local cloud).
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { requiredEnv } from '../adapters/aws-clients.ts';
import { AnchorFolder } from '../adapters/files/anchor-folder.ts';
import { KeyFileSigner } from '../adapters/files/key-file-signer.ts';
import { KmsAnchorSigner } from '../adapters/kms/anchor-signer.ts';
import { AnchorBucket } from '../adapters/s3/anchor-bucket.ts';
import type { AnchorSigner, AnchorStore } from '../audit-anchor/ports.ts';

let store: AnchorStore | undefined;
let signer: Promise<AnchorSigner> | undefined;

export const anchorStore = (): AnchorStore => {
  store ??= process.env.AUDIT_ANCHOR_BUCKET
    ? new AnchorBucket(new S3Client({}), process.env.AUDIT_ANCHOR_BUCKET)
    : new AnchorFolder(requiredEnv('AUDIT_ANCHOR_DIR'));
  return store;
};

export const anchorSigner = (): Promise<AnchorSigner> => {
  signer ??= process.env.AUDIT_ANCHOR_KEY_ID
    ? Promise.resolve(new KmsAnchorSigner(new KMSClient({}), process.env.AUDIT_ANCHOR_KEY_ID))
    : KeyFileSigner.fromFile(requiredEnv('AUDIT_ANCHOR_KEY_FILE'));
  return signer;
};
