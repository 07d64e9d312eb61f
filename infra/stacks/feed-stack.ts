import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { EventPattern } from '../../shared/feed/event-pattern.ts';
import { LIFE_EVENT_SOURCE } from '../../shared/feed/life-event.ts';
import { PlatformAlarmTopic } from '../constructs/platform-alarm-topic.ts';
import { PlatformFunction } from '../constructs/platform-function.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import type { FeedBusRuleSpec, FeedSpec, FeedSubscriberSpec } from '../feed-topology.ts';
import type { TableSpec } from '../topology.ts';
import {
  DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX,
  importNationalTable,
  nationalTableName,
  tableStreamArnParameter,
} from './national-data-stack.ts';

export interface FeedStackProps extends StackProps {
  /** The feed, from the topology. */
  readonly feed: FeedSpec;
  /** The national tables, from the topology (the stream's source table and the access log). */
  readonly tables: readonly TableSpec[];
  /** @default DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX */
  readonly nationalDataParameterPrefix?: string;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * `{ 'detail-type': … }` as CDK's EventPattern spells it (`detailType`), keys in the same order, so the rendered JSON
 * is the topology's (the parity tests compare it as text).
 */
const cdkPattern = (pattern: EventPattern): events.EventPattern =>
  Object.fromEntries(
    Object.entries(pattern).map(([key, value]) => [key === 'detail-type' ? 'detailType' : key, value]),
  ) as events.EventPattern;

/**
 * The life-event feed (infra/feed-topology.ts): the Population table's stream feeds the publisher, which puts life
 * events on a custom EventBridge bus with an archive; one fan-out rule invokes the delivery function once per live
 * event, which evaluates each agency's pattern (shared/feed/subscribers.ts), minimises the event per agency, logs
 * all the disclosures in one access-log transaction and sends to each agency's own KMS-encrypted queue with a DLQ.
 * Per agency, a replay rule matches replayed events only, so a replay (FilterArns) reaches that agency alone. One
 * agency's outage backs up only its queue.
 * Nothing stateful but the queues' messages and the archive; deploy after the national data stack, whose stream
 * ARN it reads from SSM Parameter Store.
 */
export class FeedStack extends Stack {
  public readonly key: PlatformKey;
  public readonly bus: events.EventBus;
  public readonly archive: events.Archive;
  public readonly publisher: PlatformFunction;
  public readonly deliverer: PlatformFunction;
  public readonly subscriberQueues: ReadonlyMap<string, sqs.Queue>;
  public readonly subscriberDlqs: ReadonlyMap<string, sqs.Queue>;
  /** The rule of every live event, for all agencies. */
  public readonly fanOutRule: events.Rule;
  /** Each agency's replay rule. */
  public readonly replayRules: ReadonlyMap<string, events.Rule>;
  /** Rule deliveries that failed after EventBridge's retries. */
  public readonly undelivered: sqs.Queue;
  /** Stream batches the publisher gave up on (their positions, to re-publish). */
  public readonly unpublished: sqs.Queue;
  public readonly alarmTopic: PlatformAlarmTopic;
  private readonly tables: readonly TableSpec[];

  constructor(scope: Construct, id: string, props: FeedStackProps) {
    super(scope, id, {
      description: 'P06 life-event feed: Population stream → EventBridge bus → one delivery per event → agency queues',
      ...props,
    });
    const { feed } = props;
    const prefix = props.nationalDataParameterPrefix ?? DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX;
    const retention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    this.tables = props.tables;

    this.key = new PlatformKey(this, 'FeedKey', {
      description: 'Encrypts the life-event queues, the feed’s logs and its alarm topic',
    })
      .allowCloudWatchLogs()
      .allowCloudWatchAlarms();
    // EventBridge parks undeliverable events in the undelivered queue, which this key encrypts.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToEncryptDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.alarmTopic = new PlatformAlarmTopic(this, 'AlarmTopic', {
      displayName: 'P06 life-event feed alarms',
      masterKey: this.key,
    });

    this.bus = new events.EventBus(this, 'LifeEventBus', { eventBusName: feed.busName });
    this.archive = this.bus.archive('Archive', {
      archiveName: feed.archiveName,
      description: 'Every life event, for replays to one agency (npm run feed:replay)',
      eventPattern: { source: [LIFE_EVENT_SOURCE] },
      retention: Duration.days(feed.archiveRetentionDays),
    });

    this.undelivered = this.deadLetterQueue('UndeliveredQueue', feed.undeliveredQueueName);
    this.unpublished = this.deadLetterQueue('UnpublishedQueue', feed.unpublishedQueueName);

    // The publisher: reads new history items from the stream, in order (one batch per shard at a time).
    this.publisher = this.createFunction(feed.publisherFunctionId, feed, retention, prefix);
    this.publisher.addEnvironment('LIFE_EVENT_BUS_NAME', this.bus.eventBusName);
    Validations.of(this.publisher.serviceRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "Sends the positions of failed stream batches to the unpublished queue, encrypted with the feed key: the queue grant adds the key's data-key actions, on that one key only.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Sends to the unpublished queue, encrypted with the feed key: ReEncrypt on that one key only.',
      },
    );
    this.bus.grantPutEventsTo(this.publisher);
    const source = this.tableSpec(feed.sourceTableId);
    if (!source.stream) throw new Error(`The feed's source table ${source.id} declares no stream`);
    const sourceTable = dynamodb.TableV2.fromTableAttributes(this, 'SourceTable', {
      tableName: nationalTableName(source),
      tableStreamArn: ssm.StringParameter.valueForStringParameter(this, tableStreamArnParameter(prefix, source.id)),
      encryptionKey: kms.Key.fromKeyArn(
        this,
        'SourceTableKey',
        ssm.StringParameter.valueForStringParameter(this, `${prefix}/key-arn`),
      ),
    });
    this.publisher.addEventSource(
      new DynamoEventSource(sourceTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: feed.streamBatchSize,
        maxBatchingWindow: Duration.seconds(1),
        parallelizationFactor: 1,
        retryAttempts: feed.streamRetryAttempts,
        bisectBatchOnError: false,
        reportBatchItemFailures: true,
        filters: [{ pattern: JSON.stringify(feed.streamFilter) }],
        onFailure: new SqsDlq(this.unpublished),
      }),
    );

    // The deliverer: one function, one invocation per live event for every agency; a replay rule names its agency.
    this.deliverer = this.createFunction(feed.deliveryFunctionId, feed, retention, prefix);
    // EventBridge invokes Lambda asynchronously: its retry policy and DLQ cover failures to invoke, while an error
    // of the function (a queue that refused a delivery) is retried by Lambda, twice, a few minutes apart, and then
    // sent here, to the undelivered queue, rather than discarded.
    this.deliverer.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.undelivered),
    });
    Validations.of(this.deliverer.serviceRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "Sends failed deliveries to the undelivered queue (its on-failure destination), encrypted with the feed key: the queue grant adds the key's data-key actions, on that one key only.",
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Sends to the undelivered queue, encrypted with the feed key: ReEncrypt on that one key only.',
      },
    );
    const stack = Stack.of(this);
    this.deliverer.addEnvironment(
      'FEED_QUEUE_URL_PREFIX',
      `https://sqs.${stack.region}.${stack.urlSuffix}/${stack.account}/`,
    );

    const queues = new Map<string, sqs.Queue>();
    const dlqs = new Map<string, sqs.Queue>();
    const replayRules = new Map<string, events.Rule>();
    for (const subscriber of feed.subscribers) {
      const [queue, dlq] = this.subscriberQueue(subscriber);
      queue.grantSendMessages(this.deliverer);
      queues.set(subscriber.subscriberId, queue);
      dlqs.set(subscriber.subscriberId, dlq);
      replayRules.set(
        subscriber.subscriberId,
        this.deliveryRule(`${subscriber.subscriberId}ReplayRule`, subscriber.replayRule, {
          description: `Replayed life events for ${subscriber.subscriberId} only (npm run feed:replay)`,
          subscriber: subscriber.subscriberId,
        }),
      );
    }
    this.fanOutRule = this.deliveryRule('FanOutRule', feed.fanOutRule, {
      description: 'Every live life event any agency subscribes to: one delivery for all (shared/feed/routing.ts)',
    });
    this.subscriberQueues = queues;
    this.subscriberDlqs = dlqs;
    this.replayRules = replayRules;

    this.addAlarm('UnpublishedNotEmpty', this.unpublished, 'stream batches could not be published', 0);
    this.addAlarm('UndeliveredNotEmpty', this.undelivered, 'life events could not be delivered to an agency', 0);
    this.addAlarm(
      'PublisherFallingBehind',
      undefined,
      'the publisher is more than 5 min behind the Population stream',
      300_000,
      this.publisher.metric('IteratorAge', { period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
    );
  }

  private createFunction(functionId: string, feed: FeedSpec, retention: logs.RetentionDays, prefix: string) {
    const spec = feed.functions.find((f) => f.id === functionId);
    if (!spec) throw new Error(`The feed has no function ${functionId}`);
    const fn = new PlatformFunction(this, spec.id, { spec, logRetention: retention, logEncryptionKey: this.key });
    for (const [tableId, access] of Object.entries(spec.tables ?? {})) {
      if (access) fn.bindTable(importNationalTable(this, this.tableSpec(tableId), prefix), access);
    }
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        spec.id === feed.publisherFunctionId
          ? 'Invoked by its DynamoDB stream mapping, whose on-failure destination is the unpublished queue; a function DLQ applies to asynchronous invocations only.'
          : 'Invoked asynchronously by EventBridge rules (the fan-out rule and the replay rules): the rules’ targets have the undelivered queue as DLQ for failures to invoke, and the function’s asynchronous on-failure destination is the same queue for its own errors.',
    });
    return fn;
  }

  private tableSpec(tableId: string): TableSpec {
    const spec = this.tables.find((t) => t.id === tableId);
    if (!spec) throw new Error(`The feed needs table ${tableId}, which the topology lacks`);
    return spec;
  }

  private deadLetterQueue(id: string, queueName: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      queueName,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge(
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason: 'A dead-letter queue itself: its messages wait for an operator (redrive or npm run feed:replay).',
      },
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'A dead-letter queue itself, of a stream mapping (on-failure destination) or of rule targets, which cdk-nag does not recognise as DLQ uses.',
      },
    );
    return queue;
  }

  private subscriberQueue(rule: FeedSubscriberSpec): [sqs.Queue, sqs.Queue] {
    const dlq = this.deadLetterQueue(`${rule.subscriberId}Dlq`, rule.dlqName);
    const queue = new sqs.Queue(this, `${rule.subscriberId}Queue`, {
      queueName: rule.queueName,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(rule.retentionDays),
      deadLetterQueue: { queue: dlq, maxReceiveCount: rule.maxReceiveCount },
    });
    this.addAlarm(`${rule.subscriberId}DlqNotEmpty`, dlq, `deliveries to ${rule.subscriberId} failed in its system`, 0);
    return [queue, dlq];
  }

  /**
   * A rule whose target is the delivery function with `{ event }` (the fan-out rule) or `{ subscriber, event }` (a
   * replay rule): retried for 24 hours, then parked in the undelivered queue.
   */
  private deliveryRule(
    id: string,
    rule: FeedBusRuleSpec,
    options: { readonly description: string; readonly subscriber?: string },
  ): events.Rule {
    return new events.Rule(this, id, {
      ruleName: rule.ruleName,
      description: options.description,
      eventBus: this.bus,
      eventPattern: cdkPattern(rule.pattern),
      targets: [
        new eventsTargets.LambdaFunction(this.deliverer, {
          event: events.RuleTargetInput.fromObject({
            ...(options.subscriber ? { subscriber: options.subscriber } : {}),
            event: events.EventField.fromPath('$'),
          }),
          deadLetterQueue: this.undelivered,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }

  private addAlarm(
    id: string,
    queue: sqs.Queue | undefined,
    what: string,
    threshold: number,
    metric?: cloudwatch.IMetric,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `Feed: ${what}`,
      metric:
        metric ??
        (queue as sqs.Queue).metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cloudwatchActions.SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}
