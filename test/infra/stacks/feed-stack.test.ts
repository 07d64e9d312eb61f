import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED } from '../../../infra/feed-topology.ts';
import type { FeedStack } from '../../../infra/stacks/feed-stack.ts';
import { SUBSCRIBERS } from '../../../shared/feed/subscribers.ts';
import { nagFindings, synthPlatform } from '../synth.ts';

describe('FeedStack', () => {
  let stack: FeedStack;
  let template: Template;
  beforeAll(() => {
    stack = synthPlatform({ provinces: '01' }, { bundle: false }).national.feed;
    template = Template.fromStack(stack);
  });

  const logicalId = (type: string, properties: Record<string, unknown>): string => {
    const [id] = Object.keys(template.findResources(type, { Properties: properties }));
    if (!id) throw new Error(`no ${type} with ${JSON.stringify(properties)}`);
    return id;
  };

  it('reads the Population stream in order, new history items only, resuming from the first failed record', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Publishes') }) },
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: false,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: FEED.streamRetryAttempts,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(FEED.streamFilter) }] },
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [logicalId('AWS::SQS::Queue', { QueueName: FEED.unpublishedQueueName }), 'Arn'],
          },
        },
      },
    });
  });

  it('archives every life event on the bus for replays', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: FEED.archiveName,
      EventPattern: { source: ['vn.gov.npdb.population'] },
      RetentionDays: FEED.archiveRetentionDays,
    });
  });

  const deliveryTarget = (input: string) =>
    Match.objectLike({
      Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliverLifeEvent'), 'Arn'] },
      InputTransformer: { InputPathsMap: { f1: '$' }, InputTemplate: input },
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      DeadLetterConfig: {
        Arn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', { QueueName: FEED.undeliveredQueueName }), 'Arn'] },
      },
    });

  it('invokes the delivery function once per live event for all agencies, through one fan-out rule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: FEED.fanOutRule.ruleName,
      EventPattern: FEED.fanOutRule.pattern,
      Targets: [deliveryTarget('{"event":<f1>}')],
    });
    expect(FEED.fanOutRule.pattern['replay-name']).toEqual([{ exists: false }]);
    // The fan-out rule and one replay rule per agency: no per-agency rule of live events any more.
    expect(Object.keys(template.findResources('AWS::Events::Rule'))).toHaveLength(1 + SUBSCRIBERS.length);
  });

  it('gives each agency a replay rule of replayed events only, which names the agency to its target', () => {
    for (const subscriber of FEED.subscribers) {
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: subscriber.replayRule.ruleName,
        EventPattern: subscriber.replayRule.pattern,
        Targets: [deliveryTarget(`{"subscriber":"${subscriber.subscriberId}","event":<f1>}`)],
      });
      expect(subscriber.replayRule.pattern['replay-name']).toEqual([{ exists: true }]);
    }
    expect(FEED.subscribers.map((s) => s.subscriberId)).toEqual(SUBSCRIBERS.map((s) => s.id));
  });

  it('sends a delivery whose function failed after Lambda’s retries to the undelivered queue, not to oblivion', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^Delivers') }) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: {
            'Fn::GetAtt': [logicalId('AWS::SQS::Queue', { QueueName: FEED.undeliveredQueueName }), 'Arn'],
          },
        },
      },
    });
  });

  it('gives each agency its own encrypted queue with a DLQ, so one agency’s outage backs up only its queue', () => {
    for (const rule of FEED.subscribers) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: rule.queueName,
        KmsMasterKeyId: Match.anyValue(),
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', { QueueName: rule.dlqName }), 'Arn'] },
          maxReceiveCount: rule.maxReceiveCount,
        },
      });
    }
  });

  it('lets the delivery function send to the agencies’ queues and write the access log, and nothing else', () => {
    const roles = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^DeliverLifeEventServiceRole') }] },
    });
    const statements = Object.values(roles).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties
          .PolicyDocument.Statement,
    );
    const actions = new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
    expect(actions).toContain('sqs:SendMessage');
    expect(actions).not.toContain('events:PutEvents');
    expect([...actions].filter((a) => a.startsWith('dynamodb:') && !a.startsWith('dynamodb:Get'))).toContain(
      'dynamodb:PutItem',
    );
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});
