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

/**
 * Built once per setting: in Lambda the settings never change; a process that hosts one local cloud after another
 * (the integration tests) gets each cloud's folder and key rather than the first one's.
 */
let store: { readonly setting: string; readonly value: AnchorStore } | undefined;
let signer: { readonly setting: string; readonly value: Promise<AnchorSigner> } | undefined;

export const anchorStore = (): AnchorStore => {
  const bucket = process.env.AUDIT_ANCHOR_BUCKET;
  const setting = bucket ? `bucket ${bucket}` : `dir ${process.env.AUDIT_ANCHOR_DIR ?? ''}`;
  if (store?.setting !== setting) {
    store = {
      setting,
      value: bucket ? new AnchorBucket(new S3Client({}), bucket) : new AnchorFolder(requiredEnv('AUDIT_ANCHOR_DIR')),
    };
  }
  return store.value;
};

export const anchorSigner = (): Promise<AnchorSigner> => {
  const keyId = process.env.AUDIT_ANCHOR_KEY_ID;
  const setting = keyId ? `kms ${keyId}` : `file ${process.env.AUDIT_ANCHOR_KEY_FILE ?? ''}`;
  if (signer?.setting !== setting) {
    signer = {
      setting,
      value: keyId
        ? Promise.resolve(new KmsAnchorSigner(new KMSClient({}), keyId))
        : KeyFileSigner.fromFile(requiredEnv('AUDIT_ANCHOR_KEY_FILE')),
    };
  }
  return signer.value;
};
