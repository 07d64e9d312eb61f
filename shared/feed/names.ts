/**
 * Names of the feed's resources, addressed by name by handlers, CDK and the local cloud alike (so they cannot
 * drift): the bus, its archive, its rules, each subscriber's queue and DLQ, and the queues of what could not be
 * published or delivered.
 */
import { PROJECT_PREFIX } from '../platform/resource-names.ts';

export const LIFE_EVENT_BUS_NAME = `${PROJECT_PREFIX}-life-events`;
/** Every event published to the bus, kept for replays. */
export const LIFE_EVENT_ARCHIVE_NAME = `${PROJECT_PREFIX}-life-events-archive`;
/** The one rule that sends every live event any agency subscribes to, once, to the delivery function. */
export const FAN_OUT_RULE_NAME = `${PROJECT_PREFIX}-feed-fan-out`;
/** An agency's replay rule: replayed events only (the replay names it in its FilterArns). */
export const subscriberReplayRuleName = (subscriberId: string): string =>
  `${PROJECT_PREFIX}-feed-${subscriberId}-replay`;
export const subscriberQueueName = (subscriberId: string): string => `${PROJECT_PREFIX}-feed-${subscriberId}`;
export const subscriberDlqName = (subscriberId: string): string => `${PROJECT_PREFIX}-feed-${subscriberId}-dlq`;
/** Rule deliveries that failed after their retries (the delivery function could not run). */
export const UNDELIVERED_QUEUE_NAME = `${PROJECT_PREFIX}-feed-undelivered`;
/** Stream batches the publisher could not publish within the mapping's retries (their stream positions). */
export const UNPUBLISHED_QUEUE_NAME = `${PROJECT_PREFIX}-feed-unpublished`;
