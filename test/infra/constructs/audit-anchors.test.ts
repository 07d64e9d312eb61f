/**
 * The audit-trail anchors in AWS: an Object Lock (compliance) bucket, encrypted, private, SSL-only and logged; a
 * KMS P-256 signing key; and grants exactly as the topology's `auditAnchors` says. No cdk-nag finding.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec, SCHEDULES } from '../../../infra/topology.ts';
import { nagFindings, synthPlatform } from '../synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let template: Template;
let findings: ReturnType<typeof nagFindings>;
beforeAll(() => {
  const platform = synthPlatform({}, { bundle: false });
  template = Template.fromStack(platform.national.services);
  findings = nagFindings(platform.national.services.auditAnchors);
});

const statementsOf = (functionId: string): Statement[] =>
  Object.values(
    template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${functionId}ServiceRole[0-9A-F]{8}$`) }] },
    }),
  ).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
const actionsOf = (functionId: string) => statementsOf(functionId).flatMap((s) => [s.Action].flat());

describe('audit anchors', () => {
  it('keep every anchor under compliance-mode Object Lock for 10 years, encrypted with their own key', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3653 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
            BucketKeyEnabled: true,
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'anchors/' }),
    });
    const locked = template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } });
    expect(Object.values(locked).map((b) => (b as { DeletionPolicy?: string }).DeletionPolicy)).toEqual(['Retain']);
  });

  it('refuse any request without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('are signed with a retained KMS ECC_NIST_P256 key used for signing only', () => {
    const keys = template.findResources('AWS::KMS::Key', { Properties: { KeySpec: 'ECC_NIST_P256' } });
    expect(Object.values(keys)).toEqual([
      expect.objectContaining({
        DeletionPolicy: 'Retain',
        Properties: expect.objectContaining({ KeyUsage: 'SIGN_VERIFY' }),
      }),
    ]);
  });

  it('let the anchoring function put and sign, the proof route only read, and nobody delete', () => {
    expect(FUNCTIONS.find((f) => f.id === 'AnchorAccessLog')).toMatchObject({ auditAnchors: 'write' });
    expect(SCHEDULES).toContainEqual({ functionId: 'AnchorAccessLog', everyMinutes: 1440 });
    const writer = actionsOf('AnchorAccessLog');
    expect(writer).toEqual(expect.arrayContaining(['s3:PutObject', 'kms:Sign', 'kms:GetPublicKey', 's3:ListBucket']));
    const reader = actionsOf('GetMyAccessLogProof');
    expect(reader).toEqual(expect.arrayContaining(['s3:GetObject', 's3:ListBucket']));
    expect(reader).not.toContain('s3:PutObject');
    expect(reader).not.toContain('kms:Sign');
    for (const fn of FUNCTIONS as readonly FunctionSpec[]) {
      const actions = actionsOf(fn.id);
      expect(
        actions.filter((a) => /^s3:(Delete|PutObjectRetention|PutObjectLegalHold|BypassGovernance)/.test(a)),
      ).toEqual([]);
      if (!fn.auditAnchors) expect(actions.filter((a) => a === 'kms:Sign')).toEqual([]);
    }
    const puts = statementsOf('AnchorAccessLog').filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(puts.map((s) => s.Resource))).toMatch(/anchors\/\*.*public-keys\/\*/);
  });

  it('give the functions the bucket and, to the writer only, the key', () => {
    const env = (id: string) =>
      Object.values(
        template.findResources('AWS::Lambda::Function', {
          Properties: { Description: FUNCTIONS.find((f) => f.id === id)?.description },
        }),
      ).map(
        (f) =>
          (f as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment
            .Variables,
      )[0];
    expect(env('AnchorAccessLog')).toEqual(
      expect.objectContaining({ AUDIT_ANCHOR_BUCKET: expect.anything(), AUDIT_ANCHOR_KEY_ID: expect.anything() }),
    );
    expect(env('GetMyAccessLogProof')).toEqual(expect.objectContaining({ AUDIT_ANCHOR_BUCKET: expect.anything() }));
    expect(env('GetMyAccessLogProof')).not.toHaveProperty('AUDIT_ANCHOR_KEY_ID');
  });

  it('have no cdk-nag finding', () => {
    expect(findings).toEqual([]);
  });
});
