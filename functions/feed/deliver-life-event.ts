/**
 * A subscriber's rule target: `{ subscriber, event }` from the rule's input transformer. Minimises the event to
 * the subscriber's purpose, writes the citizen's access log and sends it to the subscriber's queue. A failure
 * throws: EventBridge retries, then parks the event in the undelivered queue.
 */
import { requiredEnv, sqsClient } from '../../shared/adapters/aws-clients.ts';
import { SqsSubscriberQueues } from '../../shared/adapters/sqs/subscriber-queues.ts';
import { deliverLifeEvent } from '../../shared/feed/deliver-life-event.ts';
import { accessRecorder } from '../../shared/lambda/stores.ts';

const deliver = deliverLifeEvent({
  accessLog: accessRecorder(),
  queues: new SqsSubscriberQueues(sqsClient(), requiredEnv('FEED_QUEUE_URL_PREFIX')),
});

export const handler = (event: unknown) => deliver(event);
