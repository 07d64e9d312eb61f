import {
  BatchEntryIdsNotDistinct,
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  EmptyBatchRequest,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  InvalidBatchEntryId,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAwsEndpoint } from '../../../infra/local/aws-endpoint/index.ts';
import { ACCOUNT, eventually, REGION, rejectionOf, sqsClientFor, startEndpoint } from './endpoint-fixture.ts';

let endpoint: LocalAwsEndpoint;
let sqs: SQSClient;

beforeAll(async () => {
  endpoint = await startEndpoint();
  sqs = sqsClientFor(endpoint);
});

afterAll(async () => {
  sqs?.destroy();
  await endpoint?.close();
});

const createQueue = async (name: string, attributes: Record<string, string> = {}): Promise<string> => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (QueueUrl === undefined) throw new Error('no queue URL');
  return QueueUrl;
};

const attributesOf = async (queueUrl: string): Promise<Record<string, string>> =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))).Attributes ?? {};

const receive = (queueUrl: string, options: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
  sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
      ...options,
    }),
  );

describe('the local SQS endpoint: queues', () => {
  it('creates a queue whose URL points back at the endpoint, idempotently for the same attributes', async () => {
    const url = await createQueue('orders', { VisibilityTimeout: '45' });
    expect(url).toBe(`${endpoint.url}/${ACCOUNT}/orders`);
    await expect(createQueue('orders', { VisibilityTimeout: '45' })).resolves.toBe(url);
    await expect(createQueue('orders')).resolves.toBe(url);
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).resolves.toMatchObject({ QueueUrl: url });
  });

  it('refuses to recreate a queue with a different attribute value', async () => {
    await createQueue('settled', { DelaySeconds: '5' });
    const error = await rejectionOf(createQueue('settled', { DelaySeconds: '6' }));
    expect(error).toBeInstanceOf(QueueNameExists);
    expect((error as Error).message).toContain('DelaySeconds');
  });

  it('answers unknown queues with the modelled QueueDoesNotExist error (x-amzn-query-error)', async () => {
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nowhere' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    const error = await rejectionOf(
      sqs.send(new SendMessageCommand({ QueueUrl: `${endpoint.url}/${ACCOUNT}/nowhere`, MessageBody: 'x' })),
    );
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error).toMatchObject({
      $metadata: { httpStatusCode: 400 },
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('rejects invalid names and attribute values with a 400 and a message naming the problem', async () => {
    const badName = await rejectionOf(createQueue('bad name!'));
    expect(badName).toMatchObject({ name: 'InvalidParameterValue', $metadata: { httpStatusCode: 400 } });
    expect(badName.message).toMatch(/alphanumeric characters, hyphens, or underscores/);
    const badValue = await rejectionOf(createQueue('valid-name', { VisibilityTimeout: '99999' }));
    expect(badValue).toMatchObject({ name: 'InvalidAttributeValue' });
    expect(badValue.message).toMatch(/VisibilityTimeout.*0 to 43200/);
    const unknown = await rejectionOf(createQueue('valid-name', { Colour: 'blue' }));
    expect(unknown).toMatchObject({ name: 'InvalidAttributeName' });
    const fifo = await rejectionOf(createQueue('ordered.fifo', { FifoQueue: 'true' }));
    expect(fifo.message).toMatch(/FIFO queues are not supported/);
  });

  it('lists queues by prefix, page by page', async () => {
    for (const n of [1, 2, 3]) await createQueue(`listed-${n}`);
    const all = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'listed-' }));
    expect(all.QueueUrls?.map((u) => u.split('/').at(-1))).toEqual(['listed-1', 'listed-2', 'listed-3']);
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'listed-', MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    const second = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'listed-', MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.QueueUrls?.map((u) => u.split('/').at(-1))).toEqual(['listed-3']);
    expect(second.NextToken).toBeUndefined();
  });

  it('reports all attributes: defaults, ARN, timestamps, counters and the redrive policy', async () => {
    const dlqUrl = await createQueue('attrs-dlq');
    const dlqArn = (await attributesOf(dlqUrl)).QueueArn;
    const url = await createQueue('attrs', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' }),
      KmsMasterKeyId: 'alias/p06',
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'visible' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'delayed', DelaySeconds: 60 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'in flight' }));
    await receive(url, { MaxNumberOfMessages: 1 });
    const attributes = await attributesOf(url);
    expect(attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:attrs`,
      VisibilityTimeout: '30',
      MessageRetentionPeriod: '345600',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
      ApproximateNumberOfMessagesDelayed: '1',
      KmsMasterKeyId: 'alias/p06',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
    });
    expect(Number(attributes.CreatedTimestamp)).toBeCloseTo(Date.now() / 1000, -1);
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '5', RedrivePolicy: '' } }),
    );
    const updated = await attributesOf(url);
    expect(updated.VisibilityTimeout).toBe('5');
    expect(updated.RedrivePolicy).toBeUndefined();
  });

  it('refuses a redrive policy whose dead-letter queue does not exist', async () => {
    const error = await rejectionOf(
      createQueue('orphan', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:missing`,
          maxReceiveCount: 3,
        }),
      }),
    );
    expect(error).toMatchObject({ name: 'InvalidAttributeValue' });
    expect(error.message).toMatch(/Dead-letter target does not exist/);
  });

  it('purges and deletes queues', async () => {
    const url = await createQueue('short-lived');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await attributesOf(url)).ApproximateNumberOfMessages).toBe('0');
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'short-lived' }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
  });
});

describe('the local SQS endpoint: messages', () => {
  it('returns the MD5 digests AWS computes for the body and for String, Number and Binary attributes', async () => {
    const url = await createQueue('digests');
    // Reference digests published with AWS SDK test suites, computed by AWS's algorithm.
    const binary = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'Hello, Việt Nam',
        MessageAttributes: {
          test_attribute_name: { DataType: 'Binary', BinaryValue: new TextEncoder().encode('test_attribute_value') },
        },
      }),
    );
    expect(binary.MD5OfMessageAttributes).toBe('23f6bd27ea87aab7dfeadcc9aebee495');
    const mixed = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'second',
        MessageAttributes: {
          ordinal: { DataType: 'Number', StringValue: '1' },
          category: { DataType: 'String', StringValue: 'test' },
        },
      }),
    );
    expect(mixed.MD5OfMessageAttributes).toBe('d21ae90c49061e927f57df5f5d72be1f');
    expect(binary.MD5OfMessageBody).toBe('3190ebbde46711602cedaa898e515f59');

    const { Messages = [] } = await receive(url, { MaxNumberOfMessages: 10 });
    expect(Messages.map((m) => m.MD5OfMessageAttributes)).toEqual([
      '23f6bd27ea87aab7dfeadcc9aebee495',
      'd21ae90c49061e927f57df5f5d72be1f',
    ]);
    expect(Messages[0]?.Body).toBe('Hello, Việt Nam');
    expect(new TextDecoder().decode(Messages[0]?.MessageAttributes?.test_attribute_name?.BinaryValue)).toBe(
      'test_attribute_value',
    );
    expect(Messages[1]?.MessageAttributes?.ordinal).toEqual({ DataType: 'Number', StringValue: '1' });
  });

  it('returns only the requested message attributes, with the digest of those', async () => {
    const url = await createQueue('selected-attributes');
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageAttributes: {
          'trace.id': { DataType: 'String', StringValue: 'abc' },
          province: { DataType: 'String', StringValue: '79' },
        },
      }),
    );
    const { Messages = [] } = await receive(url, { MessageAttributeNames: ['trace.*'] });
    expect(Object.keys(Messages[0]?.MessageAttributes ?? {})).toEqual(['trace.id']);
    expect(Messages[0]?.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects a body over 256 KiB, invalid characters, and more than 10 attributes', async () => {
    const url = await createQueue('limits');
    const tooBig = await rejectionOf(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_145) })),
    );
    expect(tooBig).toMatchObject({ name: 'InvalidParameterValue' });
    expect(tooBig.message).toMatch(/shorter than 262144 bytes/);
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262_144) })),
    ).resolves.toBeDefined();
    const control = await rejectionOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bell\u0007' })));
    expect(control).toMatchObject({ name: 'InvalidMessageContents' });
    const attributes = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );
    const tooMany = await rejectionOf(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: attributes })),
    );
    expect(tooMany.message).toMatch(/exceeds the allowed maximum \[10\]/);
    const notANumber = await rejectionOf(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'x',
          MessageAttributes: { n: { DataType: 'Number', StringValue: 'ten' } },
        }),
      ),
    );
    expect(notANumber.message).toMatch(/to a number/);
  });

  it('sends a batch with per-entry failures and rejects malformed batches as a whole', async () => {
    const url = await createQueue('batches');
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok-1', MessageBody: 'one' },
          { Id: 'bad', MessageBody: 'two', DelaySeconds: 901 },
          { Id: 'ok-2', MessageBody: 'three', MessageAttributes: { kind: { DataType: 'String', StringValue: 'k' } } },
        ],
      }),
    );
    expect(result.Successful?.map((s) => s.Id)).toEqual(['ok-1', 'ok-2']);
    expect(result.Successful?.[1]?.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue' }),
    ]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }));
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven }))).rejects.toBeInstanceOf(
      TooManyEntriesInBatchRequest,
    );
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] }))).rejects.toBeInstanceOf(
      EmptyBatchRequest,
    );
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'same', MessageBody: 'a' },
            { Id: 'same', MessageBody: 'b' },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(BatchEntryIdsNotDistinct);
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'no spaces', MessageBody: 'a' }] })),
    ).rejects.toBeInstanceOf(InvalidBatchEntryId);
  });

  it('deletes and changes visibility in batches, reporting invalid receipt handles per entry', async () => {
    const url = await createQueue('batch-handles');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'a' },
          { Id: 'b', MessageBody: 'b' },
        ],
      }),
    );
    const { Messages = [] } = await receive(url, { MaxNumberOfMessages: 10 });
    expect(Messages).toHaveLength(2);
    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'first', ReceiptHandle: Messages[0]?.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'garbage', ReceiptHandle: 'not-a-handle', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(changed.Successful?.map((s) => s.Id)).toEqual(['first']);
    expect(changed.Failed?.[0]).toMatchObject({ Id: 'garbage', Code: 'ReceiptHandleIsInvalid' });
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'second', ReceiptHandle: Messages[1]?.ReceiptHandle },
          { Id: 'garbage', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(deleted.Successful?.map((s) => s.Id)).toEqual(['second']);
    expect(deleted.Failed?.[0]).toMatchObject({ Id: 'garbage', Code: 'ReceiptHandleIsInvalid' });
    const again = await receive(url, { MaxNumberOfMessages: 10 });
    expect(again.Messages?.map((m) => m.Body)).toEqual(['a']);
    await expect(
      sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'nonsense' })),
    ).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
  });

  it('validates MaxNumberOfMessages between 1 and 10', async () => {
    const url = await createQueue('receive-limits');
    const error = await rejectionOf(receive(url, { MaxNumberOfMessages: 11 }));
    expect(error).toMatchObject({ name: 'InvalidParameterValue' });
    expect(error.message).toMatch(/MaxNumberOfMessages/);
  });

  it('answers a long poll as soon as a message arrives', async () => {
    const url = await createQueue('long-poll');
    const started = Date.now();
    const polling = receive(url, { WaitTimeSeconds: 10 });
    setTimeout(() => void sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'arrived' })), 300);
    const { Messages = [] } = await polling;
    const elapsed = Date.now() - started;
    expect(Messages.map((m) => m.Body)).toEqual(['arrived']);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('ends an empty long poll after WaitTimeSeconds and delivers delayed messages once their delay passes', async () => {
    const url = await createQueue('delays');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    expect((await receive(url)).Messages).toBeUndefined();
    const started = Date.now();
    const { Messages = [] } = await receive(url, { WaitTimeSeconds: 5 });
    expect(Messages.map((m) => m.Body)).toEqual(['later']);
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('makes a message visible again after its visibility timeout, with a new receipt handle; the stale handle deletes nothing', async () => {
    const url = await createQueue('visibility', { VisibilityTimeout: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'retry me' }));
    const first = (await receive(url)).Messages?.[0];
    expect(first?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await receive(url)).Messages).toBeUndefined();
    const second = (await receive(url, { WaitTimeSeconds: 3 })).Messages?.[0];
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
    expect(second?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second?.Attributes?.ApproximateFirstReceiveTimestamp).toBe(
      first?.Attributes?.ApproximateFirstReceiveTimestamp,
    );
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }));
    expect((await attributesOf(url)).ApproximateNumberOfMessagesNotVisible).toBe('1');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle }));
    const after = await attributesOf(url);
    expect([after.ApproximateNumberOfMessages, after.ApproximateNumberOfMessagesNotVisible]).toEqual(['0', '0']);
  });
});

describe('the local SQS endpoint: dead-letter queues', () => {
  it('moves a message received maxReceiveCount times to the DLQ on the next receive, then redrives it back', async () => {
    const dlqUrl = await createQueue('intake-dlq');
    const dlqArn = (await attributesOf(dlqUrl)).QueueArn;
    const url = await createQueue('intake', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
    });
    const sourceArn = (await attributesOf(url)).QueueArn;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'healthy' }));

    for (const expected of ['1', '2']) {
      const { Messages = [] } = await receive(url, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
      const poison = Messages.find((m) => m.Body === 'poison');
      expect(poison?.Attributes?.ApproximateReceiveCount).toBe(expected);
      const healthy = Messages.find((m) => m.Body === 'healthy');
      if (expected === '2' && healthy)
        await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: healthy.ReceiptHandle }));
    }
    expect((await receive(url, { MaxNumberOfMessages: 10 })).Messages).toBeUndefined();
    const dead = (await receive(dlqUrl, { VisibilityTimeout: 0 })).Messages?.[0];
    expect(dead?.Body).toBe('poison');
    expect(dead?.Attributes?.DeadLetterQueueSourceArn).toBe(sourceArn);

    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    expect(sources.queueUrls).toEqual([url]);

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    expect(TaskHandle).toBeDefined();
    const task = await eventually(async () => {
      const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
      return Results[0]?.Status === 'COMPLETED' ? Results[0] : undefined;
    });
    expect(task).toMatchObject({
      ApproximateNumberOfMessagesMoved: 1,
      ApproximateNumberOfMessagesToMove: 1,
      SourceArn: dlqArn,
    });
    const back = (await receive(url)).Messages?.[0];
    expect(back).toMatchObject({ Body: 'poison', MessageId: dead?.MessageId });
    expect(back?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await attributesOf(dlqUrl)).ApproximateNumberOfMessages).toBe('0');
  });

  it('refuses a message move task from a queue that is not a dead-letter queue', async () => {
    const url = await createQueue('not-a-dlq');
    const arn = (await attributesOf(url)).QueueArn;
    const error = await rejectionOf(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn })));
    expect(error.message).toMatch(/must be configured as a Dead Letter Queue/);
  });
});
