/**
 * Local Amazon SQS (standard queues) behind the AWS JSON 1.0 protocol: the operations the AWS SDK v3 and the
 * AWS CLI call, with AWS's validation rules, visibility timeouts, long polling, dead-letter queues and
 * message move tasks (DLQ redrive). State changes go to a {@link ChangeLog} so they survive a restart.
 *
 * Semantics worth knowing (see README.md in this folder):
 * - Receipt handles change on every receive. Deleting with a stale handle (the message was received again
 *   since) succeeds and deletes nothing, as AWS documents; a malformed handle is `ReceiptHandleIsInvalid`.
 * - A message received `maxReceiveCount` times without being deleted moves to the DLQ on the next receive
 *   attempt, keeping its ID, body, attributes, receive count and original enqueue time.
 * - FIFO queues are not supported (a clear error says so).
 */
import { randomUUID } from 'node:crypto';
import { AwsServiceError, isObject, type JsonObject, paginate, RequestReader } from './aws-json-protocol.ts';
import type { ChangeLog, JournalEntry } from './persistence.ts';
import { md5OfBody, md5OfMessageAttributes, type SqsMessageAttributeValue } from './sqs-md5.ts';

export interface SqsServiceOptions {
  readonly region: string;
  readonly accountId: string;
  /** Base URL of the endpoint (queue URLs are `<baseUrl>/<accountId>/<name>`); read when URLs are built. */
  readonly baseUrl: () => string;
  readonly log: ChangeLog;
}

/** A queue as persisted: the attributes set explicitly (defaults are applied when read). */
export interface StoredQueue {
  name: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
}

/** A message as persisted. Times are epoch milliseconds. */
export interface StoredMessage {
  id: string;
  body: string;
  md5OfBody: string;
  attributes?: Record<string, SqsMessageAttributeValue>;
  systemAttributes?: Record<string, SqsMessageAttributeValue>;
  groupId?: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receiptHandle?: string;
  deadLetterSourceArn?: string;
}

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

/** A message move task (StartMessageMoveTask), as persisted. */
export interface StoredMoveTask {
  id: string;
  handle: string;
  sourceArn: string;
  destinationArn?: string;
  maxPerSecond?: number;
  status: MoveTaskStatus;
  moved: number;
  toMove: number;
  startedAt: number;
  failureReason?: string;
}

export interface SqsSnapshot {
  queues: { queue: StoredQueue; messages: StoredMessage[] }[];
  moveTasks: StoredMoveTask[];
}

interface QueueState {
  record: StoredQueue;
  messages: Map<string, StoredMessage>;
  waiters: Set<() => void>;
}

const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

const INTEGER_ATTRIBUTES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

const SETTABLE_ATTRIBUTES = [
  ...Object.keys(INTEGER_ATTRIBUTES),
  'SqsManagedSseEnabled',
  'KmsMasterKeyId',
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
];

const FIFO_ATTRIBUTES = ['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit'];

const MESSAGE_SYSTEM_ATTRIBUTE_NAMES = [
  'All',
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
];

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// Characters AWS accepts in bodies and string values: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const sqsError = (code: string, message: string, status = 400, queryCode = code): AwsServiceError =>
  new AwsServiceError('sqs', code, message, status, queryCode);

const queueDoesNotExist = (): AwsServiceError =>
  sqsError('QueueDoesNotExist', 'The specified queue does not exist.', 400, 'AWS.SimpleQueueService.NonExistentQueue');

const invalidParameter = (message: string): AwsServiceError => sqsError('InvalidParameterValue', message);

const invalidAttributeValue = (name: string, reason?: string): AwsServiceError =>
  sqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`);

const receiptHandleIsInvalid = (handle: string): AwsServiceError =>
  sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);

/** An error of one entry in a batch request, answered in the `Failed` list. */
interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** The local SQS service: queues, messages and the operations on them. */
export class SqsService {
  private readonly queues = new Map<string, QueueState>();
  private readonly moveTasks = new Map<string, StoredMoveTask>();
  private readonly moveTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: SqsServiceOptions) {}

  // ------------------------------------------------------------------------------------------ state

  /** Restores queues, messages and move tasks from a snapshot and the journal written after it. */
  restore(snapshot: SqsSnapshot | undefined, entries: readonly JournalEntry[]): void {
    for (const { queue, messages } of snapshot?.queues ?? []) {
      this.queues.set(queue.name, {
        record: queue,
        messages: new Map(messages.map((m) => [m.id, m])),
        waiters: new Set(),
      });
    }
    for (const task of snapshot?.moveTasks ?? []) this.moveTasks.set(task.id, task);
    for (const entry of entries) {
      switch (entry.t) {
        case 'sqs.queue': {
          const queue = entry.queue as StoredQueue;
          const existing = this.queues.get(queue.name);
          if (existing) existing.record = queue;
          else this.queues.set(queue.name, { record: queue, messages: new Map(), waiters: new Set() });
          break;
        }
        case 'sqs.queueDeleted':
          this.queues.delete(entry.name as string);
          break;
        case 'sqs.message': {
          const message = entry.message as StoredMessage;
          this.queues.get(entry.queue as string)?.messages.set(message.id, message);
          break;
        }
        case 'sqs.messageDeleted':
          this.queues.get(entry.queue as string)?.messages.delete(entry.id as string);
          break;
        case 'sqs.purged':
          this.queues.get(entry.queue as string)?.messages.clear();
          break;
        case 'sqs.moveTask': {
          const task = entry.task as StoredMoveTask;
          this.moveTasks.set(task.id, task);
          break;
        }
      }
    }
    for (const task of this.moveTasks.values()) {
      if (task.status === 'RUNNING') this.scheduleMove(task, 0);
      if (task.status === 'CANCELLING') this.setMoveStatus(task, 'CANCELLED');
    }
  }

  /** The whole state, for a snapshot. */
  snapshot(): SqsSnapshot {
    return {
      queues: [...this.queues.values()].map((q) => ({ queue: q.record, messages: [...q.messages.values()] })),
      moveTasks: [...this.moveTasks.values()],
    };
  }

  /** Ends long polls (they answer with no messages) and stops move tasks; state stays as it is. */
  close(): void {
    this.closed = true;
    for (const timer of this.moveTimers) clearTimeout(timer);
    this.moveTimers.clear();
    for (const queue of this.queues.values()) this.notify(queue);
  }

  /** The URL of a queue by name (whether or not it exists). */
  queueUrl(name: string): string {
    return `${this.options.baseUrl()}/${this.options.accountId}/${name}`;
  }

  /** The ARN of a queue by name (whether or not it exists). */
  queueArn(name: string): string {
    return `arn:aws:sqs:${this.options.region}:${this.options.accountId}:${name}`;
  }

  /** Names of the existing queues. */
  queueNames(): string[] {
    return [...this.queues.keys()].sort();
  }

  /** Runs one SQS operation (the `X-Amz-Target` suffix) on a JSON request. */
  async handle(operation: string, input: Record<string, unknown>, signal: AbortSignal): Promise<JsonObject> {
    const r = new RequestReader('sqs', input);
    switch (operation) {
      case 'CreateQueue':
        return this.createQueue(r);
      case 'GetQueueUrl':
        return this.getQueueUrl(r);
      case 'ListQueues':
        return this.listQueues(r);
      case 'DeleteQueue':
        return this.deleteQueue(r);
      case 'GetQueueAttributes':
        return this.getQueueAttributes(r);
      case 'SetQueueAttributes':
        return this.setQueueAttributes(r);
      case 'TagQueue':
        return this.tagQueue(r);
      case 'UntagQueue':
        return this.untagQueue(r);
      case 'ListQueueTags':
        return this.listQueueTags(r);
      case 'PurgeQueue':
        return this.purgeQueue(r);
      case 'ListDeadLetterSourceQueues':
        return this.listDeadLetterSourceQueues(r);
      case 'SendMessage':
        return this.sendMessage(r);
      case 'SendMessageBatch':
        return this.sendMessageBatch(r);
      case 'ReceiveMessage':
        return this.receiveMessage(r, signal);
      case 'DeleteMessage':
        return this.deleteMessage(r);
      case 'DeleteMessageBatch':
        return this.deleteMessageBatch(r);
      case 'ChangeMessageVisibility':
        return this.changeMessageVisibility(r);
      case 'ChangeMessageVisibilityBatch':
        return this.changeMessageVisibilityBatch(r);
      case 'StartMessageMoveTask':
        return this.startMessageMoveTask(r);
      case 'ListMessageMoveTasks':
        return this.listMessageMoveTasks(r);
      case 'CancelMessageMoveTask':
        return this.cancelMessageMoveTask(r);
      default:
        throw sqsError(
          'InvalidAction',
          `The action ${operation} is not valid for this endpoint (the local SQS supports queues, messages, tags and message move tasks).`,
        );
    }
  }

  // ----------------------------------------------------------------------------------------- queues

  private createQueue(r: RequestReader): JsonObject {
    const name = r.string('QueueName');
    if (name.endsWith('.fifo')) {
      throw invalidParameter(
        `Value ${name} for parameter QueueName is invalid. Reason: FIFO queues are not supported by the local endpoint.`,
      );
    }
    if (!QUEUE_NAME.test(name)) {
      throw invalidParameter(
        `Value ${name} for parameter QueueName is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.`,
      );
    }
    const attributes = this.validateAttributes(r.optionalStringMap('Attributes') ?? {}, name);
    const existing = this.queues.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(attributes)) {
        if (this.effectiveAttribute(existing, key) !== value) {
          throw sqsError(
            'QueueNameExists',
            `A queue already exists with the same name and a different value for attribute ${key}`,
            400,
            'QueueAlreadyExists',
          );
        }
      }
      return { QueueUrl: this.queueUrl(name) };
    }
    const now = Date.now();
    const record: StoredQueue = {
      name,
      attributes: Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== '')),
      tags: r.optionalStringMap('tags') ?? {},
      createdAt: now,
      modifiedAt: now,
    };
    this.queues.set(name, { record, messages: new Map(), waiters: new Set() });
    this.options.log.append({ t: 'sqs.queue', queue: record });
    return { QueueUrl: this.queueUrl(name) };
  }

  private getQueueUrl(r: RequestReader): JsonObject {
    const name = r.string('QueueName');
    if (!this.queues.has(name)) throw queueDoesNotExist();
    return { QueueUrl: this.queueUrl(name) };
  }

  private listQueues(r: RequestReader): JsonObject {
    const prefix = r.optionalString('QueueNamePrefix') ?? '';
    const maxResults = r.optionalInt('MaxResults', 1, 1000);
    const names = this.queueNames().filter((name) => name.startsWith(prefix));
    const { page, nextToken } = paginate(
      names,
      (n) => n,
      maxResults ?? 1000,
      r.optionalString('NextToken'),
      () => invalidParameter('Invalid NextToken value.'),
    );
    const result: JsonObject = {};
    if (page.length > 0) result.QueueUrls = page.map((name) => this.queueUrl(name));
    if (maxResults !== undefined && nextToken !== undefined) result.NextToken = nextToken;
    return result;
  }

  private deleteQueue(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    this.queues.delete(queue.record.name);
    this.options.log.append({ t: 'sqs.queueDeleted', name: queue.record.name });
    this.notify(queue);
    return {};
  }

  private getQueueAttributes(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const requested = r.optionalStringList('AttributeNames') ?? [];
    const all = this.allAttributes(queue);
    const known = new Set([...SETTABLE_ATTRIBUTES, ...COMPUTED_ATTRIBUTES, ...FIFO_ATTRIBUTES]);
    const result: Record<string, string> = {};
    for (const name of requested) {
      if (name === 'All') Object.assign(result, all);
      else if (!known.has(name)) throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      else if (all[name] !== undefined) result[name] = all[name];
    }
    return Object.keys(result).length > 0 ? { Attributes: result } : {};
  }

  private setQueueAttributes(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const given = r.optionalStringMap('Attributes');
    if (given === undefined) throw r.missing('Attributes');
    const attributes = this.validateAttributes(given, queue.record.name);
    for (const [key, value] of Object.entries(attributes)) {
      if (value === '') delete queue.record.attributes[key];
      else queue.record.attributes[key] = value;
    }
    queue.record.modifiedAt = Date.now();
    this.options.log.append({ t: 'sqs.queue', queue: queue.record });
    this.notify(queue);
    return {};
  }

  private tagQueue(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const tags = r.optionalStringMap('Tags');
    if (tags === undefined) throw r.missing('Tags');
    Object.assign(queue.record.tags, tags);
    this.options.log.append({ t: 'sqs.queue', queue: queue.record });
    return {};
  }

  private untagQueue(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const keys = r.optionalStringList('TagKeys');
    if (keys === undefined) throw r.missing('TagKeys');
    for (const key of keys) delete queue.record.tags[key];
    this.options.log.append({ t: 'sqs.queue', queue: queue.record });
    return {};
  }

  private listQueueTags(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    return Object.keys(queue.record.tags).length > 0 ? { Tags: { ...queue.record.tags } } : {};
  }

  private purgeQueue(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    queue.messages.clear();
    this.options.log.append({ t: 'sqs.purged', queue: queue.record.name });
    return {};
  }

  private listDeadLetterSourceQueues(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const maxResults = r.optionalInt('MaxResults', 1, 1000);
    const arn = this.queueArn(queue.record.name);
    const sources = this.queueNames().filter((name) => {
      const source = this.queues.get(name);
      return source !== undefined && redrivePolicyOf(source)?.deadLetterTargetArn === arn;
    });
    const { page, nextToken } = paginate(
      sources,
      (n) => n,
      maxResults ?? 1000,
      r.optionalString('NextToken'),
      () => invalidParameter('Invalid NextToken value.'),
    );
    const result: JsonObject = { queueUrls: page.map((name) => this.queueUrl(name)) };
    if (maxResults !== undefined && nextToken !== undefined) result.NextToken = nextToken;
    return result;
  }

  // --------------------------------------------------------------------------------------- messages

  /** SendMessage; also used in-process by the Step Functions `sqs:sendMessage` integration. */
  sendMessage(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const message = this.prepareMessage(queue, r, '');
    const size = messageSize(message);
    const max = Number(this.effectiveAttribute(queue, 'MaximumMessageSize'));
    if (size > max) {
      throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
    }
    this.putMessage(queue, message);
    return sendResult(message);
  }

  private sendMessageBatch(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const entries = this.batchEntries(r, 'SendMessageBatchRequestEntry');
    const prepared: (StoredMessage | BatchFailure)[] = entries.map(({ id, entry }) => {
      try {
        return this.prepareMessage(queue, new RequestReader('sqs', entry), `${id}.`);
      } catch (error) {
        return batchFailure(id, error);
      }
    });
    const total = prepared.reduce((sum, m) => sum + ('body' in m ? messageSize(m) : 0), 0);
    const max = Number(this.effectiveAttribute(queue, 'MaximumMessageSize'));
    if (total > max) {
      throw sqsError(
        'BatchRequestTooLong',
        `Batch requests cannot be longer than ${max} bytes. You have sent ${total} bytes.`,
        400,
        'AWS.SimpleQueueService.BatchRequestTooLong',
      );
    }
    const successful: JsonObject[] = [];
    const failed: BatchFailure[] = [];
    prepared.forEach((message, i) => {
      const id = entries[i]?.id ?? '';
      if (!('body' in message)) {
        failed.push(message);
      } else if (messageSize(message) > max) {
        failed.push({
          Id: id,
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message: `One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`,
        });
      } else {
        this.putMessage(queue, message);
        successful.push({ Id: id, ...sendResult(message) });
      }
    });
    return { Successful: successful, Failed: failed as unknown as JsonObject[] };
  }

  private async receiveMessage(r: RequestReader, signal: AbortSignal): Promise<JsonObject> {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const max = r.optionalInt('MaxNumberOfMessages', 1, 10) ?? 1;
    const visibility =
      r.optionalInt('VisibilityTimeout', 0, 43_200) ?? Number(this.effectiveAttribute(queue, 'VisibilityTimeout'));
    const wait =
      r.optionalInt('WaitTimeSeconds', 0, 20) ??
      Number(this.effectiveAttribute(queue, 'ReceiveMessageWaitTimeSeconds'));
    const systemNames = [
      ...(r.optionalStringList('AttributeNames') ?? []),
      ...(r.optionalStringList('MessageSystemAttributeNames') ?? []),
    ];
    for (const name of systemNames) {
      if (!MESSAGE_SYSTEM_ATTRIBUTE_NAMES.includes(name))
        throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
    const attributeNames = r.optionalStringList('MessageAttributeNames') ?? [];
    const name = queue.record.name;
    const deadline = Date.now() + wait * 1000;
    for (;;) {
      const current = this.queues.get(name);
      if (current === undefined || signal.aborted || this.closed) return {};
      const received = this.take(current, max, visibility);
      if (received.length > 0) {
        return { Messages: received.map((m) => this.receivedMessage(m, systemNames, attributeNames)) };
      }
      const now = Date.now();
      if (now >= deadline) return {};
      const nextVisible = nextVisibleAt(current, now);
      await waitForChange(current, Math.min(deadline, nextVisible ?? deadline) - now, signal);
    }
  }

  private deleteMessage(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    this.deleteByHandle(queue, r.string('ReceiptHandle'));
    return {};
  }

  private deleteMessageBatch(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const successful: JsonObject[] = [];
    const failed: BatchFailure[] = [];
    for (const { id, entry } of this.batchEntries(r, 'DeleteMessageBatchRequestEntry')) {
      try {
        this.deleteByHandle(queue, new RequestReader('sqs', entry).string('ReceiptHandle'));
        successful.push({ Id: id });
      } catch (error) {
        failed.push(batchFailure(id, error));
      }
    }
    return { Successful: successful, Failed: failed as unknown as JsonObject[] };
  }

  private changeMessageVisibility(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const handle = r.string('ReceiptHandle');
    const timeout = r.optionalInt('VisibilityTimeout', 0, 43_200);
    if (timeout === undefined) throw r.missing('VisibilityTimeout');
    this.changeVisibility(queue, handle, timeout);
    return {};
  }

  private changeMessageVisibilityBatch(r: RequestReader): JsonObject {
    const queue = this.queueFromUrl(r.string('QueueUrl'));
    const successful: JsonObject[] = [];
    const failed: BatchFailure[] = [];
    for (const { id, entry } of this.batchEntries(r, 'ChangeMessageVisibilityBatchRequestEntry')) {
      try {
        const er = new RequestReader('sqs', entry);
        const timeout = er.optionalInt('VisibilityTimeout', 0, 43_200);
        if (timeout === undefined) throw er.missing('VisibilityTimeout');
        this.changeVisibility(queue, er.string('ReceiptHandle'), timeout);
        successful.push({ Id: id });
      } catch (error) {
        failed.push(batchFailure(id, error));
      }
    }
    return { Successful: successful, Failed: failed as unknown as JsonObject[] };
  }

  // ---------------------------------------------------------------------------------- message moves

  private startMessageMoveTask(r: RequestReader): JsonObject {
    const sourceArn = r.string('SourceArn');
    const source = this.queueFromArn(sourceArn);
    if (source === undefined)
      throw sqsError(
        'ResourceNotFoundException',
        "The resource that you specified for the SourceArn parameter doesn't exist.",
        404,
      );
    const isDeadLetterQueue = [...this.queues.values()].some(
      (q) => redrivePolicyOf(q)?.deadLetterTargetArn === this.queueArn(source.record.name),
    );
    if (!isDeadLetterQueue) {
      throw invalidParameter('Source queue must be configured as a Dead Letter Queue.');
    }
    const destinationArn = r.optionalString('DestinationArn');
    if (destinationArn !== undefined && this.queueFromArn(destinationArn) === undefined) {
      throw sqsError(
        'ResourceNotFoundException',
        "The resource that you specified for the DestinationArn parameter doesn't exist.",
        404,
      );
    }
    const maxPerSecond = r.optionalInt('MaxNumberOfMessagesPerSecond', 1, 500);
    const running = [...this.moveTasks.values()].find((t) => t.sourceArn === sourceArn && t.status === 'RUNNING');
    if (running)
      throw invalidParameter(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    const id = randomUUID();
    const now = Date.now();
    const task: StoredMoveTask = {
      id,
      handle: Buffer.from(JSON.stringify({ taskId: id, sourceArn }), 'utf8').toString('base64'),
      sourceArn,
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(maxPerSecond !== undefined ? { maxPerSecond } : {}),
      status: 'RUNNING',
      moved: 0,
      toMove: [...source.messages.values()].filter((m) => m.visibleAt <= now && !this.isExpired(source, m, now)).length,
      startedAt: now,
    };
    this.moveTasks.set(id, task);
    this.options.log.append({ t: 'sqs.moveTask', task });
    this.scheduleMove(task, 0);
    return { TaskHandle: task.handle };
  }

  private listMessageMoveTasks(r: RequestReader): JsonObject {
    const sourceArn = r.string('SourceArn');
    if (this.queueFromArn(sourceArn) === undefined) {
      throw sqsError(
        'ResourceNotFoundException',
        "The resource that you specified for the SourceArn parameter doesn't exist.",
        404,
      );
    }
    const maxResults = r.optionalInt('MaxResults', 1, 10) ?? 1;
    const tasks = [...this.moveTasks.values()]
      .filter((t) => t.sourceArn === sourceArn)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, maxResults);
    return {
      Results: tasks.map((t) => ({
        ...(t.status === 'RUNNING' ? { TaskHandle: t.handle } : {}),
        Status: t.status,
        SourceArn: t.sourceArn,
        ...(t.destinationArn !== undefined ? { DestinationArn: t.destinationArn } : {}),
        ...(t.maxPerSecond !== undefined ? { MaxNumberOfMessagesPerSecond: t.maxPerSecond } : {}),
        ApproximateNumberOfMessagesMoved: t.moved,
        ApproximateNumberOfMessagesToMove: t.toMove,
        ...(t.failureReason !== undefined ? { FailureReason: t.failureReason } : {}),
        StartedTimestamp: t.startedAt,
      })),
    };
  }

  private cancelMessageMoveTask(r: RequestReader): JsonObject {
    const handle = r.string('TaskHandle');
    const task = [...this.moveTasks.values()].find((t) => t.handle === handle);
    if (task === undefined || task.status !== 'RUNNING') {
      throw sqsError(
        'ResourceNotFoundException',
        'The task handle does not refer to a running message move task.',
        404,
      );
    }
    this.setMoveStatus(task, 'CANCELLED');
    return { ApproximateNumberOfMessagesMoved: task.moved };
  }

  private scheduleMove(task: StoredMoveTask, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.moveTimers.delete(timer);
      this.moveStep(task);
    }, delayMs);
    timer.unref();
    this.moveTimers.add(timer);
  }

  private moveStep(task: StoredMoveTask): void {
    if (task.status !== 'RUNNING' || this.closed) return;
    const source = this.queueFromArn(task.sourceArn);
    if (source === undefined) {
      this.setMoveStatus(task, 'FAILED', 'AWS.SimpleQueueService.NonExistentQueue: the source queue no longer exists.');
      return;
    }
    const budget = task.maxPerSecond ?? Number.POSITIVE_INFINITY;
    const now = Date.now();
    const candidates = [...source.messages.values()].filter(
      (m) => m.visibleAt <= now && !this.isExpired(source, m, now),
    );
    let movedNow = 0;
    for (const message of candidates) {
      if (movedNow >= budget || task.moved >= task.toMove) break;
      const destinationArn = task.destinationArn ?? message.deadLetterSourceArn;
      const destination = destinationArn === undefined ? undefined : this.queueFromArn(destinationArn);
      if (destination === undefined) {
        this.setMoveStatus(
          task,
          'FAILED',
          `AWS.SimpleQueueService.NonExistentQueue: no destination queue for message ${message.id} (${destinationArn ?? 'it did not come from a source queue'}).`,
        );
        return;
      }
      this.removeMessage(source, message.id);
      this.putMessage(destination, {
        id: message.id,
        body: message.body,
        md5OfBody: message.md5OfBody,
        ...(message.attributes !== undefined ? { attributes: message.attributes } : {}),
        ...(message.systemAttributes !== undefined ? { systemAttributes: message.systemAttributes } : {}),
        ...(message.groupId !== undefined ? { groupId: message.groupId } : {}),
        sentAt: now,
        visibleAt: now,
        receiveCount: 0,
      });
      task.moved += 1;
      movedNow += 1;
    }
    const remaining = [...source.messages.values()].some((m) => m.visibleAt <= Date.now());
    if (task.moved >= task.toMove || !remaining) this.setMoveStatus(task, 'COMPLETED');
    else {
      this.options.log.append({ t: 'sqs.moveTask', task });
      this.scheduleMove(task, 1000);
    }
  }

  private setMoveStatus(task: StoredMoveTask, status: MoveTaskStatus, failureReason?: string): void {
    task.status = status;
    if (failureReason !== undefined) task.failureReason = failureReason;
    this.options.log.append({ t: 'sqs.moveTask', task });
  }

  // -------------------------------------------------------------------------------------- internals

  private queueFromUrl(url: string): QueueState {
    let name: string | undefined;
    try {
      name = new URL(url).pathname.split('/').filter(Boolean).at(-1);
    } catch {
      name = undefined;
    }
    const queue = name === undefined ? undefined : this.queues.get(decodeURIComponent(name));
    if (queue === undefined) throw queueDoesNotExist();
    return queue;
  }

  private queueFromArn(arn: string): QueueState | undefined {
    const parts = arn.split(':');
    if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs') return undefined;
    const name = parts[5];
    return name === undefined ? undefined : this.queues.get(name);
  }

  private effectiveAttribute(queue: QueueState, name: string): string | undefined {
    const explicit = queue.record.attributes[name];
    if (explicit !== undefined) return explicit;
    if (name === 'SqsManagedSseEnabled' && queue.record.attributes.KmsMasterKeyId !== undefined) return 'false';
    if (name === 'KmsDataKeyReusePeriodSeconds' && queue.record.attributes.KmsMasterKeyId !== undefined) return '300';
    return DEFAULT_ATTRIBUTES[name];
  }

  private allAttributes(queue: QueueState): Record<string, string> {
    const now = Date.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of [...queue.messages.values()]) {
      if (this.isExpired(queue, message, now)) {
        this.removeMessage(queue, message.id);
      } else if (message.visibleAt <= now) visible += 1;
      else if (message.receiptHandle !== undefined) inFlight += 1;
      else delayed += 1;
    }
    const result: Record<string, string> = {};
    for (const name of [...Object.keys(DEFAULT_ATTRIBUTES), ...SETTABLE_ATTRIBUTES]) {
      const value = this.effectiveAttribute(queue, name);
      if (value !== undefined) result[name] = value;
    }
    if (queue.record.attributes.KmsMasterKeyId !== undefined) delete result.SqsManagedSseEnabled;
    return {
      QueueArn: this.queueArn(queue.record.name),
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(inFlight),
      ApproximateNumberOfMessagesDelayed: String(delayed),
      CreatedTimestamp: String(Math.floor(queue.record.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.record.modifiedAt / 1000)),
      ...result,
    };
  }

  /** Validates and normalises queue attributes; an empty string means "remove" where AWS allows it. */
  private validateAttributes(attributes: Record<string, string>, queueName: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(attributes)) {
      const range = INTEGER_ATTRIBUTES[name];
      if (range !== undefined) {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
          throw invalidAttributeValue(name, `Must be an integer from ${range[0]} to ${range[1]}.`);
        }
        result[name] = String(n);
      } else if (name === 'SqsManagedSseEnabled') {
        if (value !== 'true' && value !== 'false') throw invalidAttributeValue(name, 'Must be true or false.');
        result[name] = value;
      } else if (name === 'KmsMasterKeyId') {
        result[name] = value;
      } else if (name === 'Policy') {
        if (value !== '' && !isJsonObject(value)) throw invalidAttributeValue(name, 'Must be a JSON policy document.');
        result[name] = value;
      } else if (name === 'RedrivePolicy') {
        result[name] = value === '' ? '' : this.validateRedrivePolicy(value, queueName);
      } else if (name === 'RedriveAllowPolicy') {
        result[name] = value === '' ? '' : validateRedriveAllowPolicy(value);
      } else if (name === 'FifoQueue' && value === 'false') {
        // A standard queue, explicitly.
      } else if (name === 'FifoQueue') {
        throw invalidAttributeValue(name, 'FIFO queues are not supported by the local endpoint.');
      } else {
        throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      }
    }
    if (result.KmsMasterKeyId && result.SqsManagedSseEnabled === 'true') {
      throw invalidAttributeValue('SqsManagedSseEnabled', 'You can use SSE-SQS or SSE-KMS, not both.');
    }
    return result;
  }

  private validateRedrivePolicy(value: string, queueName: string): string {
    let policy: unknown;
    try {
      policy = JSON.parse(value);
    } catch {
      throw invalidAttributeValue('RedrivePolicy', 'Redrive policy is not a valid JSON map.');
    }
    if (!isObject(policy) || typeof policy.deadLetterTargetArn !== 'string') {
      throw invalidAttributeValue(
        'RedrivePolicy',
        'Redrive policy does not contain mandatory attribute: deadLetterTargetArn.',
      );
    }
    const count = Number(policy.maxReceiveCount);
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      throw invalidAttributeValue('RedrivePolicy', 'Value for maxReceiveCount must be an integer from 1 to 1000.');
    }
    const target = this.queueFromArn(policy.deadLetterTargetArn);
    if (target === undefined) throw invalidAttributeValue('RedrivePolicy', 'Dead-letter target does not exist.');
    if (target.record.name === queueName) {
      throw invalidAttributeValue('RedrivePolicy', 'Dead-letter target cannot be the queue itself.');
    }
    const allow = target.record.attributes.RedriveAllowPolicy;
    if (allow !== undefined) {
      const parsed = JSON.parse(allow) as { redrivePermission: string; sourceQueueArns?: string[] };
      const sourceArn = this.queueArn(queueName);
      if (
        parsed.redrivePermission === 'denyAll' ||
        (parsed.redrivePermission === 'byQueue' && !(parsed.sourceQueueArns ?? []).includes(sourceArn))
      ) {
        throw invalidAttributeValue(
          'RedrivePolicy',
          'Dead-letter target does not allow this queue as a source (RedriveAllowPolicy).',
        );
      }
    }
    return JSON.stringify({ deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: count });
  }

  /** Validates a message (SendMessage or a batch entry) and builds it, not yet enqueued. */
  private prepareMessage(queue: QueueState, r: RequestReader, prefix: string): StoredMessage {
    const body = r.optionalString('MessageBody');
    if (body === undefined) throw r.missing(`${prefix}MessageBody`);
    if (body === '')
      throw invalidParameter(`Value for parameter ${prefix}MessageBody is invalid. Reason: Empty message.`);
    checkCharacters(body, 'the message body');
    const delay = r.optionalInt('DelaySeconds', 0, 900) ?? Number(this.effectiveAttribute(queue, 'DelaySeconds'));
    if (r.optionalString('MessageDeduplicationId') !== undefined) {
      throw invalidParameter(
        `The request includes a parameter that is not valid for this queue type. Reason: ${prefix}MessageDeduplicationId is only valid for FIFO queues.`,
      );
    }
    const groupId = r.optionalString('MessageGroupId');
    if (groupId !== undefined && (groupId.length < 1 || groupId.length > 128)) {
      throw invalidParameter(
        `Value ${groupId} for parameter ${prefix}MessageGroupId is invalid. Reason: 1 to 128 characters.`,
      );
    }
    const attributes = validateMessageAttributes(r.optionalObject('MessageAttributes'), false);
    const systemAttributes = validateMessageAttributes(r.optionalObject('MessageSystemAttributes'), true);
    const now = Date.now();
    return {
      id: randomUUID(),
      body,
      md5OfBody: md5OfBody(body),
      ...(attributes !== undefined ? { attributes } : {}),
      ...(systemAttributes !== undefined ? { systemAttributes } : {}),
      ...(groupId !== undefined ? { groupId } : {}),
      sentAt: now,
      visibleAt: now + delay * 1000,
      receiveCount: 0,
    };
  }

  private putMessage(queue: QueueState, message: StoredMessage): void {
    queue.messages.set(message.id, message);
    this.options.log.append({ t: 'sqs.message', queue: queue.record.name, message });
    this.notify(queue);
  }

  private removeMessage(queue: QueueState, id: string): void {
    if (queue.messages.delete(id)) this.options.log.append({ t: 'sqs.messageDeleted', queue: queue.record.name, id });
  }

  private isExpired(queue: QueueState, message: StoredMessage, now: number): boolean {
    return message.sentAt + Number(this.effectiveAttribute(queue, 'MessageRetentionPeriod')) * 1000 <= now;
  }

  /** Receives up to `max` visible messages, moving those over the redrive limit to the DLQ first. */
  private take(queue: QueueState, max: number, visibilitySeconds: number): StoredMessage[] {
    const now = Date.now();
    const redrive = redrivePolicyOf(queue);
    const deadLetterQueue = redrive === undefined ? undefined : this.queueFromArn(redrive.deadLetterTargetArn);
    const taken: StoredMessage[] = [];
    // Deleting the current entry while iterating a Map is safe; moved messages go to another queue's Map.
    for (const message of queue.messages.values()) {
      if (taken.length >= max) break;
      if (this.isExpired(queue, message, now)) {
        this.removeMessage(queue, message.id);
        continue;
      }
      if (message.visibleAt > now) continue;
      if (redrive !== undefined && deadLetterQueue !== undefined && message.receiveCount >= redrive.maxReceiveCount) {
        this.removeMessage(queue, message.id);
        const { receiptHandle: _, ...rest } = message;
        this.putMessage(deadLetterQueue, {
          ...rest,
          visibleAt: now,
          deadLetterSourceArn: this.queueArn(queue.record.name),
        });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.receiptHandle = Buffer.from(
        JSON.stringify([queue.record.name, message.id, randomUUID()]),
        'utf8',
      ).toString('base64');
      message.visibleAt = now + visibilitySeconds * 1000;
      this.options.log.append({ t: 'sqs.message', queue: queue.record.name, message });
      taken.push(message);
    }
    return taken;
  }

  private receivedMessage(
    message: StoredMessage,
    systemNames: readonly string[],
    attributeNames: readonly string[],
  ): JsonObject {
    const all = systemNames.includes('All');
    const wanted = (name: string): boolean => all || systemNames.includes(name);
    const attributes: Record<string, string> = {};
    if (wanted('SenderId')) attributes.SenderId = this.options.accountId;
    if (wanted('SentTimestamp')) attributes.SentTimestamp = String(message.sentAt);
    if (wanted('ApproximateReceiveCount')) attributes.ApproximateReceiveCount = String(message.receiveCount);
    if (wanted('ApproximateFirstReceiveTimestamp') && message.firstReceivedAt !== undefined) {
      attributes.ApproximateFirstReceiveTimestamp = String(message.firstReceivedAt);
    }
    if (wanted('MessageGroupId') && message.groupId !== undefined) attributes.MessageGroupId = message.groupId;
    const traceHeader = message.systemAttributes?.AWSTraceHeader?.StringValue;
    if (wanted('AWSTraceHeader') && traceHeader !== undefined) attributes.AWSTraceHeader = traceHeader;
    if (wanted('DeadLetterQueueSourceArn') && message.deadLetterSourceArn !== undefined) {
      attributes.DeadLetterQueueSourceArn = message.deadLetterSourceArn;
    }
    const selected = selectMessageAttributes(message.attributes, attributeNames);
    const md5 = md5OfMessageAttributes(selected);
    return {
      MessageId: message.id,
      ReceiptHandle: message.receiptHandle ?? '',
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(selected !== undefined && md5 !== undefined
        ? { MD5OfMessageAttributes: md5, MessageAttributes: selected as unknown as JsonObject }
        : {}),
    };
  }

  private messageForHandle(queue: QueueState, handle: string): StoredMessage | undefined | 'stale' {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(handle, 'base64').toString('utf8'));
    } catch {
      throw receiptHandleIsInvalid(handle);
    }
    if (!Array.isArray(parsed) || parsed.length !== 3 || parsed.some((p) => typeof p !== 'string')) {
      throw receiptHandleIsInvalid(handle);
    }
    const [queueName, id] = parsed as [string, string, string];
    if (queueName !== queue.record.name) throw receiptHandleIsInvalid(handle);
    const message = queue.messages.get(id);
    if (message === undefined) return undefined;
    return message.receiptHandle === handle ? message : 'stale';
  }

  private deleteByHandle(queue: QueueState, handle: string): void {
    const message = this.messageForHandle(queue, handle);
    // Already deleted, or received again since this handle was issued: success, nothing deleted (AWS semantics).
    if (message === undefined || message === 'stale') return;
    this.removeMessage(queue, message.id);
  }

  private changeVisibility(queue: QueueState, handle: string, timeoutSeconds: number): void {
    const message = this.messageForHandle(queue, handle);
    if (message === undefined || message === 'stale') {
      throw invalidParameter(
        `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
      );
    }
    const now = Date.now();
    if (message.visibleAt <= now) {
      throw sqsError(
        'MessageNotInflight',
        'The message referred to is not in flight.',
        400,
        'AWS.SimpleQueueService.MessageNotInflight',
      );
    }
    message.visibleAt = now + timeoutSeconds * 1000;
    this.options.log.append({ t: 'sqs.message', queue: queue.record.name, message });
    if (timeoutSeconds === 0) this.notify(queue);
  }

  private batchEntries(r: RequestReader, entryName: string): { id: string; entry: Record<string, unknown> }[] {
    const entries = r.optionalList('Entries') ?? [];
    if (entries.length === 0) {
      throw sqsError(
        'EmptyBatchRequest',
        `There should be at least one ${entryName} in the request.`,
        400,
        'AWS.SimpleQueueService.EmptyBatchRequest',
      );
    }
    if (entries.length > 10) {
      throw sqsError(
        'TooManyEntriesInBatchRequest',
        `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
        400,
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      );
    }
    const seen = new Set<string>();
    return entries.map((entry) => {
      const id = isObject(entry) ? entry.Id : undefined;
      if (!isObject(entry) || typeof id !== 'string' || !BATCH_ENTRY_ID.test(id)) {
        throw sqsError(
          'InvalidBatchEntryId',
          'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
          400,
          'AWS.SimpleQueueService.InvalidBatchEntryId',
        );
      }
      if (seen.has(id)) {
        throw sqsError(
          'BatchEntryIdsNotDistinct',
          `Id ${id} repeated.`,
          400,
          'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        );
      }
      seen.add(id);
      return { id, entry };
    });
  }

  private notify(queue: QueueState): void {
    for (const wake of [...queue.waiters]) wake();
  }
}

// ------------------------------------------------------------------------------------------ helpers

function redrivePolicyOf(queue: QueueState): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  const policy = queue.record.attributes.RedrivePolicy;
  return policy === undefined
    ? undefined
    : (JSON.parse(policy) as { deadLetterTargetArn: string; maxReceiveCount: number });
}

function validateRedriveAllowPolicy(value: string): string {
  let policy: unknown;
  try {
    policy = JSON.parse(value);
  } catch {
    throw invalidAttributeValue('RedriveAllowPolicy', 'Redrive allow policy is not a valid JSON map.');
  }
  if (!isObject(policy) || !['allowAll', 'denyAll', 'byQueue'].includes(String(policy.redrivePermission))) {
    throw invalidAttributeValue('RedriveAllowPolicy', 'redrivePermission must be allowAll, denyAll or byQueue.');
  }
  const arns = policy.sourceQueueArns;
  if (policy.redrivePermission === 'byQueue') {
    if (!Array.isArray(arns) || arns.length === 0 || arns.length > 10 || arns.some((a) => typeof a !== 'string')) {
      throw invalidAttributeValue('RedriveAllowPolicy', 'byQueue needs sourceQueueArns: 1 to 10 queue ARNs.');
    }
    return JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: arns });
  }
  if (arns !== undefined)
    throw invalidAttributeValue('RedriveAllowPolicy', 'sourceQueueArns is only allowed with byQueue.');
  return JSON.stringify({ redrivePermission: policy.redrivePermission });
}

function isJsonObject(value: string): boolean {
  try {
    return isObject(JSON.parse(value));
  } catch {
    return false;
  }
}

function checkCharacters(value: string, where: string): void {
  const match = INVALID_CHARACTER.exec(value);
  if (match !== null) {
    const code = match[0].codePointAt(0)?.toString(16).toUpperCase() ?? '?';
    throw sqsError(
      'InvalidMessageContents',
      `Invalid binary character '#x${code}' was found in ${where}, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
    );
  }
}

function validateMessageAttributes(
  value: Record<string, unknown> | undefined,
  system: boolean,
): Record<string, SqsMessageAttributeValue> | undefined {
  if (value === undefined) return undefined;
  const names = Object.keys(value);
  if (names.length === 0) return undefined;
  if (names.length > 10) {
    throw invalidParameter(`Number of message attributes [${names.length}] exceeds the allowed maximum [10].`);
  }
  const result: Record<string, SqsMessageAttributeValue> = {};
  for (const name of names) {
    const attribute = value[name];
    if (system && name !== 'AWSTraceHeader') {
      throw invalidParameter(`Message system attribute name '${name}' is invalid. Only AWSTraceHeader is supported.`);
    }
    if (
      !system &&
      (!ATTRIBUTE_NAME.test(name) ||
        /^(aws\.|amazon\.)/i.test(name) ||
        name.startsWith('.') ||
        name.endsWith('.') ||
        name.includes('..'))
    ) {
      throw invalidParameter(
        `Message attribute name '${name}' is invalid. Names can contain alphanumeric characters, underscores, hyphens and periods (not first, last or twice in a row), up to 256 characters, and cannot start with AWS. or Amazon.`,
      );
    }
    if (!isObject(attribute) || typeof attribute.DataType !== 'string' || attribute.DataType === '') {
      throw invalidParameter(`The message attribute '${name}' must contain non-empty message attribute type.`);
    }
    const dataType = attribute.DataType;
    const base = dataType.split('.')[0];
    if (dataType.length > 256 || (base !== 'String' && base !== 'Number' && base !== 'Binary')) {
      throw invalidParameter(
        `The type of message attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    if (system && dataType !== 'String') {
      throw invalidParameter(`The message system attribute '${name}' must be of type String.`);
    }
    if (base === 'Binary') {
      const binary = attribute.BinaryValue;
      if (typeof binary !== 'string' || binary === '' || !BASE64.test(binary)) {
        throw invalidParameter(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
      }
      result[name] = { DataType: dataType, BinaryValue: binary };
      continue;
    }
    const text = attribute.StringValue;
    if (typeof text !== 'string' || text === '') {
      throw invalidParameter(`The message attribute '${name}' must contain a non-empty value of type '${base}'.`);
    }
    if (base === 'Number') {
      const digits = text
        .replace(/[eE].*$/, '')
        .replace(/[^0-9]/g, '')
        .replace(/^0+/, '');
      if (!NUMBER.test(text) || digits.length > 38) {
        throw invalidParameter(`Can't cast the value of message attribute '${name}' to a number.`);
      }
    }
    checkCharacters(text, `message attribute '${name}'`);
    result[name] = { DataType: dataType, StringValue: text };
  }
  return result;
}

function selectMessageAttributes(
  attributes: Record<string, SqsMessageAttributeValue> | undefined,
  names: readonly string[],
): Record<string, SqsMessageAttributeValue> | undefined {
  if (attributes === undefined || names.length === 0) return undefined;
  const all = names.includes('All') || names.includes('.*');
  const prefixes = names.filter((n) => n.endsWith('.*')).map((n) => n.slice(0, -1));
  const selected = Object.fromEntries(
    Object.entries(attributes).filter(
      ([name]) => all || names.includes(name) || prefixes.some((p) => name.startsWith(p)),
    ),
  );
  return Object.keys(selected).length > 0 ? selected : undefined;
}

function messageSize(message: StoredMessage): number {
  let size = Buffer.byteLength(message.body, 'utf8');
  for (const [name, attribute] of Object.entries(message.attributes ?? {})) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    size +=
      attribute.StringValue !== undefined
        ? Buffer.byteLength(attribute.StringValue, 'utf8')
        : Buffer.from(attribute.BinaryValue ?? '', 'base64').length;
  }
  return size;
}

function sendResult(message: StoredMessage): JsonObject {
  const md5Attributes = md5OfMessageAttributes(message.attributes);
  const md5System = md5OfMessageAttributes(message.systemAttributes);
  return {
    MessageId: message.id,
    MD5OfMessageBody: message.md5OfBody,
    ...(md5Attributes !== undefined ? { MD5OfMessageAttributes: md5Attributes } : {}),
    ...(md5System !== undefined ? { MD5OfMessageSystemAttributes: md5System } : {}),
  };
}

function batchFailure(id: string, error: unknown): BatchFailure {
  if (error instanceof AwsServiceError) {
    return { Id: id, SenderFault: error.fault === 'Sender', Code: error.queryCode, Message: error.message };
  }
  return { Id: id, SenderFault: false, Code: 'InternalError', Message: String(error) };
}

function nextVisibleAt(queue: QueueState, now: number): number | undefined {
  let next: number | undefined;
  for (const message of queue.messages.values()) {
    if (message.visibleAt > now && (next === undefined || message.visibleAt < next)) next = message.visibleAt;
  }
  return next;
}

function waitForChange(queue: QueueState, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      queue.waiters.delete(done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    queue.waiters.add(done);
    signal.addEventListener('abort', done, { once: true });
  });
}
