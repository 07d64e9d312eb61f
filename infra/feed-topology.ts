/**
 * The life-event feed in the platform's topology (infra/topology.ts includes it as `feed`): the Population
 * table's stream, the publisher that reads it, the bus and its archive, and per subscriber (shared/feed/
 * subscribers.ts) a rule, its pattern, and its own queue with a DLQ. CDK (infra/stacks/feed-stack.ts) and the local
 * cloud (infra/local/feed/) both build from this, and the parity tests compare them.
 */
import type { EventPattern } from '../shared/feed/event-pattern.ts';
import {
  LIFE_EVENT_ARCHIVE_NAME,
  LIFE_EVENT_BUS_NAME,
  subscriberDlqName,
  subscriberQueueName,
  subscriberRuleName,
  UNDELIVERED_QUEUE_NAME,
  UNPUBLISHED_QUEUE_NAME,
} from '../shared/feed/names.ts';
import { SUBSCRIBERS, subscriberPattern } from '../shared/feed/subscribers.ts';
import type { FunctionSpec } from './topology.ts';

export interface FeedRuleSpec {
  readonly subscriberId: string;
  readonly ruleName: string;
  readonly pattern: EventPattern;
  readonly queueName: string;
  readonly dlqName: string;
  /** Receives by the agency before a delivery moves to its DLQ. */
  readonly maxReceiveCount: number;
  /** How long undelivered messages wait for an agency that is down: SQS's maximum, 14 days. */
  readonly retentionDays: number;
}

export interface FeedSpec {
  readonly busName: string;
  readonly archiveName: string;
  /** Days the archive keeps events for replays. */
  readonly archiveRetentionDays: number;
  /** The table whose stream is the source (it must declare a stream). */
  readonly sourceTableId: 'Population';
  /** The publisher's event source mapping: only new history items reach the function. */
  readonly streamFilter: EventPattern;
  readonly streamBatchSize: number;
  /** Retries of a failed batch before its position goes to the unpublished queue. */
  readonly streamRetryAttempts: number;
  readonly publisherFunctionId: string;
  readonly deliveryFunctionId: string;
  readonly functions: readonly FunctionSpec[];
  readonly rules: readonly FeedRuleSpec[];
  readonly undeliveredQueueName: string;
  readonly unpublishedQueueName: string;
}

export const FEED_FUNCTIONS = [
  {
    id: 'PublishLifeEvents',
    entry: 'functions/feed/publish-life-events.ts',
    description: "Publishes the Population table's changes (new history items) to the life-event bus, in order",
    timeoutSeconds: 30,
  },
  {
    id: 'DeliverLifeEvent',
    entry: 'functions/feed/deliver-life-event.ts',
    description: "Delivers a life event to one agency's queue, minimised to its purpose, and logs the disclosure",
    tables: { AccessLog: 'readWrite' },
  },
] as const satisfies readonly FunctionSpec[];

export const FEED: FeedSpec = {
  busName: LIFE_EVENT_BUS_NAME,
  archiveName: LIFE_EVENT_ARCHIVE_NAME,
  archiveRetentionDays: 365,
  sourceTableId: 'Population',
  streamFilter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['history'] } } } },
  streamBatchSize: 100,
  streamRetryAttempts: 10,
  publisherFunctionId: 'PublishLifeEvents',
  deliveryFunctionId: 'DeliverLifeEvent',
  functions: FEED_FUNCTIONS,
  rules: SUBSCRIBERS.map((subscriber) => ({
    subscriberId: subscriber.id,
    ruleName: subscriberRuleName(subscriber.id),
    pattern: subscriberPattern(subscriber),
    queueName: subscriberQueueName(subscriber.id),
    dlqName: subscriberDlqName(subscriber.id),
    maxReceiveCount: 5,
    retentionDays: 14,
  })),
  undeliveredQueueName: UNDELIVERED_QUEUE_NAME,
  unpublishedQueueName: UNPUBLISHED_QUEUE_NAME,
};
