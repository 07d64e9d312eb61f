/**
 * Amazon States Language definitions as the local Step Functions runs them: validation (the interpreter's
 * own ASL validator plus the local rules), the Task resources the local cloud can run, and the definition
 * handed to the `aws-local-stepfunctions` interpreter, whose task timeouts are neutralised because the
 * local service enforces `TimeoutSeconds` and `HeartbeatSeconds` itself (they must survive a restart).
 */
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { isObject } from './aws-json-protocol.ts';

/**
 * How a Task state's resource is run locally:
 * - `lambda-function`: `arn:aws:lambda:<region>:<account>:function:<name>`, the state input is the event;
 * - `lambda-invoke`: `arn:aws:states:::lambda:invoke` with `FunctionName` and `Payload` parameters;
 * - `sqs-send`: `arn:aws:states:::sqs:sendMessage` with `QueueUrl`, `MessageBody`, ... parameters;
 * and the `.waitForTaskToken` variants of the last two (callback tasks).
 */
export type TaskKind = 'lambda-function' | 'lambda-invoke' | 'sqs-send';

export interface TaskSpec {
  readonly state: string;
  readonly kind: TaskKind;
  readonly resource: string;
  /** `.waitForTaskToken`: the task ends on SendTaskSuccess/SendTaskFailure, not when the call returns. */
  readonly callback: boolean;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

export interface WaitSpec {
  readonly state: string;
  readonly seconds?: number;
}

export interface AnalyzedDefinition {
  readonly definition: StateMachineDefinition;
  /** Task states by name, across branches and iterators (state names are unique in a state machine). */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  readonly waits: ReadonlyMap<string, WaitSpec>;
  /** The execution time limit, top-level `TimeoutSeconds`. */
  readonly timeoutSeconds?: number;
  /**
   * The definition given to the interpreter: each Task's own timeout is made practically infinite (the
   * local service enforces it), and the execution limit is replaced by what remains of it.
   */
  runtimeDefinition(remainingTimeoutSeconds: number | undefined): StateMachineDefinition;
}

/** The definition is not valid ASL or uses something the local cloud cannot run. */
export class DefinitionError extends Error {}

/** Setting the interpreter's per-task timer to ~23 days (below the 2^31 ms limit of setTimeout). */
const INTERPRETER_TASK_TIMEOUT_SECONDS = 2_000_000;

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;
const SERVICE_INTEGRATION = /^arn:aws[a-z-]*:states:::(lambda:invoke|sqs:sendMessage)(\.waitForTaskToken)?$/;

const SUPPORTED_RESOURCES =
  'arn:aws:lambda:<region>:<account>:function:<name>, arn:aws:states:::lambda:invoke[.waitForTaskToken] and arn:aws:states:::sqs:sendMessage[.waitForTaskToken]';

/** Parses, validates and indexes a state machine definition; throws {@link DefinitionError}. */
export function analyzeDefinition(text: string): AnalyzedDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DefinitionError(
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${(error as Error).message}'`,
    );
  }
  if (!isObject(parsed) || !isObject(parsed.States) || typeof parsed.StartAt !== 'string') {
    throw new DefinitionError(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: StartAt and States are required'",
    );
  }
  if (parsed.QueryLanguage !== undefined && parsed.QueryLanguage !== 'JSONPath') {
    throw new DefinitionError(
      `Invalid State Machine Definition: 'QueryLanguage ${String(parsed.QueryLanguage)} is not supported by the local endpoint; use JSONPath'`,
    );
  }
  const definition = parsed as unknown as StateMachineDefinition;
  try {
    new StateMachine(definition);
  } catch (error) {
    throw new DefinitionError(
      `Invalid State Machine Definition: '${(error as Error).message.replaceAll('\n', ' ').trim()}'`,
    );
  }
  const tasks = new Map<string, TaskSpec>();
  const waits = new Map<string, WaitSpec>();
  const seen = new Set<string>();
  const problems: string[] = [];
  visitStates(parsed, (name, state) => {
    if (seen.has(name)) problems.push(`state name ${name} is used more than once`);
    seen.add(name);
    if (state.Type === 'Wait')
      waits.set(name, { state: name, ...(typeof state.Seconds === 'number' ? { seconds: state.Seconds } : {}) });
    if (state.Type !== 'Task') return;
    const resource = String(state.Resource);
    const spec = classify(name, resource, state);
    if (typeof spec === 'string') problems.push(spec);
    else tasks.set(name, spec);
  });
  if (problems.length > 0) throw new DefinitionError(`Invalid State Machine Definition: '${problems.join('; ')}'`);
  const timeoutSeconds = typeof parsed.TimeoutSeconds === 'number' ? parsed.TimeoutSeconds : undefined;
  return {
    definition,
    tasks,
    waits,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    runtimeDefinition: (remaining) => {
      const copy = structuredClone(parsed) as Record<string, unknown>;
      visitStates(copy, (_name, state) => {
        if (state.Type !== 'Task') return;
        delete state.HeartbeatSeconds;
        delete state.HeartbeatSecondsPath;
        if (state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = INTERPRETER_TASK_TIMEOUT_SECONDS;
      });
      if (remaining === undefined) delete copy.TimeoutSeconds;
      else copy.TimeoutSeconds = remaining;
      return copy as unknown as StateMachineDefinition;
    },
  };
}

function classify(name: string, resource: string, state: Record<string, unknown>): TaskSpec | string {
  const timing = {
    ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
    ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
  };
  if (LAMBDA_FUNCTION_ARN.test(resource))
    return { state: name, kind: 'lambda-function', resource, callback: false, ...timing };
  const match = SERVICE_INTEGRATION.exec(resource);
  if (match === null)
    return `state ${name}: resource ${resource} is not supported locally (supported: ${SUPPORTED_RESOURCES})`;
  const kind: TaskKind = match[1] === 'lambda:invoke' ? 'lambda-invoke' : 'sqs-send';
  const parameters = isObject(state.Parameters) ? state.Parameters : {};
  const has = (key: string): boolean => key in parameters || `${key}.$` in parameters;
  const required = kind === 'lambda-invoke' ? ['FunctionName'] : ['QueueUrl', 'MessageBody'];
  const missing = required.filter((key) => !has(key));
  if (missing.length > 0) return `state ${name}: Parameters must include ${missing.join(' and ')} for ${resource}`;
  return { state: name, kind, resource, callback: match[2] !== undefined, ...timing };
}

/** Calls `visit` for every state, including those inside Parallel branches and Map iterators. */
function visitStates(
  machine: Record<string, unknown>,
  visit: (name: string, state: Record<string, unknown>) => void,
): void {
  const states = machine.States;
  if (!isObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    visit(name, state);
    if (Array.isArray(state.Branches)) {
      for (const branch of state.Branches) if (isObject(branch)) visitStates(branch, visit);
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (isObject(processor)) visitStates(processor, visit);
  }
}
