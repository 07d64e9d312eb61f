/**
 * Local AWS Step Functions behind the AWS JSON 1.0 protocol: state machines, executions (run by
 * {@link ExecutionRun}), their history, and the task-token callbacks. Everything is recorded in a
 * {@link ChangeLog}; executions that were running when the endpoint stopped resume when it restarts.
 *
 * AWS semantics kept: CreateStateMachine is idempotent for the same name, definition and type, and answers
 * StateMachineAlreadyExists otherwise. StartExecution is idempotent on the execution name while the
 * execution runs with the same input; a different input, or an execution that has closed, is
 * ExecutionAlreadyExists (so the name gives exactly-once starts).
 */
import { randomUUID } from 'node:crypto';
import { AwsServiceError, type Json, type JsonObject, RequestReader } from './aws-json-protocol.ts';
import type { ChangeLog, JournalEntry } from './persistence.ts';
import { type AnalyzedDefinition, analyzeDefinition, DefinitionError } from './sfn-definition.ts';
import {
  decodeTaskToken,
  type ExecutionRecord,
  ExecutionRun,
  type ExecutionStatus,
  type HistoryEvent,
  type TaskOutcome,
  type TaskRecord,
} from './sfn-execution.ts';
import type { SqsService } from './sqs-service.ts';

export interface StepFunctionsServiceOptions {
  readonly region: string;
  readonly accountId: string;
  readonly log: ChangeLog;
  readonly sqs: SqsService;
  readonly invokeFunction: (functionName: string, payload: unknown) => Promise<unknown>;
  readonly statesTimeoutError: new () => Error;
}

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** A state machine as persisted. Dates are epoch milliseconds. */
export interface StoredStateMachine {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: StateMachineType;
  status: 'ACTIVE' | 'DELETING';
  creationDate: number;
  updateDate?: number;
  revisionId: string;
  description?: string;
  loggingConfiguration?: Json;
  tracingConfiguration?: Json;
  tags: Record<string, string>;
}

export interface StepFunctionsSnapshot {
  stateMachines: StoredStateMachine[];
  executions: ExecutionRecord[];
}

const sfnError = (code: string, message: string, status = 400): AwsServiceError =>
  new AwsServiceError('sfn', code, message, status);

// Names: 1-80 characters, none of whitespace, brackets, wildcards, special characters or control characters.
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const MAX_PAYLOAD_BYTES = 262_144;

/** The local Step Functions service. */
export class StepFunctionsService {
  private readonly stateMachines = new Map<string, StoredStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, ExecutionRun>();
  private readonly analyses = new Map<string, AnalyzedDefinition>();
  private closed = false;

  constructor(private readonly options: StepFunctionsServiceOptions) {}

  // ------------------------------------------------------------------------------------------ state

  /** Restores state machines and executions from a snapshot and the journal written after it. */
  restore(snapshot: StepFunctionsSnapshot | undefined, entries: readonly JournalEntry[]): void {
    for (const machine of snapshot?.stateMachines ?? []) this.stateMachines.set(machine.arn, machine);
    for (const execution of snapshot?.executions ?? []) this.executions.set(execution.executionArn, execution);
    for (const entry of entries) {
      switch (entry.t) {
        case 'sfn.stateMachine': {
          const machine = entry.stateMachine as StoredStateMachine;
          this.stateMachines.set(machine.arn, machine);
          break;
        }
        case 'sfn.stateMachineDeleted':
          this.stateMachines.delete(entry.arn as string);
          for (const execution of [...this.executions.values()]) {
            if (execution.stateMachineArn === entry.arn) this.executions.delete(execution.executionArn);
          }
          break;
        case 'sfn.execution': {
          const header = entry.execution as Omit<ExecutionRecord, 'history' | 'tasks'>;
          const existing = this.executions.get(header.executionArn);
          this.executions.set(header.executionArn, { history: [], tasks: [], ...existing, ...header });
          break;
        }
        case 'sfn.event': {
          const execution = this.executions.get(entry.arn as string);
          const event = entry.event as HistoryEvent;
          if (execution !== undefined && event.id > (execution.history.at(-1)?.id ?? 0)) execution.history.push(event);
          break;
        }
        case 'sfn.task': {
          const execution = this.executions.get(entry.arn as string);
          const task = entry.task as TaskRecord;
          if (execution !== undefined) execution.tasks[task.id] = task;
          break;
        }
      }
    }
  }

  /** Resumes the executions that were running when the endpoint stopped. */
  resumeRunning(): void {
    for (const execution of this.executions.values()) {
      if (execution.status === 'RUNNING' && !this.runs.has(execution.executionArn)) this.startRun(execution);
    }
  }

  /** The whole state, for a snapshot. */
  snapshot(): StepFunctionsSnapshot {
    return { stateMachines: [...this.stateMachines.values()], executions: [...this.executions.values()] };
  }

  /** Stops running executions without recording anything: they resume when the endpoint restarts. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runs.values()].map((run) => run.dispose()));
    this.runs.clear();
  }

  /** Runs one Step Functions operation (the `X-Amz-Target` suffix) on a JSON request. */
  async handle(operation: string, input: Record<string, unknown>): Promise<JsonObject> {
    const r = new RequestReader('sfn', input);
    switch (operation) {
      case 'CreateStateMachine':
        return this.createStateMachine(r);
      case 'UpdateStateMachine':
        return this.updateStateMachine(r);
      case 'DescribeStateMachine':
        return this.describeStateMachine(r);
      case 'DescribeStateMachineForExecution':
        return this.describeStateMachineForExecution(r);
      case 'ListStateMachines':
        return this.listStateMachines(r);
      case 'DeleteStateMachine':
        return this.deleteStateMachine(r);
      case 'TagResource':
        return this.tagResource(r);
      case 'UntagResource':
        return this.untagResource(r);
      case 'ListTagsForResource':
        return this.listTagsForResource(r);
      case 'StartExecution':
        return this.startExecution(r);
      case 'StartSyncExecution':
        return this.startSyncExecution(r);
      case 'DescribeExecution':
        return this.describeExecution(r);
      case 'ListExecutions':
        return this.listExecutions(r);
      case 'GetExecutionHistory':
        return this.getExecutionHistory(r);
      case 'StopExecution':
        return this.stopExecution(r);
      case 'SendTaskSuccess':
        return this.sendTaskSuccess(r);
      case 'SendTaskFailure':
        return this.sendTaskFailure(r);
      case 'SendTaskHeartbeat':
        return this.sendTaskHeartbeat(r);
      default:
        throw sfnError(
          'UnknownOperationException',
          `The operation ${operation} is not supported by the local Step Functions.`,
        );
    }
  }

  // --------------------------------------------------------------------------------- state machines

  private createStateMachine(r: RequestReader): JsonObject {
    const name = validName(r.string('name'));
    const definition = r.string('definition');
    const roleArn = validRoleArn(r.string('roleArn'));
    const type = stateMachineType(r.optionalString('type') ?? 'STANDARD');
    this.analyze(definition);
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:stateMachine:${name}`;
    const existing = this.stateMachines.get(arn);
    if (existing !== undefined) {
      if (existing.status === 'DELETING')
        throw sfnError('StateMachineDeleting', `State machine ${arn} is being deleted.`);
      if (!sameDefinition(existing.definition, definition) || existing.type !== type) {
        throw sfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      }
      return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
    }
    const description = r.optionalString('description');
    const logging = r.optionalObject('loggingConfiguration');
    const tracing = r.optionalObject('tracingConfiguration');
    const machine: StoredStateMachine = {
      arn,
      name,
      definition,
      roleArn,
      type,
      status: 'ACTIVE',
      creationDate: Date.now(),
      revisionId: randomUUID(),
      ...(description !== undefined ? { description } : {}),
      ...(logging !== undefined ? { loggingConfiguration: logging as Json } : {}),
      ...(tracing !== undefined ? { tracingConfiguration: tracing as Json } : {}),
      tags: tagsFrom(r.optionalList('tags')),
    };
    this.stateMachines.set(arn, machine);
    this.saveStateMachine(machine);
    return { stateMachineArn: arn, creationDate: seconds(machine.creationDate) };
  }

  private updateStateMachine(r: RequestReader): JsonObject {
    const machine = this.stateMachine(r.string('stateMachineArn'));
    const definition = r.optionalString('definition');
    const roleArn = r.optionalString('roleArn');
    const logging = r.optionalObject('loggingConfiguration');
    const tracing = r.optionalObject('tracingConfiguration');
    if (definition === undefined && roleArn === undefined && logging === undefined && tracing === undefined) {
      throw sfnError(
        'MissingRequiredParameter',
        'Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified.',
      );
    }
    if (definition !== undefined) {
      this.analyze(definition);
      machine.definition = definition;
    }
    if (roleArn !== undefined) machine.roleArn = validRoleArn(roleArn);
    if (logging !== undefined) machine.loggingConfiguration = logging as Json;
    if (tracing !== undefined) machine.tracingConfiguration = tracing as Json;
    machine.updateDate = Date.now();
    machine.revisionId = randomUUID();
    this.saveStateMachine(machine);
    return { updateDate: seconds(machine.updateDate), revisionId: machine.revisionId };
  }

  private describeStateMachine(r: RequestReader): JsonObject {
    return this.describe(this.stateMachine(r.string('stateMachineArn')));
  }

  private describeStateMachineForExecution(r: RequestReader): JsonObject {
    const execution = this.execution(r.string('executionArn'));
    const machine = this.stateMachine(execution.stateMachineArn);
    return { ...this.describe(machine), definition: execution.definition };
  }

  private describe(machine: StoredStateMachine): JsonObject {
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: machine.status,
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: seconds(machine.creationDate),
      ...(machine.updateDate !== undefined ? { updateDate: seconds(machine.updateDate) } : {}),
      revisionId: machine.revisionId,
      ...(machine.description !== undefined ? { description: machine.description } : {}),
      loggingConfiguration: machine.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: machine.tracingConfiguration ?? { enabled: false },
    };
  }

  private listStateMachines(r: RequestReader): JsonObject {
    const maxResults = r.optionalInt('maxResults', 0, 1000) || 100;
    const machines = [...this.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const { page, nextToken } = pageOf(machines, maxResults, r.optionalString('nextToken'));
    return {
      stateMachines: page.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: seconds(m.creationDate),
      })),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  }

  private deleteStateMachine(r: RequestReader): JsonObject {
    const arn = r.string('stateMachineArn');
    checkArn(arn, 'stateMachine');
    const machine = this.stateMachines.get(arn);
    if (machine === undefined) return {};
    const running = [...this.runs.values()].some((run) => run.record.stateMachineArn === arn);
    if (running) {
      machine.status = 'DELETING';
      this.saveStateMachine(machine);
    } else {
      this.removeStateMachine(arn);
    }
    return {};
  }

  private removeStateMachine(arn: string): void {
    this.stateMachines.delete(arn);
    for (const execution of [...this.executions.values()]) {
      if (execution.stateMachineArn === arn) this.executions.delete(execution.executionArn);
    }
    this.options.log.append({ t: 'sfn.stateMachineDeleted', arn });
  }

  private tagResource(r: RequestReader): JsonObject {
    const machine = this.stateMachine(r.string('resourceArn'));
    Object.assign(machine.tags, tagsFrom(r.optionalList('tags')));
    this.saveStateMachine(machine);
    return {};
  }

  private untagResource(r: RequestReader): JsonObject {
    const machine = this.stateMachine(r.string('resourceArn'));
    for (const key of r.optionalStringList('tagKeys') ?? []) delete machine.tags[key];
    this.saveStateMachine(machine);
    return {};
  }

  private listTagsForResource(r: RequestReader): JsonObject {
    const machine = this.stateMachine(r.string('resourceArn'));
    return { tags: Object.entries(machine.tags).map(([key, value]) => ({ key, value })) };
  }

  // ------------------------------------------------------------------------------------- executions

  private startExecution(r: RequestReader): JsonObject {
    const { execution } = this.start(r, false);
    return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
  }

  private async startSyncExecution(r: RequestReader): Promise<JsonObject> {
    const { execution, run } = this.start(r, true);
    await run?.finished;
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      startDate: seconds(execution.startDate),
      stopDate: seconds(execution.stopDate ?? Date.now()),
      status: execution.status,
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
      ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
    };
  }

  private start(r: RequestReader, syncOnly: boolean): { execution: ExecutionRecord; run?: ExecutionRun } {
    if (this.closed) throw sfnError('ServiceUnavailable', 'The local endpoint is shutting down.', 503);
    const machine = this.stateMachine(r.string('stateMachineArn'));
    if (machine.status === 'DELETING')
      throw sfnError('StateMachineDeleting', `State machine ${machine.arn} is being deleted.`);
    if (syncOnly && machine.type !== 'EXPRESS') {
      throw sfnError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine.');
    }
    const name = validName(r.optionalString('name') ?? randomUUID());
    const input = r.optionalString('input') ?? '{}';
    if (Buffer.byteLength(input, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw sfnError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: 'the input is larger than ${MAX_PAYLOAD_BYTES} bytes'`,
      );
    }
    try {
      JSON.parse(input);
    } catch (error) {
      throw sfnError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
    }
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing !== undefined) {
      if (existing.status === 'RUNNING' && sameJson(existing.input, input)) return { execution: existing };
      throw sfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      name,
      definition: machine.definition,
      roleArn: machine.roleArn,
      input,
      status: 'RUNNING',
      startDate: Date.now(),
      history: [],
      tasks: [],
    };
    this.executions.set(arn, execution);
    const { history: _history, tasks: _tasks, ...header } = execution;
    this.options.log.append({ t: 'sfn.execution', execution: header });
    const started: HistoryEvent = {
      id: 1,
      previousEventId: 0,
      timestamp: execution.startDate,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input, inputDetails: { truncated: false }, roleArn: machine.roleArn },
    };
    execution.history.push(started);
    this.options.log.append({ t: 'sfn.event', arn, event: started });
    return { execution, run: this.startRun(execution) };
  }

  private startRun(execution: ExecutionRecord): ExecutionRun {
    const run = new ExecutionRun(
      {
        region: this.options.region,
        log: this.options.log,
        sqs: this.options.sqs,
        invokeFunction: this.options.invokeFunction,
        statesTimeoutError: this.options.statesTimeoutError,
        onEnd: (ended) => this.onRunEnd(ended),
      },
      execution,
      this.analyze(execution.definition),
    );
    this.runs.set(execution.executionArn, run);
    run.start();
    return run;
  }

  private onRunEnd(run: ExecutionRun): void {
    this.runs.delete(run.record.executionArn);
    const machine = this.stateMachines.get(run.record.stateMachineArn);
    const othersRunning = [...this.runs.values()].some((r) => r.record.stateMachineArn === run.record.stateMachineArn);
    if (machine?.status === 'DELETING' && !othersRunning) this.removeStateMachine(machine.arn);
  }

  private describeExecution(r: RequestReader): JsonObject {
    const execution = this.execution(r.string('executionArn'));
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: seconds(execution.startDate),
      ...(execution.stopDate !== undefined ? { stopDate: seconds(execution.stopDate) } : {}),
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined ? { output: execution.output, outputDetails: { included: true } } : {}),
      ...(execution.error !== undefined ? { error: execution.error } : {}),
      ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
      redriveCount: 0,
    };
  }

  private listExecutions(r: RequestReader): JsonObject {
    const machine = this.stateMachine(r.string('stateMachineArn'));
    const statusFilter = r.optionalString('statusFilter');
    if (
      statusFilter !== undefined &&
      !['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'].includes(statusFilter)
    ) {
      throw sfnError(
        'ValidationException',
        `Value '${statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set`,
      );
    }
    const maxResults = r.optionalInt('maxResults', 0, 1000) || 100;
    const executions = [...this.executions.values()]
      .filter((e) => e.stateMachineArn === machine.arn && (statusFilter === undefined || e.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate || b.executionArn.localeCompare(a.executionArn));
    const { page, nextToken } = pageOf(executions, maxResults, r.optionalString('nextToken'));
    return {
      executions: page.map((e) => ({
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: seconds(e.startDate),
        ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
      })),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  }

  private getExecutionHistory(r: RequestReader): JsonObject {
    const execution = this.execution(r.string('executionArn'));
    const maxResults = r.optionalInt('maxResults', 0, 1000) || 100;
    const reverse = r.optionalBoolean('reverseOrder') ?? false;
    const includeData = r.optionalBoolean('includeExecutionData') ?? true;
    const events = reverse ? [...execution.history].reverse() : execution.history;
    const { page, nextToken } = pageOf(events, maxResults, r.optionalString('nextToken'));
    return {
      events: page.map((event) => publicEvent(event, includeData)),
      ...(nextToken !== undefined ? { nextToken } : {}),
    };
  }

  private async stopExecution(r: RequestReader): Promise<JsonObject> {
    const execution = this.execution(r.string('executionArn'));
    const error = r.optionalString('error');
    const cause = r.optionalString('cause');
    const run = this.runs.get(execution.executionArn);
    if (run !== undefined) await run.stop(error, cause);
    return { stopDate: seconds(execution.stopDate ?? Date.now()) };
  }

  // ------------------------------------------------------------------------------------ task tokens

  private sendTaskSuccess(r: RequestReader): JsonObject {
    const { run, task } = this.openTask(r.string('taskToken'));
    const output = r.string('output');
    let parsed: Json;
    try {
      parsed = JSON.parse(output) as Json;
    } catch (error) {
      throw sfnError('InvalidOutput', `Invalid Output: '${(error as Error).message}'`);
    }
    if (Buffer.byteLength(output, 'utf8') > MAX_PAYLOAD_BYTES) {
      throw sfnError('InvalidOutput', `Invalid Output: 'the output is larger than ${MAX_PAYLOAD_BYTES} bytes'`);
    }
    run.complete(task, { kind: 'success', output: parsed });
    return {};
  }

  private sendTaskFailure(r: RequestReader): JsonObject {
    const { run, task } = this.openTask(r.string('taskToken'));
    const outcome: TaskOutcome = {
      kind: 'failure',
      error: r.optionalString('error') ?? 'States.TaskFailed',
      cause: r.optionalString('cause') ?? '',
    };
    run.complete(task, outcome);
    return {};
  }

  private sendTaskHeartbeat(r: RequestReader): JsonObject {
    const { run, task } = this.openTask(r.string('taskToken'));
    run.heartbeat(task);
    return {};
  }

  /** The run and task a token refers to, if the task still waits for its token. */
  private openTask(token: string): { run: ExecutionRun; task: TaskRecord } {
    const decoded = decodeTaskToken(token);
    if (decoded === undefined) throw sfnError('InvalidToken', `Invalid Token: '${token}'`);
    const execution = this.executions.get(decoded.executionArn);
    const task = execution?.tasks[decoded.taskId];
    if (execution === undefined || task === undefined || task.token !== token) {
      throw sfnError('TaskDoesNotExist', 'Task Does Not Exist');
    }
    if (task.status === 'timedOut') throw sfnError('TaskTimedOut', 'Task Timed Out');
    const run = this.runs.get(execution.executionArn);
    if (
      execution.status !== 'RUNNING' ||
      run === undefined ||
      task.pending !== undefined ||
      (task.status !== 'scheduled' && task.status !== 'submitted')
    ) {
      throw sfnError('TaskDoesNotExist', 'Task Does Not Exist');
    }
    return { run, task };
  }

  // -------------------------------------------------------------------------------------- internals

  private analyze(definition: string): AnalyzedDefinition {
    const cached = this.analyses.get(definition);
    if (cached !== undefined) return cached;
    try {
      const analyzed = analyzeDefinition(definition);
      this.analyses.set(definition, analyzed);
      return analyzed;
    } catch (error) {
      if (error instanceof DefinitionError) throw sfnError('InvalidDefinition', error.message);
      throw error;
    }
  }

  private stateMachine(arn: string): StoredStateMachine {
    checkArn(arn, 'stateMachine');
    const machine = this.stateMachines.get(arn);
    if (machine === undefined) throw sfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private execution(arn: string): ExecutionRecord {
    checkArn(arn, 'execution');
    const execution = this.executions.get(arn);
    if (execution === undefined) throw sfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  private saveStateMachine(machine: StoredStateMachine): void {
    this.options.log.append({ t: 'sfn.stateMachine', stateMachine: machine });
  }
}

// ------------------------------------------------------------------------------------------ helpers

function seconds(ms: number): number {
  return ms / 1000;
}

function validName(name: string): string {
  const control = [...name].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
  if (name.length < 1 || name.length > 80 || INVALID_NAME.test(name) || control) {
    throw sfnError(
      'InvalidName',
      `Invalid Name: '${name}' (1 to 80 characters, no whitespace, brackets, wildcards or special characters)`,
    );
  }
  return name;
}

function validRoleArn(arn: string): string {
  if (!ROLE_ARN.test(arn))
    throw sfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  return arn;
}

function stateMachineType(type: string): StateMachineType {
  if (type !== 'STANDARD' && type !== 'EXPRESS') {
    throw sfnError(
      'ValidationException',
      `Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`,
    );
  }
  return type;
}

function checkArn(arn: string, resource: 'stateMachine' | 'execution'): void {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== resource) {
    throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
  }
}

function tagsFrom(list: unknown[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of list ?? []) {
    const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key === 'string') tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

function sameDefinition(a: string, b: string): boolean {
  return sameJson(a, b);
}

/** A page of `items` from an offset token (the index of the first item, base64url-encoded). */
function pageOf<T>(
  items: readonly T[],
  maxResults: number,
  token: string | undefined,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw sfnError('InvalidToken', `Invalid Token: '${token}'`);
    offset = decoded;
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return next < items.length ? { page, nextToken: Buffer.from(String(next), 'utf8').toString('base64url') } : { page };
}

function publicEvent(event: HistoryEvent, includeData: boolean): JsonObject {
  const { sig: _sig, timestamp, ...rest } = event;
  const result: Record<string, unknown> = { ...rest, timestamp: seconds(timestamp) };
  if (!includeData) {
    for (const [key, value] of Object.entries(result)) {
      if (key.endsWith('EventDetails') && value !== null && typeof value === 'object') {
        const { input: _input, output: _output, parameters: _parameters, ...kept } = value as Record<string, unknown>;
        result[key] = kept;
      }
    }
  }
  return result as JsonObject;
}

export type { ExecutionStatus };
