/**
 * Runs an ASL definition that contains Distributed Map states, locally, with the `aws-local-stepfunctions`
 * interpreter. The interpreter walks every state (Pass, Choice, Task, inline Map, Retry, Catch, paths,
 * intrinsics) but knows nothing of the Distributed Map's item reader, batcher, failure tolerance and result
 * writer, nor does the local AWS endpoint's Step Functions run distributed maps. So before the run each top-level
 * Distributed Map state is swapped for a Task state with the same InputPath/ResultPath/OutputPath/Retry/Catch/
 * Next, whose local handler is `runDistributedMap` (distributed-map.ts): the same definition, executed with a
 * small local implementation of the parts the interpreter lacks. Lambda Task states call `invokeFunction`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { type DistributedMapProgress, runDistributedMap } from './distributed-map.ts';

type Json = Parameters<StateMachine['run']>[0];
type JsonObject = Record<string, unknown>;

export interface LocalRunOptions {
  /** The definition, placeholders already substituted. */
  readonly definition: string;
  readonly input: JsonObject;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  readonly s3: S3Client;
  readonly onProgress?: (progress: DistributedMapProgress) => void;
  /** Folder for map checkpoints: a run of the same execution name skips the batches that already succeeded. */
  readonly checkpointDir?: string;
  /** Milliseconds between retries of every retried state (tests); default: the definition's intervals. */
  readonly retryIntervalMs?: number;
}

export interface LocalRunResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9$_-]+)?$/;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isDistributedMap = (state: JsonObject): boolean =>
  state.Type === 'Map' &&
  (state.ItemReader !== undefined ||
    (isObject(state.ItemProcessor) &&
      isObject(state.ItemProcessor.ProcessorConfig) &&
      state.ItemProcessor.ProcessorConfig.Mode === 'DISTRIBUTED'));

/** Local handlers for the Lambda Task states of a machine (top level only; nested machines get their own). */
export const lambdaHandlers = (
  machine: JsonObject,
  invoke: LocalRunOptions['invokeFunction'],
): Record<string, (input: Json) => Promise<Json>> => {
  const handlers: Record<string, (input: Json) => Promise<Json>> = {};
  for (const [name, state] of Object.entries(isObject(machine.States) ? machine.States : {})) {
    if (!isObject(state) || state.Type !== 'Task') continue;
    const match = LAMBDA_ARN.exec(String(state.Resource));
    if (match?.[1]) {
      const functionName = match[1];
      handlers[name] = async (input) => JSON.parse(JSON.stringify((await invoke(functionName, input)) ?? null)) as Json;
    }
  }
  return handlers;
};

/**
 * The interpreter gives a Task state without TimeoutSeconds a 60 s limit; Step Functions gives it none (the
 * Lambda function's own timeout applies). Task states without one get ~23 days (below setTimeout's 2^31 ms).
 */
export const withoutDefaultTaskTimeouts = (machine: JsonObject): JsonObject => {
  for (const state of Object.values(isObject(machine.States) ? machine.States : {})) {
    if (
      isObject(state) &&
      state.Type === 'Task' &&
      state.TimeoutSeconds === undefined &&
      state.TimeoutSecondsPath === undefined
    )
      state.TimeoutSeconds = 2_000_000;
  }
  return machine;
};

/** Retry intervals of every state of a machine set to `ms` (tests), or nothing. */
export const retryOverrides = (machine: JsonObject, ms: number | undefined): Record<string, number> =>
  ms === undefined
    ? {}
    : Object.fromEntries(
        Object.entries(isObject(machine.States) ? machine.States : {})
          .filter(([, s]) => isObject(s) && Array.isArray(s.Retry))
          .map(([name]) => [name, ms]),
      );

/** Runs the execution to its end; a failed execution is a result, not a thrown error. */
export const runLocalStateMachine = async (options: LocalRunOptions): Promise<LocalRunResult> => {
  const machine = JSON.parse(options.definition) as JsonObject;
  // The interpreter's own ASL validator checks the definition as written, Distributed Map fields included.
  new StateMachine(machine as unknown as StateMachineDefinition);
  const runnable = structuredClone(machine);
  const states = runnable.States as Record<string, JsonObject>;
  const context = {
    Execution: {
      Id: `${options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${options.executionName}`,
      Name: options.executionName,
      StartTime: new Date().toISOString(),
      Input: options.input,
      RoleArn: 'arn:aws:iam::000000000000:role/local',
    },
    StateMachine: { Id: options.stateMachineArn, Name: options.stateMachineArn.split(':').at(-1) ?? '' },
  };
  const handlers = lambdaHandlers(runnable, options.invokeFunction);
  for (const [name, state] of Object.entries(states)) {
    if (!isDistributedMap(state)) continue;
    const kept = [
      'Comment',
      'InputPath',
      'ResultPath',
      'OutputPath',
      'ResultSelector',
      'Retry',
      'Catch',
      'Next',
      'End',
    ];
    states[name] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::local:distributedMap',
      ...Object.fromEntries(kept.filter((k) => k in state).map((k) => [k, state[k]])),
    };
    handlers[name] = async (input) =>
      (await runDistributedMap({
        stateName: name,
        state,
        input,
        context,
        s3: options.s3,
        invokeFunction: options.invokeFunction,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
        ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
      })) as Json;
  }
  withoutDefaultTaskTimeouts(runnable);
  const execution = new StateMachine(runnable as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  }).run(options.input as Json, {
    context: context as never,
    overrides: {
      taskResourceLocalHandlers: handlers,
      retryIntervalOverrides: retryOverrides(runnable, options.retryIntervalMs),
    },
  });
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    const cause = (error as { cause?: Error }).cause ?? (error as Error);
    return { status: 'FAILED', error: cause.name, cause: cause.message };
  }
};
