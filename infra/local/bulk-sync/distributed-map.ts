/**
 * A local Distributed Map run (see local-state-machine.ts), following the Step Functions developer guide:
 *
 * - ItemReader `arn:aws:states:::s3:getObject` with `ReaderConfig.InputType` `JSONL` (one item per non-empty line),
 *   `JSON` (an array) or `CSV` (`CSVHeaderLocation` FIRST_ROW or GIVEN with `CSVHeaders`, `CSVDelimiter`; every
 *   value a string, as AWS reads them), and `MaxItems`; `Parameters` (Bucket, Key, VersionId ignored) may use paths.
 *   An item that cannot be read fails the map with `States.ItemReaderFailed` naming its line.
 * - ItemSelector per item (`$$.Map.Item.Index`, `$$.Map.Item.Value`); ItemBatcher `MaxItemsPerBatch` with
 *   `BatchInput`: each child execution gets `{BatchInput, Items}` (MaxInputBytesPerBatch is not applied).
 * - ItemProcessor: each child (one item or one batch) runs the processor's states in the interpreter (Retry and
 *   Catch included), `MaxConcurrency` at a time (0 = 1,000, AWS's child-execution cap per map run being 10,000).
 * - ToleratedFailurePercentage / ToleratedFailureCount: failed *items* (a failed batch counts all its items); once
 *   the failures exceed the threshold no further children start, and the map fails with
 *   `States.ExceedToleratedFailureThreshold`. Without either field any failure fails the map.
 * - ResultWriter `arn:aws:states:::s3:putObject` with `Bucket` and `Prefix`: `<Prefix>/<map run ID>/manifest.json`
 *   and `SUCCEEDED_0.json` / `FAILED_0.json` / `PENDING_0.json` (arrays of child executions with `Input` and
 *   `Output` as JSON strings), written also when the map fails; the state's result is then `{MapRunArn,
 *   ResultWriterDetails: {Bucket, Key}}`. Without a ResultWriter the result is the array of child outputs (a tolerated failed child is `null`).
 * - Resumption (AWS: redrive of the map run): with `checkpointDir`, each succeeded child is appended to a
 *   checkpoint file named after the execution and state; running the same execution name again skips them.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { parse as parseCsv } from 'csv-parse/sync';
import { lambdaHandlers, retryOverrides, withoutDefaultTaskTimeouts } from './local-state-machine.ts';

type Json = Parameters<StateMachine['run']>[0];
type JsonObject = Record<string, unknown>;

export interface DistributedMapProgress {
  readonly state: string;
  readonly totalItems: number;
  readonly succeededItems: number;
  readonly failedItems: number;
}

interface ChildRecord {
  ExecutionArn: string;
  Input: string;
  InputDetails: { Included: true };
  Name: string;
  Output?: string;
  OutputDetails?: { Included: true };
  Error?: string;
  Cause?: string;
  RedriveCount: number;
  RedriveStatus: 'NOT_REDRIVABLE';
  StartDate: string;
  StateMachineArn: string;
  Status: 'SUCCEEDED' | 'FAILED';
  StopDate: string;
}

/** A Map state error, named as Step Functions names it (Retry/Catch match `name`). */
export class MapRunError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A payload template resolved against `input` and a context object, by the interpreter itself (a Pass state). */
const resolveTemplate = async (template: unknown, input: Json, context: JsonObject): Promise<JsonObject> => {
  if (template === undefined) return {};
  const pass = new StateMachine({
    StartAt: 'Resolve',
    States: { Resolve: { Type: 'Pass', Parameters: template, End: true } },
  } as unknown as StateMachineDefinition);
  return (await pass.run(input, { context }).result) as JsonObject;
};

const readItems = async (reader: JsonObject, input: Json, context: JsonObject, s3: S3Client): Promise<Json[]> => {
  if (reader.Resource !== 'arn:aws:states:::s3:getObject') {
    throw new MapRunError(
      'States.ItemReaderFailed',
      `ItemReader resource ${String(reader.Resource)} is not supported locally`,
    );
  }
  const { Bucket, Key } = await resolveTemplate(reader.Parameters, input, context);
  const config = isObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  let text: string;
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: String(Bucket), Key: String(Key) }));
    text = Body ? await Body.transformToString('utf8') : '';
  } catch (error) {
    throw new MapRunError(
      'States.ItemReaderFailed',
      `Could not read s3://${Bucket}/${Key}: ${(error as Error).message}`,
    );
  }
  let items: Json[];
  switch (config.InputType) {
    case 'JSONL':
      items = text.split('\n').flatMap((line, i) => {
        if (line.trim() === '') return [];
        try {
          return [JSON.parse(line) as Json];
        } catch {
          throw new MapRunError('States.ItemReaderFailed', `Line ${i + 1} of s3://${Bucket}/${Key} is not JSON`);
        }
      });
      break;
    case 'JSON': {
      const parsed = JSON.parse(text) as unknown;
      if (!Array.isArray(parsed)) throw new MapRunError('States.ItemReaderFailed', 'The JSON object is not an array');
      items = parsed as Json[];
      break;
    }
    case 'CSV': {
      const delimiter = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' }[
        String(config.CSVDelimiter ?? 'COMMA') as 'COMMA'
      ];
      const rows = parseCsv(text, { delimiter, skip_empty_lines: true, relax_column_count: true }) as string[][];
      const header = config.CSVHeaderLocation === 'GIVEN' ? (config.CSVHeaders as string[]) : (rows.shift() ?? []);
      items = rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ''])));
      break;
    }
    default:
      throw new MapRunError(
        'States.ItemReaderFailed',
        `ReaderConfig.InputType ${String(config.InputType)} is not supported locally`,
      );
  }
  const max = typeof config.MaxItems === 'number' ? config.MaxItems : undefined;
  return max === undefined ? items : items.slice(0, max);
};

export interface DistributedMapOptions {
  readonly stateName: string;
  readonly state: JsonObject;
  readonly input: Json;
  readonly context: JsonObject & { Execution: { Id: string; Name: string } };
  readonly s3: S3Client;
  readonly invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  readonly onProgress?: (progress: DistributedMapProgress) => void;
  readonly checkpointDir?: string;
  readonly retryIntervalMs?: number;
}

/** Runs one Distributed Map state on its (effective) input and resolves with the state's result. */
export const runDistributedMap = async (options: DistributedMapOptions): Promise<unknown> => {
  const { state, input, context } = options;
  const executionArn = context.Execution.Id;
  const mapRunId = `${options.stateName}-${context.Execution.Name}`;
  const mapRunArn = `${executionArn.replace(':execution:', ':mapRun:')}/${mapRunId}`;
  const childMachineArn = `${executionArn.replace(':execution:', ':stateMachine:')}/${options.stateName}`;

  let items = state.ItemReader
    ? await readItems(state.ItemReader as JsonObject, input, context, options.s3)
    : (input as Json[]);
  if (!Array.isArray(items) || (!state.ItemReader && state.ItemsPath !== undefined))
    throw new MapRunError(
      'States.Runtime',
      'Locally a Distributed Map reads an ItemReader or an array input (no ItemsPath)',
    );
  const selector = state.ItemSelector ?? state.Parameters;
  if (selector !== undefined) {
    items = await Promise.all(
      items.map(
        async (value, index) =>
          (await resolveTemplate(selector, input, {
            ...context,
            Map: { Item: { Index: index, Value: value } },
          })) as Json,
      ),
    );
  }
  const batcher = isObject(state.ItemBatcher) ? state.ItemBatcher : undefined;
  const children: { input: Json; items: number }[] = [];
  if (batcher) {
    const size = typeof batcher.MaxItemsPerBatch === 'number' ? batcher.MaxItemsPerBatch : items.length || 1;
    const batchInput =
      batcher.BatchInput === undefined ? undefined : await resolveTemplate(batcher.BatchInput, input, context);
    for (let i = 0; i < items.length; i += size) {
      const slice = items.slice(i, i + size);
      children.push({
        input: { ...(batchInput ? { BatchInput: batchInput } : {}), Items: slice } as Json,
        items: slice.length,
      });
    }
  } else for (const item of items) children.push({ input: item, items: 1 });

  const totalItems = items.length;
  const percentage =
    typeof state.ToleratedFailurePercentage === 'number' ? state.ToleratedFailurePercentage : undefined;
  const count = typeof state.ToleratedFailureCount === 'number' ? state.ToleratedFailureCount : undefined;
  const exceeded = (failed: number) =>
    (percentage === undefined && count === undefined && failed > 0) ||
    (percentage !== undefined && failed * 100 > percentage * totalItems) ||
    (count !== undefined && failed > count);

  const processor = state.ItemProcessor ?? state.Iterator;
  if (!isObject(processor)) throw new MapRunError('States.Runtime', 'The Map state has no ItemProcessor');
  const { ProcessorConfig: _config, ...childDefinition } = structuredClone(processor);
  withoutDefaultTaskTimeouts(childDefinition);
  const childMachine = new StateMachine(childDefinition as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  });
  const handlers = lambdaHandlers(childDefinition, options.invokeFunction);
  const retryIntervalOverrides = retryOverrides(childDefinition, options.retryIntervalMs);

  const checkpoint = options.checkpointDir
    ? join(options.checkpointDir, `${context.Execution.Name}.${options.stateName}.jsonl`)
    : undefined;
  const results = new Map<number, ChildRecord>();
  if (checkpoint && existsSync(checkpoint)) {
    for (const line of readFileSync(checkpoint, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const { index, record } = JSON.parse(line) as { index: number; record: ChildRecord };
        results.set(index, record);
      } catch {
        // A torn last line from a killed run: that child runs again.
      }
    }
  }
  if (checkpoint && options.checkpointDir) mkdirSync(options.checkpointDir, { recursive: true });

  let succeededItems = [...results.keys()].reduce((n, i) => n + (children[i]?.items ?? 0), 0);
  let failedItems = 0;
  const progress = () => options.onProgress?.({ state: options.stateName, totalItems, succeededItems, failedItems });
  progress();
  const runChild = async (index: number) => {
    const child = children[index] as { input: Json; items: number };
    const name = `${mapRunId}-${index}`;
    const started = new Date().toISOString();
    const base = {
      ExecutionArn: `${childMachineArn.replace(':stateMachine:', ':express:')}:${name}`,
      Input: JSON.stringify(child.input),
      InputDetails: { Included: true as const },
      Name: name,
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE' as const,
      StartDate: started,
      StateMachineArn: childMachineArn,
    };
    try {
      const output = await childMachine.run(child.input, {
        context: { ...context, Map: { Item: { Index: index } } },
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
      }).result;
      const record: ChildRecord = {
        ...base,
        Output: JSON.stringify(output),
        OutputDetails: { Included: true },
        Status: 'SUCCEEDED',
        StopDate: new Date().toISOString(),
      };
      results.set(index, record);
      if (checkpoint) appendFileSync(checkpoint, `${JSON.stringify({ index, record })}\n`);
      succeededItems += child.items;
    } catch (error) {
      const cause = (error as { cause?: Error }).cause ?? (error as Error);
      results.set(index, {
        ...base,
        Error: cause.name,
        Cause: cause.message,
        Status: 'FAILED',
        StopDate: new Date().toISOString(),
      });
      failedItems += child.items;
    }
    progress();
  };

  const maxConcurrency =
    typeof state.MaxConcurrency === 'number' && state.MaxConcurrency > 0 ? state.MaxConcurrency : 1000;
  let next = 0;
  const worker = async () => {
    while (next < children.length && !exceeded(failedItems)) {
      const index = next++;
      if (!results.has(index)) await runChild(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxConcurrency, children.length) }, worker));

  const writer = isObject(state.ResultWriter) ? state.ResultWriter : undefined;
  let output: unknown;
  if (writer) {
    if (writer.Resource !== 'arn:aws:states:::s3:putObject')
      throw new MapRunError(
        'States.ResultWriterFailed',
        `ResultWriter resource ${String(writer.Resource)} is not supported locally`,
      );
    const { Bucket, Prefix } = await resolveTemplate(writer.Parameters, input, context);
    const base = `${Prefix ? `${String(Prefix).replace(/\/$/, '')}/` : ''}${mapRunId}`;
    const ordered = [...results.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
    const pending = children.flatMap((child, i) =>
      results.has(i) ? [] : [{ Input: JSON.stringify(child.input), Name: `${mapRunId}-${i}`, Status: 'PENDING' }],
    );
    const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
      SUCCEEDED: [],
      FAILED: [],
      PENDING: [],
    };
    const put = async (key: string, body: string) => {
      await options.s3.send(
        new PutObjectCommand({ Bucket: String(Bucket), Key: key, Body: body, ContentType: 'application/json' }),
      );
      return { Key: key, Size: Buffer.byteLength(body) };
    };
    for (const [status, entries] of [
      ['SUCCEEDED', ordered.filter((r) => r.Status === 'SUCCEEDED')],
      ['FAILED', ordered.filter((r) => r.Status === 'FAILED')],
      ['PENDING', pending],
    ] as const) {
      if (entries.length > 0) files[status].push(await put(`${base}/${status}_0.json`, JSON.stringify(entries)));
    }
    const manifestKey = `${base}/manifest.json`;
    await put(
      manifestKey,
      JSON.stringify({ DestinationBucket: String(Bucket), MapRunArn: mapRunArn, ResultFiles: files }),
    );
    output = { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: String(Bucket), Key: manifestKey } };
  } else {
    output = [...results.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, r]) => (r.Output === undefined ? null : (JSON.parse(r.Output) as unknown)));
  }
  if (exceeded(failedItems)) {
    const first = [...results.values()].find((r) => r.Status === 'FAILED');
    throw new MapRunError(
      'States.ExceedToleratedFailureThreshold',
      `The number of failed items (${failedItems} of ${totalItems}) exceeded the tolerated failure threshold for map run ${mapRunArn}. First failure: ${first?.Error}: ${first?.Cause?.slice(0, 300)}`,
    );
  }
  return output;
};
