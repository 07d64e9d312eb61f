import { type Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { buildPlatform } from '../../infra/stacks/platform-app.ts';
import { PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { nagFindings, synthPlatform, testApp } from './synth.ts';

const stackNames = (context: Record<string, string>): string[] =>
  buildPlatform(testApp(context, { bundle: false }))
    .app.node.children.filter((child): child is Stack => 'stackName' in child && !Stage.isStage(child))
    .map((stack) => stack.stackName)
    .sort();

describe('the platform app', () => {
  it('deploys the national stacks and the pilot provinces by default', () => {
    expect(stackNames({})).toEqual([
      'P06-Feed',
      'P06-NationalData',
      'P06-NationalServices',
      'P06-Portal',
      'P06-PortalEdge',
      'P06-Province-01',
      'P06-Province-37',
    ]);
  });

  it('creates exactly the province stacks the context names', () => {
    expect(stackNames({ provinces: '01,79' })).toEqual([
      'P06-Feed',
      'P06-NationalData',
      'P06-NationalServices',
      'P06-Portal',
      'P06-PortalEdge',
      'P06-Province-01',
      'P06-Province-79',
    ]);
  });

  it('creates one stack per unit for provinces=all', () => {
    expect(stackNames({ provinces: 'all' }).filter((name) => name.startsWith('P06-Province-'))).toHaveLength(
      PROVINCE_CODES.length,
    );
  });

  it('refuses an unknown province code, naming it', () => {
    expect(() => stackNames({ provinces: '01,99' })).toThrow(/Unknown province code\(s\): 99\. Use the 2-digit codes/);
  });

  it('deploys the services stack after the data stack, and provinces independently of both', () => {
    const { national, provinceStacks } = buildPlatform(testApp({}, { bundle: false }));
    expect(national.services.dependencies).toEqual([national.data]);
    expect(national.feed.dependencies).toEqual([national.data]);
    for (const stack of provinceStacks.values()) expect(stack.dependencies).toEqual([]);
  });

  it('deploys to ap-southeast-1 unless the context names an account and a region', () => {
    const defaults = buildPlatform(testApp({}, { bundle: false }));
    expect(defaults.national.data.region).toBe('ap-southeast-1');
    const explicit = buildPlatform(testApp({ account: '123456789012', region: 'ap-southeast-7' }, { bundle: false }));
    expect([explicit.national.data.account, explicit.national.data.region]).toEqual(['123456789012', 'ap-southeast-7']);
  });

  it('tags every resource with the project, and province resources with their province', () => {
    const { provinceStacks, national } = synthPlatform({ provinces: '79' }, { bundle: false });
    const province = Template.fromStack(provinceStacks.get('79') as Stack);
    province.hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([
        { Key: 'Project', Value: 'p06' },
        { Key: 'Province', Value: '79' },
      ]),
    });
    Template.fromStack(national.services).hasResourceProperties('AWS::Lambda::Function', {
      Tags: [{ Key: 'Project', Value: 'p06' }],
    });
  });

  describe('cdk-nag', () => {
    const platform = synthPlatform({ pipeline: 'true', provinces: '01,37,79' });
    const stacks: Stack[] = [
      platform.national.data,
      platform.national.services,
      ...platform.provinceStacks.values(),
      ...(platform.pipeline ? [platform.pipeline] : []),
      ...(platform.portal ? [platform.portal.edge, platform.portal.portal] : []),
    ];

    it.each(stacks.map((stack) => [stack.stackName, stack] as const))(
      'finds nothing unacknowledged in %s (AwsSolutions and Serverless packs)',
      (_name, stack) => {
        expect(nagFindings(stack)).toEqual([]);
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
        expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      },
    );

    it('fails the synthesis on an unacknowledged finding', () => {
      const { app, provinceStacks } = buildPlatform(testApp({}, { bundle: false }));
      new sqs.Queue(provinceStacks.get('01') as Stack, 'QueueWithoutDlqOrTls');
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS3|AwsSolutions-SQS4/);
    });
  });
});
