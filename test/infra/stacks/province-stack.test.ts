import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProvinceStack } from '../../../infra/stacks/province-stack.ts';
import {
  DEFAULT_PROVINCE_QUEUE_SETTINGS,
  findFunction,
  INTAKE_CONSUMER_FUNCTION_ID,
  provinceQueue,
  stateMachineName,
  WORKFLOWS,
} from '../../../infra/topology.ts';
import { nagFindings, synthPlatform, testApp } from '../synth.ts';

const settings = DEFAULT_PROVINCE_QUEUE_SETTINGS;

describe('ProvinceStack', () => {
  let stack: ProvinceStack;
  let template: Template;
  beforeAll(() => {
    const province = synthPlatform({ provinces: '01,79' }, { bundle: false }).provinceStacks.get('79');
    if (!province) throw new Error('no stack for province 79');
    stack = province;
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

  describe('intake consumer', () => {
    const consumer = findFunction(INTAKE_CONSUMER_FUNCTION_ID);
    const consumerLogicalId = (): string => {
      const [id, ...others] = Object.keys(template.findResources('AWS::Lambda::Function'));
      if (!id || others.length > 0) throw new Error('expected exactly one function in the province stack');
      return id;
    };
    const statements = (): { Sid?: string; Effect?: string; Action: string | string[]; Resource: unknown }[] =>
      Object.values(
        template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${consumer.id}ServiceRole`) }] },
        }),
      ).flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } })
            .Properties.PolicyDocument.Statement,
      );

    it('is the topology consumer of the province queue, and the only function of the stack', () => {
      expect(provinceQueue('79').consumerFunctionId).toBe(consumer.id);
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: consumer.description,
        Runtime: 'nodejs24.x',
        Timeout: consumer.timeoutSeconds,
        LoggingConfig: Match.objectLike({ LogGroup: { Ref: Match.stringLikeRegexp(`^${consumer.id}LogGroup`) } }),
      });
    });

    it('runs shorter than the queue hides a message, so no other poller receives it mid-flight', () => {
      expect(consumer.timeoutSeconds ?? 10).toBeLessThanOrEqual(settings.visibilityTimeoutSeconds);
    });

    it('polls the intake queue with partial batch failures and a concurrency cap', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: consumerLogicalId() },
        EventSourceArn: { 'Fn::GetAtt': [queueLogicalId('p06-intake-79'), 'Arn'] },
        BatchSize: settings.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: settings.consumerMaxConcurrency },
      });
    });

    it('may start executions of the procedure groups by name, and nothing else in Step Functions', () => {
      const states = statements().filter((s) => [s.Action].flat().some((a) => a.startsWith('states:')));
      expect(states).toEqual([
        {
          Sid: 'StartProcedureGroupExecutions',
          Effect: 'Allow',
          Action: 'states:StartExecution',
          Resource: WORKFLOWS.map((w) => ({
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':states:ap-southeast-1:',
                { Ref: 'AWS::AccountId' },
                `:stateMachine:${stateMachineName(w.id)}`,
              ],
            ],
          })),
        },
      ]);
      expect(WORKFLOWS.map((w) => stateMachineName(w.id))).toEqual(['p06-BirthGroup', 'p06-DeathGroup']);
    });

    it('receives the state machine ARN prefix, the tables it opens service steps with, and its own auto-approval only', () => {
      const variables = (
        template.toJSON().Resources[consumerLogicalId()] as {
          Properties: { Environment: { Variables: Record<string, unknown> } };
        }
      ).Properties.Environment.Variables;
      expect(Object.keys(variables).sort()).toEqual([
        'AUTO_APPROVAL',
        'DOSSIERS_TABLE',
        'IDENTITY_TABLE',
        'NODE_OPTIONS',
        'POPULATION_TABLE',
        'POWERTOOLS_SERVICE_NAME',
        'STATE_MACHINE_ARN_PREFIX',
      ]);
      expect(variables.DOSSIERS_TABLE).toBe('p06-Dossiers');
      // A single-agency service's step is opened here (docs/services.md): this province's entry, no other's.
      expect(Object.keys(JSON.parse(String(variables.AUTO_APPROVAL)))).toEqual(['79']);
      expect(variables.STATE_MACHINE_ARN_PREFIX).toEqual({
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':states:ap-southeast-1:', { Ref: 'AWS::AccountId' }, ':stateMachine:'],
        ],
      });
    });

    it('reads and writes the tables by name, Identity only under its outbox and account keys, never the access log', () => {
      const dynamodb = statements().filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
      const text = JSON.stringify(dynamodb);
      expect(text).toContain('table/p06-Dossiers');
      expect(text).toContain('table/p06-Population');
      expect(text).not.toMatch(/table\/p06-AccessLog/);
      // The population registry's items are never deleted: the consumer is denied it over its table grant.
      const denied = dynamodb.filter((s) => s.Effect === 'Deny');
      expect(denied.map((s) => [s.Action].flat().sort())).toEqual([['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']]);
      expect(JSON.stringify(denied[0]?.Resource)).toContain('table/p06-Population');
      const identity = dynamodb.filter((s) => JSON.stringify(s.Resource).includes('table/p06-Identity'));
      expect(identity.length).toBeGreaterThan(0);
      for (const statement of identity) {
        expect(JSON.stringify(statement)).toContain('dynamodb:LeadingKeys');
      }
      expect(dynamodb.flatMap((s) => [s.Action].flat())).toContain('dynamodb:UpdateItem');
      expect(template.toJSON().Parameters).toHaveProperty(
        'SsmParameterValuep06nationaldatakeyarnC96584B6F00A464EAD1953AFF4B05118Parameter',
        expect.objectContaining({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/p06/national-data/key-arn' }),
      );
      expect(JSON.stringify(template.toJSON())).not.toContain('Fn::ImportValue');
    });

    it('writes its logs to a log group encrypted with the province key', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProvinceKey'), 'Arn'] },
      });
    });

    it('adds the consumer to the dashboard', () => {
      expect(JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'))).toContain('Consumer errors');
    });

    it('passes cdk-nag with its acknowledgements', () => {
      expect(nagFindings(stack)).toEqual([]);
    });

    it('refuses a consumer that may outlive the visibility timeout of its queue', () => {
      expect(
        () =>
          new ProvinceStack(testApp({}, { bundle: false }), 'Province', {
            queue: provinceQueue('01', { visibilityTimeoutSeconds: 20 }),
          }),
      ).toThrow(/may run 30 s but p06-intake-01 hides a message for only 20 s/);
    });

    it('refuses a consumer that needs configuration only the national stack has', () => {
      expect(
        () =>
          new ProvinceStack(testApp({}, { bundle: false }), 'Province', {
            queue: { ...provinceQueue('01'), consumerFunctionId: 'SubmitDossier' },
          }),
      ).toThrow(/needs national configuration/);
    });
  });
});
