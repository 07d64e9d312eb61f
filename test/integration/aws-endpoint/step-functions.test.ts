import { readFileSync } from 'node:fs';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidDefinition,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalAwsEndpoint } from '../../../infra/local/aws-endpoint/index.ts';
import { INVALID_TASK_INPUT, InvalidTaskInputError } from '../../../shared/lambda/task-input.ts';
import {
  ACCOUNT,
  eventually,
  REGION,
  rejectionOf,
  sfnClientFor,
  sqsClientFor,
  startEndpoint,
} from './endpoint-fixture.ts';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/p06-workflows`;
const FUNCTION_ARN = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
/** A definition substitution as CDK's `definitionSubstitutions` fills it: `${Name}`. */
const placeholder = (name: string): string => `\${${name}}`;

class TransientError extends Error {
  override name = 'TransientError';
}

let endpoint: LocalAwsEndpoint;
let sfn: SFNClient;
let sqs: SQSClient;
/** Invocations of the local functions: name → payloads. */
const invocations = new Map<string, unknown[]>();
/** Behaviour of the local functions by name; default: echo. */
let functions: Record<string, (payload: unknown, call: number) => unknown> = {};

beforeAll(async () => {
  endpoint = await startEndpoint({
    invokeFunction: async (name, payload) => {
      const calls = invocations.get(name) ?? [];
      calls.push(payload);
      invocations.set(name, calls);
      const behaviour = functions[name];
      return behaviour ? behaviour(payload, calls.length) : payload;
    },
  });
  sfn = sfnClientFor(endpoint);
  sqs = sqsClientFor(endpoint);
});

beforeEach(() => {
  invocations.clear();
  functions = {};
});

afterAll(async () => {
  sfn?.destroy();
  sqs?.destroy();
  await endpoint?.close();
});

const createStateMachine = async (name: string, definition: object, type?: 'STANDARD' | 'EXPRESS'): Promise<string> => {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }),
  );
  if (stateMachineArn === undefined) throw new Error('no ARN');
  return stateMachineArn;
};

const start = async (stateMachineArn: string, input: unknown, name?: string): Promise<string> => {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }),
  );
  if (executionArn === undefined) throw new Error('no ARN');
  return executionArn;
};

const finished = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  eventually(async () => {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  });

const history = async (executionArn: string): Promise<HistoryEvent[]> =>
  (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

/** Resolves with the task token a callback task handed to a function, once it has. */
const tokenGivenTo = (functionName: string): Promise<string> =>
  eventually(async () => (invocations.get(functionName)?.at(-1) as { token?: string } | undefined)?.token);

const registration = {
  Comment: 'Validate (retried on a transient error), branch on the result, register',
  StartAt: 'Validate',
  States: {
    Validate: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: FUNCTION_ARN('validate'), 'Payload.$': '$' },
      ResultSelector: { 'valid.$': '$.Payload.valid' },
      ResultPath: '$.validation',
      Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
      Next: 'IsValid',
    },
    IsValid: {
      Type: 'Choice',
      Choices: [{ Variable: '$.validation.valid', BooleanEquals: true, Next: 'Register' }],
      Default: 'Rejected',
    },
    Register: { Type: 'Task', Resource: FUNCTION_ARN('register'), ResultPath: '$.registration', End: true },
    Rejected: { Type: 'Fail', Error: 'Invalid', Cause: 'The application is not valid' },
  },
};

describe('the local Step Functions endpoint: executions', () => {
  it('runs a Lambda task that fails once, is retried and succeeds, then a Choice and a second task, to SUCCEEDED', async () => {
    functions.validate = (payload, call) => {
      if (call === 1) throw new TransientError('the registry is busy');
      return { valid: (payload as { age: number }).age >= 14 };
    };
    functions.register = (payload) => ({ id: `REG-${(payload as { name: string }).name}` });
    const machine = await createStateMachine('registration', registration);
    const arn = await start(machine, { name: 'Nguyễn Văn An', age: 30 });
    const execution = await finished(arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      name: 'Nguyễn Văn An',
      age: 30,
      validation: { valid: true },
      registration: { id: 'REG-Nguyễn Văn An' },
    });
    expect(invocations.get('validate')).toHaveLength(2);
    expect(invocations.get('register')).toEqual([{ name: 'Nguyễn Văn An', age: 30, validation: { valid: true } }]);

    const events = await history(arn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.previousEventId)).toEqual(events.map((_, i) => i));
    expect(events[0]?.timestamp).toBeInstanceOf(Date);
    const failed = events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails;
    expect(failed).toMatchObject({ resourceType: 'lambda', resource: 'invoke', error: 'TransientError' });
    expect(JSON.parse(failed?.cause ?? '')).toMatchObject({
      errorType: 'TransientError',
      errorMessage: 'the registry is busy',
    });
    const scheduled = events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: REGION });
    expect(JSON.parse(scheduled?.parameters ?? '')).toMatchObject({ FunctionName: FUNCTION_ARN('validate') });
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe(execution.output);
  });

  it('fails the execution with the Fail state error when the Choice rejects', async () => {
    functions.validate = () => ({ valid: false });
    const machine = await createStateMachine('registration', registration);
    const execution = await finished(await start(machine, { name: 'Trẻ em', age: 3 }));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Invalid', cause: 'The application is not valid' });
    expect(invocations.get('register')).toBeUndefined();
  });

  it('starts an execution once per name: same input while running returns it, a different input or a closed one is refused', async () => {
    const machine = await createStateMachine('human-step', {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: 'notify-officer',
            Payload: { 'token.$': '$$.Task.Token', 'dossier.$': '$.dossier' },
          },
          End: true,
        },
      },
    });
    const first = await start(machine, { dossier: 'D-1' }, 'D-1');
    expect(first).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:human-step:D-1`);
    await expect(start(machine, { dossier: 'D-1' }, 'D-1')).resolves.toBe(first);
    await expect(start(machine, { dossier: 'D-2' }, 'D-1')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const token = await tokenGivenTo('notify-officer');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    await finished(first);
    await expect(start(machine, { dossier: 'D-1' }, 'D-1')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('waits for a task token given to a Lambda function and resumes with the output of SendTaskSuccess', async () => {
    const machine = await createStateMachine('approval', {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: FUNCTION_ARN('notify-officer'),
            Payload: {
              'token.$': '$$.Task.Token',
              'dossier.$': '$.dossier',
              'note.$': "States.Format('task {}', $$.Task.Token)",
            },
          },
          ResultPath: '$.decision',
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    });
    const arn = await start(machine, { dossier: 'D-7' });
    const token = await tokenGivenTo('notify-officer');
    const payload = invocations.get('notify-officer')?.[0] as { dossier: string; note: string };
    expect(payload).toMatchObject({ dossier: 'D-7', note: `task ${token}` });
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true, officer: 'C-1' }) }),
    );
    const execution = await finished(arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      dossier: 'D-7',
      decision: { approved: true, officer: 'C-1' },
    });
    const types = (await history(arn)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'TaskScheduled',
        'TaskStarted',
        'TaskSubmitted',
        'TaskSucceeded',
        'SucceedStateEntered',
        'ExecutionSucceeded',
      ]),
    );
    expect(types.indexOf('TaskSubmitted')).toBeLessThan(types.indexOf('TaskSucceeded'));
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(
      TaskDoesNotExist,
    );
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'forged', output: '{}' }))).rejects.toBeInstanceOf(
      InvalidToken,
    );
  });

  it('sends the task token in an SQS message and fails the execution on SendTaskFailure', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'officer-inbox' }));
    const machine = await createStateMachine('inbox', {
      StartAt: 'AskOfficer',
      States: {
        AskOfficer: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: {
            QueueUrl,
            MessageBody: { 'token.$': '$$.Task.Token', 'dossier.$': '$.dossier' },
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'approval' } },
          },
          End: true,
        },
      },
    });
    const arn = await start(machine, { dossier: 'D-9' });
    const message = await eventually(
      async () =>
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 })))
          .Messages?.[0],
    );
    const body = JSON.parse(message.Body ?? '') as { token: string; dossier: string };
    expect(body.dossier).toBe('D-9');
    expect(message.MessageAttributes?.kind?.StringValue).toBe('approval');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: body.token, error: 'Rejected', cause: 'missing documents' }),
    );
    const execution = await finished(arn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'missing documents' });
    const submitted = (await history(arn)).find((e) => e.type === 'TaskSubmitted')?.taskSubmittedEventDetails;
    expect(submitted).toMatchObject({ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' });
    expect(JSON.parse(submitted?.output ?? '')).toMatchObject({ MessageId: message.MessageId });
  });

  it('times a callback task out after HeartbeatSeconds with States.Timeout, which States.TaskFailed does not catch', async () => {
    const machine = await createStateMachine('silent-officer', {
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'silent', Payload: { 'token.$': '$$.Task.Token' } },
          HeartbeatSeconds: 1,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      },
    });
    const arn = await start(machine, {});
    const token = await tokenGivenTo('silent');
    const execution = await finished(arn);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect((await history(arn)).map((e) => e.type)).toContain('TaskTimedOut');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('stops a running execution: ABORTED with the given error and cause, and its task token is no longer valid', async () => {
    const machine = await createStateMachine('stoppable', {
      StartAt: 'Wait for officer',
      States: {
        'Wait for officer': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: { FunctionName: 'notify-officer', Payload: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    });
    const arn = await start(machine, {});
    const token = await tokenGivenTo('notify-officer');
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: arn, error: 'Withdrawn', cause: 'the citizen withdrew' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Withdrawn', cause: 'the citizen withdrew' });
    const last = (await history(arn)).at(-1);
    expect(last).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Withdrawn', cause: 'the citizen withdrew' },
    });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(
      TaskDoesNotExist,
    );
    const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'ABORTED' }));
    expect(aborted.executions?.map((e) => e.executionArn)).toEqual([arn]);
    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING' }));
    expect(running.executions).toEqual([]);
  });

  it('runs Lambda tasks in Map iterations and Parallel branches, and catches a task error with States.TaskFailed', async () => {
    functions.check = (payload) => {
      const { n } = payload as { n: number };
      if (n < 0) throw new RangeError(`negative: ${n}`);
      return n * 2;
    };
    const machine = await createStateMachine('fan-out', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  ItemsPath: '$.items',
                  ItemSelector: { 'n.$': '$$.Map.Item.Value' },
                  ItemProcessor: {
                    StartAt: 'Double',
                    States: { Double: { Type: 'Task', Resource: FUNCTION_ARN('check'), End: true } },
                  },
                  End: true,
                },
              },
            },
            {
              StartAt: 'Negative',
              States: {
                Negative: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: 'check', Payload: { n: -1 } },
                  Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Recovered' }],
                  End: true,
                },
                Recovered: { Type: 'Pass', OutputPath: '$.error.Error', End: true },
              },
            },
          ],
          End: true,
        },
      },
    });
    const arn = await start(machine, { items: [1, 2, 3] });
    const execution = await finished(arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual([[2, 4, 6], 'RangeError']);
    const types = (await history(arn)).map((e) => e.type);
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
    expect(types).toContain('TaskFailed');
  });

  it('answers StartSyncExecution for EXPRESS state machines with the finished execution', async () => {
    functions.check = (payload) => ({ checked: payload });
    const machine = await createStateMachine(
      'express',
      { StartAt: 'Check', States: { Check: { Type: 'Task', Resource: FUNCTION_ARN('check'), End: true } } },
      'EXPRESS',
    );
    // The SDK prefixes the host with "sync-" for this operation unless told not to.
    const client = new SFNClient({
      endpoint: endpoint.url,
      region: REGION,
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
      disableHostPrefix: true,
    });
    const result = await client.send(new StartSyncExecutionCommand({ stateMachineArn: machine, input: '{"a":1}' }));
    client.destroy();
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"checked":{"a":1}}' });
  });

  it("fails a group at once when its task cannot read its input: the group's ASL retries InvalidTaskInput never", async () => {
    const definition = readFileSync(new URL('../../../statemachines/birth-group.asl.json', import.meta.url), 'utf8')
      .replaceAll(placeholder('OpenDossierStepFunction'), FUNCTION_ARN('open-step'))
      .replaceAll(placeholder('NotifyCitizenFunction'), FUNCTION_ARN('notify'));
    const unreadable = () => {
      throw new InvalidTaskInputError('The task input is not valid: dossierId: Invalid string');
    };
    functions = { 'open-step': unreadable, notify: unreadable };
    const machine = await createStateMachine('birth-group-unreadable-input', JSON.parse(definition));
    const arn = await start(machine, { dossierId: 'not-a-dossier' });
    // The default retrier (States.ALL, 4 attempts from 2 s) would keep it running for half a minute.
    const execution = await finished(arn);
    expect(execution.status).toBe('FAILED');
    expect(invocations.get('open-step')).toHaveLength(1);
    expect(invocations.get('notify')).toHaveLength(1);
    // The step's callback task fails as a task, NotifyFailure's plain invocation as a Lambda function.
    const failures = (await history(arn)).flatMap((e) =>
      e.type === 'TaskFailed' || e.type === 'LambdaFunctionFailed'
        ? [e.taskFailedEventDetails?.error ?? e.lambdaFunctionFailedEventDetails?.error]
        : [],
    );
    expect(failures).toEqual([INVALID_TASK_INPUT, INVALID_TASK_INPUT]);
  });

  it('pages through the history in reverse order', async () => {
    const machine = await createStateMachine('passes', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } },
    });
    const arn = await start(machine, { n: 1 });
    await finished(arn);
    const page1 = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 3 }),
    );
    expect(page1.events?.map((e) => e.type)).toEqual(['ExecutionSucceeded', 'PassStateExited', 'PassStateEntered']);
    const page2 = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: arn,
        reverseOrder: true,
        maxResults: 100,
        nextToken: page1.nextToken,
      }),
    );
    expect(page2.events?.at(-1)?.type).toBe('ExecutionStarted');
    expect(page2.nextToken).toBeUndefined();
    expect((page1.events?.length ?? 0) + (page2.events?.length ?? 0)).toBe(8);
  });
});

describe('the local Step Functions endpoint: state machines', () => {
  const simple = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };

  it('creates a state machine idempotently and refuses the same name with another definition', async () => {
    const arn = await createStateMachine('idempotent', simple);
    expect(arn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:idempotent`);
    await expect(createStateMachine('idempotent', simple)).resolves.toBe(arn);
    await expect(createStateMachine('idempotent', { ...simple, Comment: 'changed' })).rejects.toBeInstanceOf(
      StateMachineAlreadyExists,
    );
  });

  it('rejects invalid ASL and resources the local cloud cannot run, saying why', async () => {
    const invalid = await rejectionOf(
      createStateMachine('broken', {
        StartAt: 'Missing',
        States: { Done: { Type: 'Succeed' } },
      }),
    );
    expect(invalid).toBeInstanceOf(InvalidDefinition);
    const unsupported = await rejectionOf(
      createStateMachine('dynamo', {
        StartAt: 'Put',
        States: {
          Put: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 't' },
            End: true,
          },
        },
      }),
    );
    expect(unsupported).toBeInstanceOf(InvalidDefinition);
    expect(unsupported.message).toMatch(/dynamodb:putItem is not supported locally/);
  });

  it('describes, updates, lists and deletes state machines', async () => {
    const arn = await createStateMachine('lifecycle', simple, 'EXPRESS');
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: 'lifecycle', type: 'EXPRESS', status: 'ACTIVE', roleArn: ROLE });
    expect(JSON.parse(described.definition ?? '')).toEqual(simple);
    const changed = { ...simple, Comment: 'v2' };
    const updated = await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn: arn, definition: JSON.stringify(changed) }),
    );
    expect(updated.updateDate).toBeInstanceOf(Date);
    expect(
      JSON.parse((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition ?? ''),
    ).toEqual(changed);
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toContain('lifecycle');
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).rejects.toBeInstanceOf(
      StateMachineDoesNotExist,
    );
  });
});
