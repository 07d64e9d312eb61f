/**
 * The Population table's stream consumer: publishes each new history item as a life event to the feed's bus, in
 * stream order. A refused event makes the batch report it as the first failure (ReportBatchItemFailures), so the
 * mapping retries from there and nothing after it overtakes it.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventBridgeClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { EventBridgeLifeEventBus } from '../../shared/adapters/eventbridge/life-event-bus.ts';
import { publishLifeEvents } from '../../shared/feed/publish-life-events.ts';
import { logger } from '../../shared/lambda/powertools.ts';

const publish = publishLifeEvents({
  bus: new EventBridgeLifeEventBus(eventBridgeClient(), requiredEnv('LIFE_EVENT_BUS_NAME')),
});

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const result = await publish(
    event.Records.map((record) => ({
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      newImage: record.dynamodb?.NewImage
        ? unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>)
        : undefined,
    })),
  );
  logger.info('Published life events', { ...result });
  return { batchItemFailures: result.retryFrom ? [{ itemIdentifier: result.retryFrom }] : [] };
};
