/**
 * cdk.json sets every feature flag that `cdk init` would set for the aws-cdk-lib in use, and each flag that changes
 * a resource of our stacks is checked here against a synth of the same app without the flags.
 */
import { createRequire } from 'node:module';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlatform, type PlatformApp } from '../../infra/stacks/platform-app.ts';
import { CDK_JSON_CONTEXT, synthPlatform, templateOf, testApp } from './synth.ts';

const RECOMMENDED: Record<string, unknown> = createRequire(import.meta.url)(
  'aws-cdk-lib/recommended-feature-flags.json',
);

/**
 * Recommended flags left off for now, with why: each changes statements or ARNs that the stack tests
 * (test/infra/stacks/national-services-stack.test.ts) assert exactly; turning one on means updating those tests.
 */
const DEFERRED: Readonly<Record<string, string>> = {
  '@aws-cdk/core:enablePartitionLiterals':
    'ARNs become arn:aws:… literals (13 stack-test assertions use AWS::Partition)',
  '@aws-cdk/aws-iam:minimizePolicies': 'merges statements, dropping the Sids the least-privilege tests look for',
  '@aws-cdk/aws-apigateway:logGroupDestinationArnWithoutWildcard':
    'changes the access-log destination the stage test asserts',
};

let on: PlatformApp;
let off: PlatformApp;
beforeAll(() => {
  on = synthPlatform({}, { bundle: false });
  off = buildPlatform(testApp({}, { bundle: false, featureFlags: false }));
  off.app.synth();
});

const both = (pick: (p: PlatformApp) => Parameters<typeof templateOf>[0]): [Template, Template] => [
  templateOf(pick(on)),
  templateOf(pick(off)),
];
const resourcesOf = (template: Template, type: string) => Object.values(template.findResources(type));
const json = (value: unknown): string => JSON.stringify(value) ?? '';

describe('cdk.json', () => {
  it('sets every recommended feature flag of this aws-cdk-lib to its recommended value, except the deferred ones', () => {
    for (const [flag, value] of Object.entries(RECOMMENDED)) {
      expect(CDK_JSON_CONTEXT[flag], flag).toEqual(flag in DEFERRED ? false : value);
    }
    for (const flag of Object.keys(DEFERRED)) expect(RECOMMENDED[flag], flag).toBe(true);
  });
});

describe('flags that change our resources', () => {
  it('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy: S3 writes access logs under a bucket policy, not an ACL', () => {
    if (!on.portal || !off.portal) throw new Error('the portal stacks need the portal build fixture');
    const [withFlags, without] = both((p) => p.portal?.portal ?? p.national.data);
    const logBucket = (t: Template) =>
      resourcesOf(t, 'AWS::S3::Bucket').find((b) => json(b.Metadata).includes('/AccessLogs/'));
    const policies = (t: Template) => json(resourcesOf(t, 'AWS::S3::BucketPolicy'));

    expect(logBucket(withFlags)?.Properties.AccessControl).toBeUndefined();
    expect(logBucket(without)?.Properties.AccessControl).toBe('LogDeliveryWrite');
    expect(policies(withFlags)).toContain('logging.s3.amazonaws.com');
    expect(policies(without)).not.toContain('logging.s3.amazonaws.com');
  });

  it('@aws-cdk/aws-lambda:useCdkManagedLogGroup: the portal upload function gets a log group CDK manages', () => {
    const [withFlags, without] = both((p) => p.portal?.portal ?? p.national.data);
    const deploymentLogGroups = (t: Template) =>
      Object.keys(t.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('CustomCDKBucketDeployment'));

    expect(deploymentLogGroups(withFlags)).toHaveLength(1);
    expect(deploymentLogGroups(without)).toHaveLength(0);
  });
});
