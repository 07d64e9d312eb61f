import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGED_WILDCARDS, acknowledgementOf, wildcardGrants } from '../../infra/iam-wildcards.ts';
import { synthPlatform } from './synth.ts';

const describeGrant = (g: { stack: string; policy: string; actions: readonly string[]; resource: string }) =>
  `${g.stack} ${g.policy}: ${g.actions.join(', ')} on ${g.resource}`;

describe('wildcard resources in IAM policies', () => {
  it('appear in no stack of the platform (national, provinces, pipeline) unless acknowledged with a reason', () => {
    const { app } = synthPlatform({ pipeline: 'true' }, { bundle: false });
    const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    const grants = stacks.flatMap((stack) => wildcardGrants(stack, Template.fromStack(stack).toJSON()));
    expect(grants.length).toBeGreaterThan(0);
    expect(grants.filter((g) => !acknowledgementOf(g)).map(describeGrant)).toEqual([]);
  });

  it('are refused when a statement grants an unlisted action on "*"', () => {
    const stack = new Stack(new App(), 'Probe');
    const role = new iam.Role(stack, 'Probe', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: ['*'] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 's3:GetObject'], resources: ['*'] }));
    const grants = wildcardGrants(stack, Template.fromStack(stack).toJSON());
    expect(grants.map((g) => g.actions.join(','))).toEqual(['dynamodb:GetItem', 'xray:PutTraceSegments,s3:GetObject']);
    expect(grants.map((g) => acknowledgementOf(g))).toEqual([undefined, undefined]);
  });

  it('are refused when the condition that justifies an entry is missing', () => {
    const stack = new Stack(new App(), 'Probe');
    const role = new iam.Role(stack, 'Probe', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' })],
      }),
    );
    const [grant] = wildcardGrants(stack, Template.fromStack(stack).toJSON());
    expect(grant?.resource).toMatch(/:key\/\*$/);
    expect(grant && acknowledgementOf(grant)).toBeUndefined();
  });

  it('gives every acknowledgement a reason', () => {
    for (const entry of ACKNOWLEDGED_WILDCARDS) expect(entry.reason.length).toBeGreaterThan(30);
  });
});
