/**
 * The local equivalent of a Lambda SQS event source mapping: pollers long-poll a queue with the real SQS
 * client, invoke a handler with the exact Lambda SQS event shape, and delete what the handler processed.
 *
 * Batch semantics, as Lambda's:
 * - the handler resolves with nothing, null, or an empty `batchItemFailures`: the whole batch is deleted;
 * - it resolves with `batchItemFailures` (ReportBatchItemFailures): all but those messages are deleted, and
 *   those reappear after their visibility timeout (then reach the DLQ after `maxReceiveCount` receives);
 *   an item identifier that is empty or not in the batch makes the whole batch a failure;
 * - it throws: nothing is deleted, the whole batch is retried after the visibility timeout.
 * `maxConcurrency` caps the batches in flight at once (one per poller), like the mapping's maximum
 * concurrency. `stop()` ends polling and waits for the batches in flight (and their deletes).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

export interface SqsEventSourceOptions {
  readonly queueUrl: string;
  readonly sqsClient: SQSClient;
  /** Messages per invocation, 1 to 10 (one ReceiveMessage call); default 10. */
  readonly batchSize?: number;
  /** Batches processed at once (pollers), at least 1; default 5. */
  readonly maxConcurrency?: number;
  /** Long-poll duration of each receive, 0 to 20 seconds; default 20. */
  readonly waitTimeSeconds?: number;
  /** Honour `batchItemFailures` in the handler's response (ReportBatchItemFailures); default true. */
  readonly reportBatchItemFailures?: boolean;
  /**
   * The function: receives the Lambda SQS event and resolves with an `SQSBatchResponse` to report partial
   * batch failures, or with nothing; any other value counts as full success, as in Lambda.
   */
  readonly invoke: (event: SQSEvent) => Promise<unknown>;
  /** Errors of polling, of the handler and of deletes; default: logged with console.error. */
  readonly onError?: (error: unknown) => void;
}

export interface SqsEventSource {
  /** Stops polling and resolves once the batches in flight are processed and deleted. */
  stop(): Promise<void>;
}

/**
 * Starts polling a queue for a handler, as a Lambda SQS event source mapping does. Returns at once; the
 * queue's ARN (for `eventSourceARN`) is read before the first receive, and polling errors (a missing queue,
 * the endpoint not up yet) go to `onError` and are retried every second.
 */
export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const batchSize = options.batchSize ?? 10;
  const maxConcurrency = options.maxConcurrency ?? 5;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10)
    throw new Error('batchSize must be an integer from 1 to 10.');
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1)
    throw new Error('maxConcurrency must be a positive integer.');
  if (!Number.isInteger(waitTimeSeconds) || waitTimeSeconds < 0 || waitTimeSeconds > 20) {
    throw new Error('waitTimeSeconds must be an integer from 0 to 20.');
  }
  const client = options.sqsClient;
  const onError = options.onError ?? ((error: unknown) => console.error('[sqs-event-source]', error));
  const reportFailures = options.reportBatchItemFailures ?? true;

  const controller = new AbortController();
  let stopping = false;
  let source: Promise<{ region: string; queueArn: string }> | undefined;
  const eventSource = (): Promise<{ region: string; queueArn: string }> => {
    source ??= (async () => {
      const region = await client.config.region();
      const attributes = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: options.queueUrl, AttributeNames: ['QueueArn'] }),
        { abortSignal: controller.signal },
      );
      const queueArn = attributes.Attributes?.QueueArn;
      if (queueArn === undefined) throw new Error(`The queue ${options.queueUrl} did not report its ARN.`);
      return { region, queueArn };
    })();
    source.catch(() => {
      source = undefined;
    });
    return source;
  };

  const toRecord = (message: Message, queueArn: string, region: string): SQSRecord => ({
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: { ...message.Attributes } as unknown as SQSRecordAttributes,
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
          ...(value.BinaryValue !== undefined
            ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
            : {}),
          stringListValues: value.StringListValues ?? [],
          binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
          dataType: value.DataType ?? 'String',
        },
      ]),
    ) as SQSMessageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  });

  /** The messages to delete after the handler ran, per Lambda's partial batch response rules. */
  const processed = (messages: Message[], response: unknown): Message[] => {
    const failures =
      reportFailures && response !== null && typeof response === 'object'
        ? (response as Partial<SQSBatchResponse>).batchItemFailures
        : undefined;
    if (!Array.isArray(failures) || failures.length === 0) return messages;
    const ids = new Set(messages.map((m) => m.MessageId));
    const failed = new Set<string>();
    for (const failure of failures as unknown[]) {
      const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      if (typeof id !== 'string' || id === '' || !ids.has(id)) {
        onError(new Error(`Invalid batchItemFailures item ${JSON.stringify(failure)}: the whole batch is retried.`));
        return [];
      }
      failed.add(id);
    }
    return messages.filter((m) => !failed.has(m.MessageId ?? ''));
  };

  const processBatch = async (messages: Message[], queueArn: string, region: string): Promise<void> => {
    let response: unknown;
    try {
      response = await options.invoke({ Records: messages.map((m) => toRecord(m, queueArn, region)) });
    } catch (error) {
      onError(error);
      return;
    }
    const done = processed(messages, response);
    if (done.length === 0) return;
    try {
      const result = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      for (const failure of result.Failed ?? [])
        onError(new Error(`Delete failed: ${failure.Code}: ${failure.Message}`));
    } catch (error) {
      onError(error);
    }
  };

  const poll = async (): Promise<void> => {
    while (!stopping) {
      let messages: Message[];
      let queueArn: string;
      let region: string;
      try {
        ({ queueArn, region } = await eventSource());
        const output = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: waitTimeSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: controller.signal },
        );
        messages = output.Messages ?? [];
      } catch (error) {
        if (stopping) return;
        onError(error);
        await sleep(1000, undefined, { signal: controller.signal }).catch(() => undefined);
        continue;
      }
      if (messages.length > 0) await processBatch(messages, queueArn, region);
    }
  };

  const pollers = Array.from({ length: maxConcurrency }, () => poll());
  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        controller.abort();
        await Promise.all(pollers);
      })();
      return stopped;
    },
  };
}
