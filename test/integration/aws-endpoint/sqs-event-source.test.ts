import { createHash } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalAwsEndpoint,
  type SqsEventSource,
  startSqsEventSource,
} from '../../../infra/local/aws-endpoint/index.ts';
import { ACCOUNT, eventually, REGION, sqsClientFor, startEndpoint } from './endpoint-fixture.ts';

let endpoint: LocalAwsEndpoint;
let sqs: SQSClient;
const sources: SqsEventSource[] = [];

beforeAll(async () => {
  endpoint = await startEndpoint();
  sqs = sqsClientFor(endpoint);
});

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  sqs?.destroy();
  await endpoint?.close();
});

/** A queue with a DLQ (maxReceiveCount 2) and a 1-second visibility timeout. */
const queueWithDlq = async (name: string): Promise<{ url: string; arn: string; dlqUrl: string }> => {
  const { QueueUrl: dlqUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}-dlq`;
  const { QueueUrl: url = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
      },
    }),
  );
  return { url, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, dlqUrl };
};

const count = async (url: string): Promise<number> => {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
};

const listen = (url: string, invoke: (event: SQSEvent) => Promise<unknown>, batchSize = 10): void => {
  sources.push(
    startSqsEventSource({ queueUrl: url, sqsClient: sqs, batchSize, maxConcurrency: 2, waitTimeSeconds: 1, invoke }),
  );
};

describe('the local SQS event source mapping', () => {
  it('invokes the handler with the Lambda SQS event shape and deletes the batch it processed', async () => {
    const { url, arn } = await queueWithDlq('shape');
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: '{"dossier":"D-1"}',
        MessageAttributes: {
          province: { DataType: 'String', StringValue: '79' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    const events: SQSEvent[] = [];
    listen(url, async (event) => {
      events.push(event);
    });
    await eventually(async () => (events.length > 0 ? true : undefined));
    const record = events[0]?.Records[0] as SQSRecord;
    expect(record).toMatchObject({
      body: '{"dossier":"D-1"}',
      md5OfBody: createHash('md5').update('{"dossier":"D-1"}').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: REGION,
      messageAttributes: {
        province: { stringValue: '79', stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
    });
    expect(record.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.receiptHandle).not.toBe('');
    expect(record.attributes).toMatchObject({ ApproximateReceiveCount: '1', SenderId: ACCOUNT });
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(0);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThan(0);
    expect(record.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    await eventually(async () => ((await count(url)) === 0 ? true : undefined));
  });

  it('retries only the reported batch item failures; a message that always fails reaches the DLQ without blocking its batch', async () => {
    const { url, dlqUrl } = await queueWithDlq('partial');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: ['ok-1', 'poison', 'flaky', 'ok-2', 'ok-3'].map((body) => ({ Id: body, MessageBody: body })),
      }),
    );
    const handled = new Map<string, number>();
    listen(url, async (event): Promise<SQSBatchResponse> => {
      const failures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const times = (handled.get(record.body) ?? 0) + 1;
        handled.set(record.body, times);
        if (record.body === 'poison' || (record.body === 'flaky' && times === 1))
          failures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures: failures };
    });
    const dead = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, VisibilityTimeout: 0, WaitTimeSeconds: 1 }),
      );
      return Messages[0];
    });
    expect(dead.Body).toBe('poison');
    await eventually(async () => ((await count(url)) === 0 ? true : undefined));
    expect(Object.fromEntries(handled)).toEqual({ 'ok-1': 1, 'ok-2': 1, 'ok-3': 1, flaky: 2, poison: 2 });
  });

  it('keeps the whole batch when the handler throws, and when it reports an item that is not in the batch', async () => {
    const { QueueUrl: url = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'throwing', Attributes: { VisibilityTimeout: '1' } }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'retry me' }));
    const receiveCounts: string[] = [];
    const errors: unknown[] = [];
    sources.push(
      startSqsEventSource({
        queueUrl: url,
        sqsClient: sqs,
        waitTimeSeconds: 1,
        maxConcurrency: 1,
        onError: (error) => errors.push(error),
        invoke: async (event) => {
          receiveCounts.push(event.Records[0]?.attributes.ApproximateReceiveCount ?? '');
          if (receiveCounts.length === 1) throw new Error('database unavailable');
          if (receiveCounts.length === 2) return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
          return undefined;
        },
      }),
    );
    await eventually(async () => (receiveCounts.length >= 3 && (await count(url)) === 0 ? true : undefined));
    expect(receiveCounts).toEqual(['1', '2', '3']);
    expect(errors.map((e) => (e as Error).message)).toEqual([
      'database unavailable',
      expect.stringContaining('the whole batch is retried'),
    ]);
  });

  it('stops polling and waits for the batch in flight to be processed and deleted', async () => {
    const { url } = await queueWithDlq('stopping');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'slow' }));
    let started = false;
    let finished = false;
    const source = startSqsEventSource({
      queueUrl: url,
      sqsClient: sqs,
      waitTimeSeconds: 1,
      invoke: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished = true;
      },
    });
    await eventually(async () => (started ? true : undefined));
    await source.stop();
    expect(finished).toBe(true);
    expect(await count(url)).toBe(0);
    // No aborted long poll is left on the server to take (and hide) a message sent after the stop.
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'after stop' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    expect([Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible]).toEqual([
      '1',
      '0',
    ]);
  });
});
