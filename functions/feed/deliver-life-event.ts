/**
 * The target of the feed's rules: `{ event }` from the fan-out rule (every live event, to all agencies whose pattern
 * matches it) or `{ subscriber, event }` from an agency's replay rule. Minimises the event per agency, writes the
 * citizen's access log once for all of them and sends to each agency's queue. A failure throws: EventBridge retries,
 * then parks the event in the undelivered queue. An environment that runs several deliveries at once (the local
 * cloud's) also writes the entries of different events about one citizen together
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
