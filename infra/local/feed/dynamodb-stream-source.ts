/**
 * The local equivalent of a Lambda event source mapping on a DynamoDB stream, reading DynamoDB Local's stream with
 * the real `@aws-sdk/client-dynamodb-streams` client (DescribeStream, GetShardIterator, GetRecords):
 * - records are filtered with the mapping's filter pattern (EventBridge grammar, as Lambda's filter criteria);
 * - batches go to the function in shard order, one batch at a time per shard (parallelization factor 1), parents
 *   before children, so one citizen's changes are never reordered;
 * - the function's `batchItemFailures` (ReportBatchItemFailures) make the mapping retry from the first reported
 *   record; a thrown error retries the whole batch; after `retryAttempts` the batch's position goes to
 *   `onFailure` (the mapping's on-failure destination) and reading moves on;
 * - the position after each completed batch is checkpointed to a file, so a restart resumes where it stopped
 *   (at least once: a batch in flight at a crash runs again).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type EventPattern, matchesEventPattern } from '../../../shared/feed/event-pattern.ts';

export interface DynamoDbStreamSourceOptions {
  readonly dynamoDb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly region: string;
  readonly filter?: EventPattern;
  /** Default 100. */
  readonly batchSize?: number;
  /** Default 10. */
  readonly retryAttempts?: number;
  /** Pause when a shard has no new records; default 250 ms. */
  readonly idleMs?: number;
  /** Where positions are kept across restarts; undefined keeps them in memory. */
  readonly checkpointFile?: string;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  readonly onFailure: (failure: {
    shardId: string;
    firstSequenceNumber: string;
    lastSequenceNumber: string;
    error: string;
  }) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

export interface DynamoDbStreamSource {
  /** Records the function completed, records the filter dropped, and failed invocations so far. */
  readonly stats: { delivered: number; filteredOut: number; failedInvocations: number };
  stop(): Promise<void>;
}

interface Checkpoints {
  /** Per shard: the last sequence number processed, or `done` once a closed shard is finished. */
  shards: Record<string, string>;
}

type Image = NonNullable<NonNullable<StreamRecord['dynamodb']>['NewImage']>;
type Value = Image[string];

const TYPES = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'] as const;

const repairValue = (value: Value): Value => {
  const present = TYPES.find((t) => (value as unknown as Record<string, unknown>)[t] !== undefined);
  if (!present) return { M: {} };
  if (present === 'M') return { M: repairStreamImage(value.M as Image) };
  if (present === 'L') return { L: (value.L as Value[]).map(repairValue) };
  return value;
};

/**
 * DynamoDB Local writes an empty map (`{"M": {}}`) into its stream images as `{}`, with no type at all, at any
 * depth; DynamoDB does not. The SDK then hands over a value `unmarshall` refuses ("No value defined"), so a history
 * item with an empty `before` would never be published. This puts the type back, so the function sees what AWS
 * would send it. Values with a type are left alone.
 */
export const repairStreamImage = (image: Image): Image =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repairValue(value)]));

const toLambdaRecord = (record: StreamRecord, streamArn: string, region: string): DynamoDBRecord =>
  ({
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ...(record.dynamodb?.NewImage ? { NewImage: repairStreamImage(record.dynamodb.NewImage) } : {}),
      ...(record.dynamodb?.OldImage ? { OldImage: repairStreamImage(record.dynamodb.OldImage) } : {}),
      ApproximateCreationDateTime:
        record.dynamodb?.ApproximateCreationDateTime instanceof Date
          ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
          : record.dynamodb?.ApproximateCreationDateTime,
    },
  }) as DynamoDBRecord;

/** Starts reading the table's stream; returns at once. */
export function startDynamoDbStreamSource(options: DynamoDbStreamSourceOptions): DynamoDbStreamSource {
  const batchSize = options.batchSize ?? 100;
  const retryAttempts = options.retryAttempts ?? 10;
  const idleMs = options.idleMs ?? 250;
  const onError = options.onError ?? ((error: unknown) => console.error('[dynamodb-stream-source]', error));
  const checkpoints: Checkpoints =
    options.checkpointFile && existsSync(options.checkpointFile)
      ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoints)
      : { shards: {} };
  const save = () => {
    if (!options.checkpointFile) return;
    mkdirSync(dirname(options.checkpointFile), { recursive: true });
    const temporary = `${options.checkpointFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(checkpoints));
    renameSync(temporary, options.checkpointFile);
  };
  const stats = { delivered: 0, filteredOut: 0, failedInvocations: 0 };
  const stopped = new AbortController();
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopped.signal }).catch(() => undefined);
  let stopping = false;

  /** Hands the records to the function in batches; resolves once each batch succeeded or was given up. */
  const process = async (shardId: string, records: StreamRecord[], streamArn: string) => {
    let pending = records;
    while (pending.length > 0 && !stopping) {
      const batch = pending.slice(0, batchSize);
      const matching = batch.filter((r) => !options.filter || matchesEventPattern(options.filter, r));
      stats.filteredOut += batch.length - matching.length;
      let remaining = matching;
      for (let attempt = 1; remaining.length > 0; attempt++) {
        let failedFrom: number;
        try {
          const response = (await options.invoke({
            Records: remaining.map((r) => toLambdaRecord(r, streamArn, options.region)),
          })) as DynamoDBBatchResponse | undefined;
          const failures = response?.batchItemFailures ?? [];
          const indexes = failures.map((f) =>
            remaining.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
          );
          failedFrom = failures.length === 0 ? remaining.length : indexes.includes(-1) ? 0 : Math.min(...indexes);
        } catch (error) {
          onError(error);
          failedFrom = 0;
        }
        if (failedFrom < remaining.length) stats.failedInvocations += 1;
        stats.delivered += failedFrom;
        remaining = remaining.slice(failedFrom);
        if (remaining.length === 0) break;
        if (stopping) return;
        if (attempt > retryAttempts) {
          await options.onFailure({
            shardId,
            firstSequenceNumber: remaining[0]?.dynamodb?.SequenceNumber ?? '',
            lastSequenceNumber: remaining.at(-1)?.dynamodb?.SequenceNumber ?? '',
            error: `gave up after ${retryAttempts} retries`,
          });
          break;
        }
        await pause(Math.min(5_000, 100 * 2 ** (attempt - 1)));
        if (stopping) return;
      }
      const last = batch.at(-1)?.dynamodb?.SequenceNumber;
      if (last) {
        checkpoints.shards[shardId] = last;
        save();
      }
      pending = pending.slice(batch.length);
    }
  };

  const readShard = async (streamArn: string, shard: Shard): Promise<void> => {
    const shardId = shard.ShardId as string;
    const position = checkpoints.shards[shardId];
    let { ShardIterator: iterator } = await options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(position
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: position }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    while (iterator && !stopping) {
      const page = await options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      const records = page.Records ?? [];
      if (records.length > 0) await process(shardId, records, streamArn);
      iterator = page.NextShardIterator;
      if (records.length === 0 && iterator) {
        // An open shard with nothing new: come back later (the caller re-reads the shard list meanwhile).
        return;
      }
    }
    if (!iterator && !stopping) {
      checkpoints.shards[shardId] = 'done';
      save();
    }
  };

  const loop = async () => {
    while (!stopping) {
      try {
        const { Table } = await options.dynamoDb.send(new DescribeTableCommand({ TableName: options.tableName }));
        const streamArn = Table?.LatestStreamArn;
        if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
        const shards: Shard[] = [];
        let start: string | undefined;
        do {
          const { StreamDescription } = await options.streams.send(
            new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
          );
          shards.push(...(StreamDescription?.Shards ?? []));
          start = StreamDescription?.LastEvaluatedShardId;
        } while (start);
        const known = new Set(shards.map((s) => s.ShardId));
        const done = (id: string | undefined) => !id || !known.has(id) || checkpoints.shards[id] === 'done';
        // A child shard is read only once its parent is finished, so one item's changes stay in order.
        for (const shard of shards) {
          if (stopping) break;
          if (checkpoints.shards[shard.ShardId as string] === 'done' || !done(shard.ParentShardId)) continue;
          await readShard(streamArn, shard);
        }
      } catch (error) {
        if (!stopping) onError(error);
      }
      if (!stopping) await pause(idleMs);
    }
  };
  const running = loop();
  return {
    stats,
    stop: async () => {
      stopping = true;
      stopped.abort();
      await running;
    },
  };
}
