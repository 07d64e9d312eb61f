import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProvinceStack } from '../../../infra/stacks/province-stack.ts';
import { DEFAULT_PROVINCE_QUEUE_SETTINGS, provinceQueue } from '../../../infra/topology.ts';
import { nagFindings, synthPlatform, testApp } from '../synth.ts';

const settings = DEFAULT_PROVINCE_QUEUE_SETTINGS;

describe('ProvinceStack', () => {
  let template: Template;
  beforeAll(() => {
    const stack = synthPlatform({ provinces: '01,79' }, { bundle: false }).provinceStacks.get('79');
    if (!stack) throw new Error('no stack for province 79');
    template = Template.fromStack(stack);
  });

  const queueLogicalId = (name: string): string => {
    const [id] = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { QueueName: name } }));
    if (!id) throw new Error(`no queue ${name}`);
    return id;
  };

  it('creates the intake queue with its settings and a redrive to the DLQ', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'p06-intake-79',
      MessageRetentionPeriod: settings.retentionDays * 24 * 3600,
      VisibilityTimeout: settings.visibilityTimeoutSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [queueLogicalId('p06-intake-79-dlq'), 'Arn'] },
        maxReceiveCount: settings.maxReceiveCount,
      },
    });
  });

  it('encrypts both queues with the province key, which rotates', () => {
    template.resourcePropertiesCountIs(
      'AWS::SQS::Queue',
      { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProvinceKey'), 'Arn'] } },
      2,
    );
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/p06-province-79' });
  });

  it.each(['p06-intake-79', 'p06-intake-79-dlq'])('refuses requests to %s that do not use TLS', (name) => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueLogicalId(name) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms when a message reaches the DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId('p06-intake-79-dlq'), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
    });
  });

  it('alarms when the oldest intake message is older than the province allows', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueLogicalId('p06-intake-79'), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: settings.maxMessageAgeSeconds,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
    });
  });

  it('sends alarms to an encrypted, TLS-only topic that CloudWatch may publish to', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProvinceKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]),
      },
    });
  });

  it('draws a dashboard of queue depth, message age and DLQ depth', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'p06-province-79' });
    const dashboard = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage']) {
      expect(dashboard).toContain(metric);
    }
    expect(dashboard).toContain('Thành phố Hồ Chí Minh (79)');
  });

  it('has no consumer while the topology declares none', () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  describe('with a consumer', () => {
    let stack: ProvinceStack;
    let consumerTemplate: Template;
    beforeAll(() => {
      stack = new ProvinceStack(testApp({}, { bundle: false }), 'Province', {
        env: { region: 'ap-southeast-1' },
        queue: { ...provinceQueue('01'), consumerFunctionId: 'GetPopulationStatistics' },
      });
      consumerTemplate = Template.fromStack(stack);
    });

    it('polls the intake queue with partial batch failures and a concurrency cap', () => {
      consumerTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IntakeQueue'), 'Arn'] },
        BatchSize: settings.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: settings.consumerMaxConcurrency },
      });
    });

    it('binds the consumer to the national tables by name, with the key ARN read from SSM at deploy time', () => {
      consumerTemplate.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Environment: { Variables: Match.objectLike({ POPULATION_TABLE: 'p06-Population' }) },
      });
      expect(consumerTemplate.toJSON().Parameters).toHaveProperty(
        'SsmParameterValuep06nationaldatakeyarnC96584B6F00A464EAD1953AFF4B05118Parameter',
        expect.objectContaining({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/p06/national-data/key-arn' }),
      );
      expect(JSON.stringify(consumerTemplate.toJSON())).not.toContain('Fn::ImportValue');
    });

    it('adds the consumer to the dashboard', () => {
      expect(JSON.stringify(consumerTemplate.findResources('AWS::CloudWatch::Dashboard'))).toContain('Consumer errors');
    });

    it('passes cdk-nag with its acknowledgements', () => {
      expect(nagFindings(stack)).toEqual([]);
    });

    it('refuses a consumer that may outlive the visibility timeout of its queue', () => {
      expect(
        () =>
          new ProvinceStack(testApp({}, { bundle: false }), 'Province', {
            queue: {
              ...provinceQueue('01', { visibilityTimeoutSeconds: 5 }),
              consumerFunctionId: 'GetPopulationStatistics',
            },
          }),
      ).toThrow(/hides a message for only 5 s/);
    });
  });
});
