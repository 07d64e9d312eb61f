/**
 * One running Step Functions execution: the `aws-local-stepfunctions` interpreter walks the states, and
 * this module runs the Task states (Lambda functions, SQS messages, task tokens), records the execution
 * history in the AWS shape, and makes the execution resumable after a restart.
 *
 * Resumption: an execution that was RUNNING when the process stopped is run again from the start with its
 * original input and definition. Task states that already completed are not run again: their recorded
 * result (or error) is replayed, matched by state name and input (then by order). Wait states that already
 * elapsed are skipped, one that was in progress waits only for what remains of a literal `Seconds`, and
 * retry pauses after replayed failures are skipped. A callback task that was waiting keeps its task token:
 * its side effect (invoke or message) is not repeated and SendTaskSuccess/Failure with the old token
 * resumes it. State events that were already recorded are not recorded twice.
 *
 * Task tokens: the interpreter's context object carries a placeholder as `$$.Task.Token`; when a callback
 * task runs, the placeholder is replaced in its (already resolved) parameters by the real token.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError, isObject, type Json, type JsonObject, RequestReader } from './aws-json-protocol.ts';
import type { ChangeLog } from './persistence.ts';
import type { AnalyzedDefinition, TaskSpec } from './sfn-definition.ts';
import type { SqsService } from './sqs-service.ts';

/** The longest delay setTimeout honours. */
const MAX_TIMER_MS = 2_147_483_647;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A history event: AWS fields plus `sig`, an internal signature used to skip re-recording on replay. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  sig?: string;
  [details: string]: unknown;
}

export type TaskStatus = 'scheduled' | 'submitted' | 'succeeded' | 'failed' | 'timedOut';

export type TaskOutcome =
  | { kind: 'success'; output: Json }
  | { kind: 'failure'; error: string; cause: string }
  | { kind: 'timeout'; cause: string };

/** One run of a Task state, as persisted. `input` is the resolved parameters with the token placeholder. */
export interface TaskRecord {
  id: number;
  state: string;
  input: string;
  status: TaskStatus;
  token?: string;
  scheduledAt: number;
  heartbeatAt?: number;
  /** A completion received (SendTask*) but not yet applied by the run. */
  pending?: TaskOutcome;
  output?: Json;
  error?: string;
  cause?: string;
}

/** An execution as persisted: the header, plus its history and task records. */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  definition: string;
  roleArn: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  tasks: TaskRecord[];
}

export interface ExecutionDependencies {
  readonly region: string;
  readonly log: ChangeLog;
  readonly sqs: SqsService;
  readonly invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  /** The interpreter's own States.Timeout error class, so `States.TaskFailed` does not match timeouts. */
  readonly statesTimeoutError: new () => Error;
  /** Called once the execution has ended (not when it is only disposed). */
  readonly onEnd: (run: ExecutionRun) => void;
}

/** The value of `$$.Task.Token` inside the interpreter; replaced by the real token when the task runs. */
export const TASK_TOKEN_PLACEHOLDER = '%%local-aws-endpoint-task-token%%';

/** An error that ends a Task state's run because the execution stopped; never retried nor caught. */
class RunTerminated extends Error {
  get isRetryable(): boolean {
    return false;
  }
  get isCatchable(): boolean {
    return false;
  }
}

/** A task's error, as the interpreter matches it in Retry and Catch (`name` = error, `message` = cause). */
class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

interface Waiter {
  readonly promise: Promise<TaskOutcome | 'terminated'>;
  settled: boolean;
  settle(outcome: TaskOutcome | 'terminated'): void;
  arm(): void;
}

type LibraryRun = ReturnType<StateMachine['run']>;

/** Encodes a task token: opaque to clients, it names the execution and task and carries a nonce. */
export function encodeTaskToken(executionArn: string, taskId: number): string {
  return Buffer.from(JSON.stringify([executionArn, taskId, randomUUID()]), 'utf8').toString('base64url');
}

/** Decodes a task token, or undefined when it is not one. */
export function decodeTaskToken(token: string): { executionArn: string; taskId: number } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      typeof parsed[0] === 'string' &&
      Number.isInteger(parsed[1]) &&
      typeof parsed[2] === 'string'
    ) {
      return { executionArn: parsed[0], taskId: parsed[1] as number };
    }
  } catch {
    // Not a token of this endpoint.
  }
  return undefined;
}

let timeoutErrorClass: Promise<new () => Error> | undefined;

/**
 * The interpreter's internal `StatesTimeoutError` class, obtained once by letting a one-millisecond task
 * time out: Retry/Catch on `States.TaskFailed` must not match timeouts, and the interpreter checks that with
 * `instanceof`.
 */
export function statesTimeoutErrorClass(): Promise<new () => Error> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      {
        StartAt: 'Probe',
        States: {
          Probe: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:probe',
            TimeoutSeconds: 0.001,
            End: true,
          },
        },
      },
      { validationOptions: { noValidate: true } },
    );
    try {
      await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => {}) } } })
        .result;
    } catch (error) {
      const cause = error instanceof ExecutionError ? error.cause : undefined;
      if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as new () => Error;
    }
    throw new Error('aws-local-stepfunctions did not report States.Timeout; its version may have changed.');
  })();
  return timeoutErrorClass;
}

/** A running execution. Create it with the record (already holding ExecutionStarted), then `start()`. */
export class ExecutionRun {
  private readonly waiters = new Map<number, Waiter>();
  private readonly consumedTasks = new Set<number>();
  private readonly replayedEvents = new Map<string, number>();
  private readonly replayedWaits = new Map<string, { entered: number[]; exited: number }>();
  private readonly waitOccurrences = new Map<string, number>();
  private readonly failureWasReplayed = new Map<string, boolean>();
  private libraryRun: LibraryRun | undefined;
  private stopRequest: { error?: string; cause?: string } | undefined;
  private disposed = false;
  private ended = false;
  private finishedPromise: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ExecutionDependencies,
    readonly record: ExecutionRecord,
    private readonly analyzed: AnalyzedDefinition,
  ) {
    for (const event of record.history) {
      if (event.sig !== undefined) this.replayedEvents.set(event.sig, (this.replayedEvents.get(event.sig) ?? 0) + 1);
      const name = stateNameOf(event);
      if (name === undefined) continue;
      if (event.type === 'WaitStateEntered') this.waitReplay(name).entered.push(event.timestamp);
      if (event.type === 'WaitStateExited') this.waitReplay(name).exited += 1;
    }
  }

  /** Settles when the run is over (ended, or disposed). */
  get finished(): Promise<void> {
    return this.finishedPromise;
  }

  private get terminated(): boolean {
    return this.disposed || this.ended || this.stopRequest !== undefined;
  }

  /** Starts (or, for a restored record, resumes) the execution. */
  start(): void {
    this.finishedPromise = this.run().catch((error: unknown) => {
      if (!this.terminated) this.end({ status: 'FAILED', error: 'States.Runtime', cause: String(error) });
    });
  }

  /** StopExecution: aborts the run and records ExecutionAborted. */
  async stop(error?: string, cause?: string): Promise<void> {
    if (!this.terminated) {
      this.stopRequest = { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
      this.libraryRun?.abort();
      this.cancelWaiters();
    }
    await this.finishedPromise;
  }

  /** Stops running without recording anything, so the execution resumes when the endpoint restarts. */
  dispose(): Promise<void> {
    if (!this.terminated) {
      this.disposed = true;
      this.libraryRun?.abort();
      this.cancelWaiters();
    }
    return this.finishedPromise;
  }

  /** Applies SendTaskSuccess/SendTaskFailure (the caller checked the task is open). */
  complete(task: TaskRecord, outcome: TaskOutcome): void {
    task.pending = outcome;
    this.saveTask(task);
    this.waiters.get(task.id)?.settle(outcome);
  }

  /** Applies SendTaskHeartbeat (the caller checked the task is open). */
  heartbeat(task: TaskRecord): void {
    task.heartbeatAt = Date.now();
    this.saveTask(task);
    this.waiters.get(task.id)?.arm();
  }

  // ---------------------------------------------------------------------------------------- running

  private async run(): Promise<void> {
    const record = this.record;
    const input = JSON.parse(record.input) as Json;
    const limit = this.analyzed.timeoutSeconds;
    const remaining =
      limit === undefined ? undefined : Math.max(0.001, (record.startDate + limit * 1000 - Date.now()) / 1000);
    const machine = new StateMachine(this.analyzed.runtimeDefinition(remaining), {
      validationOptions: { noValidate: true },
    });
    const handlers = Object.fromEntries(
      [...this.analyzed.tasks.keys()].map((state) => [state, (taskInput: Json) => this.runTask(state, taskInput)]),
    );
    const waitTimeOverrides = new Proxy({} as Record<string, number>, {
      get: (_target, name) => (typeof name === 'string' ? this.waitOverride(name) : undefined),
    });
    const retryIntervalOverrides = new Proxy({} as Record<string, number>, {
      get: (_target, name) => (typeof name === 'string' && this.failureWasReplayed.get(name) ? 0 : undefined),
    });
    const libraryRun = machine.run(input, {
      overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides, retryIntervalOverrides },
      context: {
        Execution: { Id: record.executionArn, Name: record.name, RoleArn: record.roleArn, RedriveCount: 0 },
        StateMachine: { Id: record.stateMachineArn, Name: record.stateMachineName },
        Task: { Token: TASK_TOKEN_PLACEHOLDER },
      },
    });
    this.libraryRun = libraryRun;
    const consuming = this.consume(libraryRun.eventLogs);
    let outcome: EndOutcome;
    try {
      const output = await libraryRun.result;
      outcome = { status: 'SUCCEEDED', output: JSON.stringify(output ?? null) };
    } catch (error) {
      outcome = this.outcomeOf(error);
    }
    await consuming;
    this.cancelWaiters();
    if (this.disposed || this.ended) return;
    this.end(outcome);
  }

  private outcomeOf(error: unknown): EndOutcome {
    if (error instanceof ExecutionAbortedError) {
      return { status: 'ABORTED', ...this.stopRequest };
    }
    if (error instanceof ExecutionTimeoutError) {
      return {
        status: 'TIMED_OUT',
        error: 'States.Timeout',
        cause: `The execution ran longer than ${this.analyzed.timeoutSeconds} seconds.`,
      };
    }
    const cause = error instanceof ExecutionError ? error.cause : error;
    if (cause instanceof Error) {
      const detail = (cause as { cause?: unknown }).cause;
      return {
        status: 'FAILED',
        error: cause.name,
        cause: detail === undefined ? cause.message : typeof detail === 'string' ? detail : JSON.stringify(detail),
      };
    }
    return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
  }

  private end(outcome: EndOutcome): void {
    this.ended = true;
    const record = this.record;
    record.status = outcome.status;
    record.stopDate = Date.now();
    if (outcome.output !== undefined) record.output = outcome.output;
    if (outcome.error !== undefined) record.error = outcome.error;
    if (outcome.cause !== undefined) record.cause = outcome.cause;
    const errorDetails = {
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
    };
    switch (outcome.status) {
      case 'SUCCEEDED':
        this.appendEvent('ExecutionSucceeded', {
          executionSucceededEventDetails: { output: outcome.output, outputDetails: { truncated: false } },
        });
        break;
      case 'FAILED':
        this.appendEvent('ExecutionFailed', { executionFailedEventDetails: errorDetails });
        break;
      case 'TIMED_OUT':
        this.appendEvent('ExecutionTimedOut', { executionTimedOutEventDetails: errorDetails });
        break;
      case 'ABORTED':
        this.appendEvent('ExecutionAborted', { executionAbortedEventDetails: errorDetails });
        break;
    }
    const { history: _history, tasks: _tasks, ...header } = record;
    this.deps.log.append({ t: 'sfn.execution', execution: header });
    this.deps.onEnd(this);
  }

  /** Records the interpreter's state events, skipping those a previous run of this execution recorded. */
  private async consume(events: LibraryRun['eventLogs']): Promise<void> {
    for await (const event of events) {
      if (this.terminated) continue;
      const mapped = mapInterpreterEvent(event);
      if (mapped === undefined) continue;
      const remaining = this.replayedEvents.get(mapped.sig) ?? 0;
      if (remaining > 0) {
        this.replayedEvents.set(mapped.sig, remaining - 1);
        continue;
      }
      this.appendEvent(mapped.type, mapped.details, mapped.sig);
    }
  }

  private waitReplay(state: string): { entered: number[]; exited: number } {
    let replay = this.replayedWaits.get(state);
    if (replay === undefined) {
      replay = { entered: [], exited: 0 };
      this.replayedWaits.set(state, replay);
    }
    return replay;
  }

  /** Wait state duration override (ms) while replaying; undefined lets the state wait normally. */
  private waitOverride(state: string): number | undefined {
    const occurrence = this.waitOccurrences.get(state) ?? 0;
    this.waitOccurrences.set(state, occurrence + 1);
    const replay = this.replayedWaits.get(state);
    if (replay === undefined) return undefined;
    if (occurrence < replay.exited) return 0;
    const enteredAt = replay.entered[occurrence];
    const seconds = this.analyzed.waits.get(state)?.seconds;
    if (enteredAt === undefined || seconds === undefined) return undefined;
    return Math.max(0, enteredAt + seconds * 1000 - Date.now());
  }

  // ------------------------------------------------------------------------------------------ tasks

  /** The local handler of one Task state, called by the interpreter with the resolved parameters. */
  private async runTask(state: string, input: Json): Promise<Json> {
    if (this.terminated) throw new RunTerminated('The execution is no longer running.');
    const spec = this.analyzed.tasks.get(state);
    if (spec === undefined) throw new TaskFailure('States.Runtime', `No Task state named ${state}.`);
    const canonical = JSON.stringify(input);
    const recorded = this.recordedTask(state, canonical);
    if (recorded !== undefined) {
      this.consumedTasks.add(recorded.id);
      if (recorded.status === 'succeeded') {
        this.failureWasReplayed.set(state, false);
        return recorded.output ?? null;
      }
      if (recorded.status === 'failed' || recorded.status === 'timedOut') {
        this.failureWasReplayed.set(state, true);
        if (recorded.status === 'timedOut') throw new this.deps.statesTimeoutError();
        throw new TaskFailure(recorded.error ?? 'States.TaskFailed', recorded.cause ?? '');
      }
    }
    this.failureWasReplayed.set(state, false);
    // Let the interpreter's StateEntered event be recorded before this task's events.
    await nextMacrotask();
    if (this.terminated) throw new RunTerminated('The execution is no longer running.');
    const task = recorded ?? this.schedule(spec, canonical);
    return this.perform(spec, task, substituteToken(input, task.token));
  }

  /** A recorded, not yet replayed run of this state: same input first, else the earliest. */
  private recordedTask(state: string, input: string): TaskRecord | undefined {
    const candidates = this.record.tasks.filter((t) => t.state === state && !this.consumedTasks.has(t.id));
    return candidates.find((t) => t.input === input) ?? candidates[0];
  }

  private schedule(spec: TaskSpec, input: string): TaskRecord {
    const id = this.record.tasks.length;
    const task: TaskRecord = {
      id,
      state: spec.state,
      input,
      status: 'scheduled',
      scheduledAt: Date.now(),
      ...(spec.callback ? { token: encodeTaskToken(this.record.executionArn, id) } : {}),
    };
    this.record.tasks.push(task);
    this.consumedTasks.add(id);
    this.saveTask(task);
    const parameters = JSON.stringify(substituteToken(JSON.parse(input) as Json, task.token));
    if (spec.kind === 'lambda-function') {
      this.appendEvent('LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: spec.resource,
          input: parameters,
          inputDetails: { truncated: false },
          ...(spec.timeoutSeconds !== undefined ? { timeoutInSeconds: spec.timeoutSeconds } : {}),
        },
      });
      this.appendEvent('LambdaFunctionStarted', {});
    } else {
      this.appendEvent('TaskScheduled', {
        taskScheduledEventDetails: {
          ...resourceOf(spec),
          region: this.deps.region,
          parameters,
          ...(spec.timeoutSeconds !== undefined ? { timeoutInSeconds: spec.timeoutSeconds } : {}),
          ...(spec.heartbeatSeconds !== undefined ? { heartbeatInSeconds: spec.heartbeatSeconds } : {}),
        },
      });
      this.appendEvent('TaskStarted', { taskStartedEventDetails: resourceOf(spec) });
    }
    return task;
  }

  private async perform(spec: TaskSpec, task: TaskRecord, input: Json): Promise<Json> {
    const waiter = this.createWaiter(spec, task);
    if (!spec.callback) {
      this.call(spec, input).then(
        (output) => waiter.settle({ kind: 'success', output }),
        (error: unknown) => waiter.settle({ kind: 'failure', ...errorOf(error) }),
      );
    } else if (task.status === 'scheduled') {
      try {
        const submitted = await this.call(spec, input);
        if (!waiter.settled && !this.terminated) {
          task.status = 'submitted';
          this.saveTask(task);
          this.appendEvent('TaskSubmitted', {
            taskSubmittedEventDetails: {
              ...resourceOf(spec),
              output: JSON.stringify(submitted),
              outputDetails: { truncated: false },
            },
          });
        }
      } catch (error) {
        waiter.settle({ kind: 'failure', ...errorOf(error) });
      }
    }
    const outcome = await waiter.promise;
    if (outcome === 'terminated' || this.terminated) throw new RunTerminated('The execution is no longer running.');
    return this.close(spec, task, outcome);
  }

  /** Records a task's end and returns its output, or throws its error for the interpreter. */
  private close(spec: TaskSpec, task: TaskRecord, outcome: TaskOutcome): Json {
    delete task.pending;
    const lambda = spec.kind === 'lambda-function';
    if (outcome.kind === 'success') {
      task.status = 'succeeded';
      task.output = outcome.output;
      this.saveTask(task);
      const output = { output: JSON.stringify(outcome.output), outputDetails: { truncated: false } };
      if (lambda) this.appendEvent('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: output });
      else this.appendEvent('TaskSucceeded', { taskSucceededEventDetails: { ...resourceOf(spec), ...output } });
      return outcome.output;
    }
    if (outcome.kind === 'timeout') {
      task.status = 'timedOut';
      task.error = 'States.Timeout';
      task.cause = outcome.cause;
      this.saveTask(task);
      const details = { error: 'States.Timeout', cause: outcome.cause };
      if (lambda) this.appendEvent('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details });
      else this.appendEvent('TaskTimedOut', { taskTimedOutEventDetails: { ...resourceOf(spec), ...details } });
      throw new this.deps.statesTimeoutError();
    }
    task.status = 'failed';
    task.error = outcome.error;
    task.cause = outcome.cause;
    this.saveTask(task);
    const details = { error: outcome.error, cause: outcome.cause };
    if (lambda) this.appendEvent('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details });
    else this.appendEvent('TaskFailed', { taskFailedEventDetails: { ...resourceOf(spec), ...details } });
    throw new TaskFailure(outcome.error, outcome.cause);
  }

  /** Performs the task's call: invoke the function or send the message. */
  private async call(spec: TaskSpec, input: Json): Promise<Json> {
    if (spec.kind === 'lambda-function') {
      return toJson(await this.deps.invokeFunction(functionNameOf(spec.resource), toJson(input)));
    }
    const parameters = isObject(input) ? input : {};
    if (spec.kind === 'lambda-invoke') {
      const name = functionNameOf(String(parameters.FunctionName ?? ''));
      const payload = toJson(parameters.Payload ?? {});
      const requestId = randomUUID();
      const metadata = {
        SdkHttpMetadata: {
          HttpHeaders: {
            'Content-Type': 'application/json',
            'X-Amz-Executed-Version': '$LATEST',
            'x-amzn-RequestId': requestId,
          },
          HttpStatusCode: parameters.InvocationType === 'Event' ? 202 : 200,
        },
        SdkResponseMetadata: { RequestId: requestId },
      };
      if (parameters.InvocationType === 'Event') {
        this.deps.invokeFunction(name, payload).catch(() => undefined);
        return { Payload: '', ...metadata, StatusCode: 202 };
      }
      const output = toJson(await this.deps.invokeFunction(name, payload));
      return { ExecutedVersion: '$LATEST', Payload: output, ...metadata, StatusCode: 200 };
    }
    const request: Record<string, unknown> = { ...parameters };
    if (typeof request.MessageBody !== 'string') request.MessageBody = JSON.stringify(request.MessageBody ?? null);
    const result = this.deps.sqs.sendMessage(new RequestReader('sqs', request));
    const requestId = randomUUID();
    return {
      ...result,
      SdkHttpMetadata: {
        HttpHeaders: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
    };
  }

  private createWaiter(spec: TaskSpec, task: TaskRecord): Waiter {
    const { promise, resolve } = Promise.withResolvers<TaskOutcome | 'terminated'>();
    let timer: NodeJS.Timeout | undefined;
    const waiter: Waiter = {
      promise,
      settled: false,
      settle: (outcome) => {
        if (waiter.settled) return;
        waiter.settled = true;
        clearTimeout(timer);
        this.waiters.delete(task.id);
        resolve(outcome);
      },
      arm: () => {
        clearTimeout(timer);
        const deadlines: [number, string][] = [];
        if (spec.timeoutSeconds !== undefined) {
          deadlines.push([
            task.scheduledAt + spec.timeoutSeconds * 1000,
            `The task did not finish within TimeoutSeconds (${spec.timeoutSeconds}).`,
          ]);
        }
        if (spec.callback && spec.heartbeatSeconds !== undefined) {
          deadlines.push([
            (task.heartbeatAt ?? task.scheduledAt) + spec.heartbeatSeconds * 1000,
            `No heartbeat was received within HeartbeatSeconds (${spec.heartbeatSeconds}).`,
          ]);
        }
        const first = deadlines.sort((a, b) => a[0] - b[0])[0];
        if (first === undefined) return;
        // setTimeout fires at once for delays above 2^31-1 ms (~24.8 days); a callback task may wait longer
        // (TimeoutSeconds up to a year), so a long wait is armed again when the capped timer fires.
        const delay = first[0] - Date.now();
        timer = setTimeout(
          () => (delay > MAX_TIMER_MS ? waiter.arm() : waiter.settle({ kind: 'timeout', cause: first[1] })),
          Math.max(0, Math.min(delay, MAX_TIMER_MS)),
        );
        timer.unref();
      },
    };
    this.waiters.set(task.id, waiter);
    if (task.pending !== undefined) waiter.settle(task.pending);
    else waiter.arm();
    return waiter;
  }

  private cancelWaiters(): void {
    for (const waiter of [...this.waiters.values()]) waiter.settle('terminated');
  }

  // -------------------------------------------------------------------------------------- recording

  private appendEvent(type: string, details: Record<string, unknown>, sig?: string): void {
    const history = this.record.history;
    const last = history.at(-1);
    const event: HistoryEvent = {
      ...details,
      id: (last?.id ?? 0) + 1,
      previousEventId: last?.id ?? 0,
      timestamp: Date.now(),
      type,
      ...(sig !== undefined ? { sig } : {}),
    };
    history.push(event);
    this.deps.log.append({ t: 'sfn.event', arn: this.record.executionArn, event });
  }

  private saveTask(task: TaskRecord): void {
    this.deps.log.append({ t: 'sfn.task', arn: this.record.executionArn, task });
  }
}

interface EndOutcome {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  output?: string;
  error?: string;
  cause?: string;
}

type InterpreterEvent = LibraryRun['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** The AWS history event for an interpreter event, or undefined for those AWS does not record. */
function mapInterpreterEvent(event: InterpreterEvent): { type: string; details: JsonObject; sig: string } | undefined {
  switch (event.type) {
    case 'StateEntered':
      return {
        type: `${event.state.type}StateEntered`,
        details: {
          stateEnteredEventDetails: {
            name: event.state.name,
            input: JSON.stringify(event.state.input ?? null),
            inputDetails: { truncated: false },
          },
        },
        sig: `entered:${event.state.name}:${event.index ?? ''}`,
      };
    case 'StateExited':
      return {
        type: `${event.state.type}StateExited`,
        details: {
          stateExitedEventDetails: {
            name: event.state.name,
            output: JSON.stringify(event.state.output ?? null),
            outputDetails: { truncated: false },
          },
        },
        sig: `exited:${event.state.name}:${event.index ?? ''}`,
      };
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key = `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
      return {
        type: event.type,
        details: { [key]: { name: event.parentState.name, index: event.index } },
        sig: `${event.type}:${event.parentState.name}:${event.index}`,
      };
    }
    default:
      return undefined;
  }
}

function stateNameOf(event: HistoryEvent): string | undefined {
  const details = (event.stateEnteredEventDetails ?? event.stateExitedEventDetails) as { name?: string } | undefined;
  return details?.name;
}

function resourceOf(spec: TaskSpec): { resourceType: string; resource: string } {
  const [service, action] = spec.resource.replace(/^arn:aws[a-z-]*:states:::/, '').split(':');
  return { resourceType: service ?? 'lambda', resource: action ?? spec.resource };
}

/** The function name in a name, a partial ARN or a full ARN, without version or alias. */
function functionNameOf(reference: string): string {
  const afterFunction = reference.includes(':function:') ? reference.split(':function:')[1] : reference;
  return (afterFunction ?? reference).split(':')[0] ?? reference;
}

function substituteToken(value: Json, token: string | undefined): Json {
  if (token === undefined) return value;
  if (typeof value === 'string') return value.replaceAll(TASK_TOKEN_PLACEHOLDER, token);
  if (Array.isArray(value)) return value.map((v) => substituteToken(v, token));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteToken(v, token)]));
  }
  return value;
}

function toJson(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}

/** Error name and cause of a failed call, as Lambda and Step Functions report them. */
function errorOf(error: unknown): { error: string; cause: string } {
  if (error instanceof AwsServiceError) {
    return {
      error: `SQS.${error.code.endsWith('Exception') ? error.code : `${error.code}Exception`}`,
      cause: error.message,
    };
  }
  if (error instanceof Error) {
    const errorType = (error as { errorType?: unknown }).errorType;
    const type = typeof errorType === 'string' ? errorType : error.name || 'Error';
    return {
      error: type,
      cause: JSON.stringify({ errorType: type, errorMessage: error.message, trace: (error.stack ?? '').split('\n') }),
    };
  }
  return { error: 'Error', cause: JSON.stringify({ errorType: 'Error', errorMessage: String(error), trace: [] }) };
}
