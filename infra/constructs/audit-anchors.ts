/**
 * Where the audit trail is anchored outside the database (docs/audit-anchoring.md): an S3 bucket with Object
 * Lock in compliance mode (every object version is kept for the retention period; no one, the account's root user
 * included, can delete it or shorten its lock), and a KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) that signs
 * each anchor and never leaves KMS. The bucket is encrypted with its own customer-managed key, SSL-only, private,
 * and logs its requests to a separate access-log bucket. Everything is retained when the stack goes.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { nagResource } from './nag-finding.ts';
import type { PlatformFunction } from './platform-function.ts';
import { PlatformKey } from './platform-key.ts';

export interface AuditAnchorsProps {
  /**
   * How long each anchor is locked (compliance mode). Longer than any access-log retention, since an anchor is
   * what proves the log was not rewritten.
   * @default 10 years (3,653 days)
   */
  readonly retentionDays?: number;
  /**
   * Days the bucket's server access logs are kept.
   * @default 400
   */
  readonly accessLogDays?: number;
}

/** The S3 prefixes anchors are written under (shared/audit-anchor/anchor-format.ts). */
const ANCHOR_PREFIXES = ['anchors/', 'public-keys/'] as const;

export class AuditAnchors extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly accessLogBucket: s3.Bucket;
  /** Encrypts the anchors at rest. */
  public readonly bucketKey: PlatformKey;
  /** Signs the anchors (ECDSA P-256, SHA-256). */
  public readonly signingKey: kms.Key;

  constructor(scope: Construct, id: string, props: AuditAnchorsProps = {}) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 3653;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(`The anchors' retention must be a whole number of days (at least 1); got ${retentionDays}`);
    }
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Server access logs are delivered with an ACL grant (unless the bucket-policy feature flag is set).
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogDays ?? 400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket of the anchor bucket; logging it into itself would loop.',
    });
    this.bucketKey = new PlatformKey(this, 'BucketKey', { description: 'Encrypts the audit-trail anchors at rest' });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.bucketKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'anchors/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.signingKey = new kms.Key(this, 'SigningKey', {
      description: 'Signs the daily anchors of the access-log hash chains (ECDSA P-256, SHA-256)',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * `read`: get and list anchors (and decrypt them). `write`: also put new anchors under the anchor prefixes
   * (Object Lock keeps every version; the writer cannot delete), and sign with the anchor key.
   */
  grantTo(fn: PlatformFunction, access: 'read' | 'write'): void {
    const objects = ANCHOR_PREFIXES.map((prefix) => this.bucket.arnForObjects(`${prefix}*`));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: objects }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ANCHOR_PREFIXES.map((prefix) => `${prefix}*`) } },
      }),
    );
    this.bucketKey.grant(fn, 'kms:Decrypt');
    fn.addEnvironment('AUDIT_ANCHOR_BUCKET', this.bucket.bucketName);
    if (access === 'write') {
      // Put only: no delete, no retention change (compliance mode would refuse them anyway).
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: objects }));
      this.bucketKey.grant(fn, 'kms:GenerateDataKey');
      this.signingKey.grant(fn, 'kms:Sign', 'kms:GetPublicKey');
      fn.addEnvironment('AUDIT_ANCHOR_KEY_ID', this.signingKey.keyArn);
    }
    Validations.of(fn.serviceRole).acknowledge(
      ...ANCHOR_PREFIXES.map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::${nagResource(this, this.bucket.bucketArn)}/${prefix}*]`,
        reason: `Anchors are objects named per anchor and day under ${prefix} of the one anchor bucket: ${access === 'write' ? 'get and put (never delete; Object Lock keeps every version)' : 'get only'}.`,
      })),
    );
  }
}
