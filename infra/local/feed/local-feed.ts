/**
 * Wires the life-event feed into the local cloud from the topology's `feed`: the bus (served on the local AWS
 * endpoint) with the fan-out rule and each subscriber's replay rule, each subscriber's queue and DLQ, the queues of
 * undelivered and unpublished events, and the reader of the Population table's stream that feeds the publisher,
 * exactly as CDK wires them in AWS (infra/stacks/feed-stack.ts).
 */
import { resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type FeedSpec, feedBusRules } from '../../feed-topology.ts';
import type { LocalLambdaRuntime } from '../lambda-runtime.ts';
import { type DynamoDbStreamSource, startDynamoDbStreamSource } from './dynamodb-stream-source.ts';
import { LocalEventBus } from './local-event-bus.ts';

export interface LocalFeedContext {
  readonly feed: FeedSpec;
  readonly region: string;
  readonly accountId: string;
  readonly dataDir: string;
  readonly lambda: LocalLambdaRuntime;
  /** The SQS client of the local endpoint, once it runs (the bus is created before the endpoint starts). */
  readonly sqs: () => SQSClient;
  readonly queueUrl: (name: string) => string;
  readonly log: (line: string) => void;
}

/**
 * The local bus with the feed's rules, as CDK wires them: the fan-out rule invokes the delivery function with
 * `{ event }` (once per live event, for all agencies), an agency's replay rule with `{ subscriber, event }`.
 */
export const createLocalFeedBus = (context: LocalFeedContext): LocalEventBus => {
  const { feed, lambda } = context;
  const subscriberOf = new Map(feed.subscribers.map((s) => [s.replayRule.ruleName, s.subscriberId]));
  return new LocalEventBus({
    region: context.region,
    accountId: context.accountId,
    busName: feed.busName,
    archiveName: feed.archiveName,
    dataDir: resolve(context.dataDir, 'feed'),
    rules: feedBusRules(feed).map((rule) => {
      const subscriber = subscriberOf.get(rule.ruleName);
      return {
        name: rule.ruleName,
        pattern: rule.pattern,
        target: (event) => lambda.invoke(feed.deliveryFunctionId, { ...(subscriber ? { subscriber } : {}), event }),
      };
    }),
    onUndeliverable: async (rule, event, error) => {
      await context.sqs().send(
        new SendMessageCommand({
          QueueUrl: context.queueUrl(feed.undeliveredQueueName),
          MessageBody: JSON.stringify(event),
          MessageAttributes: {
            RULE_ARN: { DataType: 'String', StringValue: rule },
            ERROR_MESSAGE: { DataType: 'String', StringValue: String((error as Error)?.message ?? error) },
          },
        }),
      );
    },
    // Delivery invocations at once, one per event (Lambda's account limit in AWS is far higher; the local cloud's
    // limit is this process and DynamoDB Local). Measured in test/bench/results/feed.md.
    maxConcurrency: 64,
    log: context.log,
  });
};

const createQueue = async (sqs: SQSClient, name: string, dlqName?: string, maxReceiveCount = 5) => {
  let redrive: Record<string, string> = {};
  if (dlqName) {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: dlqName, Attributes: { MessageRetentionPeriod: String(14 * 86_400) } }),
    );
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    redrive = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount }) };
  }
  await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { MessageRetentionPeriod: String(14 * 86_400), SqsManagedSseEnabled: 'true', ...redrive },
    }),
  );
};

/**
 * Creates the feed's queues, runs again the deliveries a previous run left unfinished, and starts reading the
 * stream. Call it after seeding: seeding writes no history items, so the stream's filter drops its records.
 */
export const startLocalFeed = async (
  context: LocalFeedContext & {
    readonly bus: LocalEventBus;
    readonly dynamoDb: DynamoDBClient;
    readonly dynamoDbEndpoint: string;
    readonly tableName: string;
  },
): Promise<DynamoDbStreamSource> => {
  const { feed } = context;
  const sqs = context.sqs();
  for (const s of feed.subscribers) await createQueue(sqs, s.queueName, s.dlqName, s.maxReceiveCount);
  await createQueue(sqs, feed.undeliveredQueueName);
  await createQueue(sqs, feed.unpublishedQueueName);
  const resumed = context.bus.resumePending();
  if (resumed > 0) context.log(`feed: resuming ${resumed} unfinished deliveries`);
  const streams = new DynamoDBStreamsClient({
    region: context.region,
    endpoint: context.dynamoDbEndpoint,
  });
  const source = startDynamoDbStreamSource({
    dynamoDb: context.dynamoDb,
    streams,
    tableName: context.tableName,
    region: context.region,
    filter: feed.streamFilter,
    batchSize: feed.streamBatchSize,
    retryAttempts: feed.streamRetryAttempts,
    idleMs: 100,
    checkpointFile: resolve(context.dataDir, 'feed', 'stream-checkpoint.json'),
    invoke: (event) => context.lambda.invoke(feed.publisherFunctionId, event),
    onFailure: async (failure) => {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: context.queueUrl(feed.unpublishedQueueName),
          MessageBody: JSON.stringify(failure),
        }),
      );
    },
    onError: (error) => context.log(`feed: stream reader: ${(error as Error).message}`),
  });
  return {
    stats: source.stats,
    stop: async () => {
      await source.stop();
      streams.destroy();
    },
  };
};
