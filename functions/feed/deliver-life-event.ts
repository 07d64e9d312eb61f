/**
 * A subscriber's rule target: `{ subscriber, event }` from the rule's input transformer. Minimises the event to
 * the subscriber's purpose, writes the citizen's access log and sends it to the subscriber's queue. A failure
 * throws: EventBridge retries, then parks the event in the undelivered queue. An environment that runs several
 * deliveries at once (the local cloud's) writes the access-log entries of one citizen together
 * (shared/access-log/coalescing-appender.ts) instead of racing for the chain's head.
 */
import { coalesceAppends } from '../../shared/access-log/coalescing-appender.ts';
import { createAccessRecorder } from '../../shared/access-log/record-access.ts';
import { requiredEnv, sqsClient } from '../../shared/adapters/aws-clients.ts';
import { SqsSubscriberQueues } from '../../shared/adapters/sqs/subscriber-queues.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { deliverLifeEvent } from '../../shared/feed/deliver-life-event.ts';
import { accessLogStore } from '../../shared/lambda/stores.ts';

const deliver = deliverLifeEvent({
  accessLog: createAccessRecorder(coalesceAppends(accessLogStore()), systemClock),
  queues: new SqsSubscriberQueues(sqsClient(), requiredEnv('FEED_QUEUE_URL_PREFIX')),
});

export const handler = (event: unknown) => deliver(event);
