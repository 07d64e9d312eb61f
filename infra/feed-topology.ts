/**
 * The life-event feed in the platform's topology (infra/topology.ts includes it as `feed`): the Population
 * table's stream, the publisher that reads it, the bus and its archive, the one fan-out rule that hands every live
 * event to the delivery function, and per subscriber (shared/feed/subscribers.ts) a replay rule and its own queue
 * with a DLQ (patterns: shared/feed/routing.ts). CDK (infra/stacks/feed-stack.ts) and the local
 * cloud (infra/local/feed/) both build from this, and the parity tests compare them.
 */
import type { EventPattern } from '../shared/feed/event-pattern.ts';
import {
  FAN_OUT_RULE_NAME,
  LIFE_EVENT_ARCHIVE_NAME,
  LIFE_EVENT_BUS_NAME,
  subscriberDlqName,
  subscriberQueueName,
  subscriberReplayRuleName,
  UNDELIVERED_QUEUE_NAME,
  UNPUBLISHED_QUEUE_NAME,
} from '../shared/feed/names.ts';
import { fanOutPattern, replayPattern } from '../shared/feed/routing.ts';
import { SUBSCRIBERS } from '../shared/feed/subscribers.ts';
import type { FunctionSpec } from './topology.ts';

/** A rule on the bus whose target is the delivery function. */
export interface FeedBusRuleSpec {
  readonly ruleName: string;
  readonly pattern: EventPattern;
}

/** One subscribing agency: its replay rule (replayed events only) and its queue with a DLQ. */
export interface FeedSubscriberSpec {
  readonly subscriberId: string;
  /** Named in a replay's FilterArns, so that a replay reaches this agency only. */
  readonly replayRule: FeedBusRuleSpec;
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
  /** The one rule for live events: each matching event invokes the delivery function once, for all agencies. */
  readonly fanOutRule: FeedBusRuleSpec;
  readonly subscribers: readonly FeedSubscriberSpec[];
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
    description: "Delivers a life event to its agencies' queues, minimised to each purpose, and logs the disclosures",
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
  fanOutRule: { ruleName: FAN_OUT_RULE_NAME, pattern: fanOutPattern(SUBSCRIBERS) },
  subscribers: SUBSCRIBERS.map((subscriber) => ({
    subscriberId: subscriber.id,
    replayRule: { ruleName: subscriberReplayRuleName(subscriber.id), pattern: replayPattern(subscriber) },
    queueName: subscriberQueueName(subscriber.id),
    dlqName: subscriberDlqName(subscriber.id),
    maxReceiveCount: 5,
    retentionDays: 14,
  })),
  undeliveredQueueName: UNDELIVERED_QUEUE_NAME,
  unpublishedQueueName: UNPUBLISHED_QUEUE_NAME,
};

/** Every rule the feed puts on its bus: the fan-out rule and each agency's replay rule. */
export const feedBusRules = (feed: FeedSpec): FeedBusRuleSpec[] => [
  feed.fanOutRule,
  ...feed.subscribers.map((subscriber) => subscriber.replayRule),
];
