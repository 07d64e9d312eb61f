/** Each feed subscriber's queue (`p06-feed-<id>`), reached through `FEED_QUEUE_URL_PREFIX`. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { subscriberQueueName } from '../../feed/names.ts';
import type { Delivery, SubscriberQueues } from '../../feed/ports.ts';

export class SqsSubscriberQueues implements SubscriberQueues {
  /** `urlPrefix` ends with `/`: `https://sqs.<region>.amazonaws.com/<account>/` (or the local endpoint's). */
  constructor(
    private readonly client: SQSClient,
    private readonly urlPrefix: string,
  ) {}

  /** The body is the delivery as JSON; the event ID and type ride as attributes for filtering and deduplication. */
  async send(subscriberId: string, delivery: Delivery): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: `${this.urlPrefix}${subscriberQueueName(subscriberId)}`,
        MessageBody: JSON.stringify(delivery),
        MessageAttributes: {
          eventId: { DataType: 'String', StringValue: delivery.eventId },
          type: { DataType: 'String', StringValue: delivery.type },
          pin: { DataType: 'String', StringValue: delivery.pin },
        },
      }),
    );
  }
}
