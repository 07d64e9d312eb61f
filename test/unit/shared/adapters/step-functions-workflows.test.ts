import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsWorkflows } from '../../../../shared/adapters/step-functions/workflow-engine.ts';
import { stateMachineName } from '../../../../shared/platform/resource-names.ts';

const PREFIX = 'arn:aws:states:ap-southeast-1:111122223333:stateMachine:';
const DOSSIER = 'HS01-20261123-ABCDEFGHJK';
const sfn = mockClient(SFNClient);
const workflows = () =>
  new StepFunctionsWorkflows(new SFNClient({ region: 'ap-southeast-1' }), PREFIX, stateMachineName);
const meta = { $metadata: {}, message: 'x' };
/** What the SDK throws when the API rate is exceeded (not a modelled SFN exception). */
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

beforeEach(() => sfn.reset());

describe('StepFunctionsWorkflows.start', () => {
  it('starts the p06-<workflow> state machine, named after the dossier, with the input as JSON', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn', startDate: new Date() });
    const input = { dossierId: DOSSIER, funeralAllowance: true, survivorBenefit: false };
    expect(await workflows().start('DeathGroup', DOSSIER, input)).toBe('started');
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      stateMachineArn: 'arn:aws:states:ap-southeast-1:111122223333:stateMachine:p06-DeathGroup',
      name: DOSSIER,
      input: JSON.stringify(input),
    });
    expect(JSON.parse(String(calls[0]?.args[0].input.input))).toEqual(input);
  });

  it("answers 'already-started' when an execution with the name exists", async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists(meta));
    expect(await workflows().start('BirthGroup', DOSSIER, { dossierId: DOSSIER })).toBe('already-started');
  });

  it('rethrows any other error (the message is retried)', async () => {
    sfn.on(StartExecutionCommand).rejects(new StateMachineDoesNotExist(meta));
    await expect(workflows().start('BirthGroup', DOSSIER, {})).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    sfn.on(StartExecutionCommand).rejects(throttled());
    await expect(workflows().start('BirthGroup', DOSSIER, {})).rejects.toThrow('Rate exceeded');
  });
});

describe('StepFunctionsWorkflows callbacks', () => {
  it('sends success with the output as JSON', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await workflows().succeed('token-1', { stepId: 'RegisterBirth', status: 'approved' })).toBe('delivered');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-1',
      output: '{"stepId":"RegisterBirth","status":"approved"}',
    });
  });

  it('sends failure with the error and cause as given', async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    const cause = JSON.stringify({ stepId: 'RegisterBirth', reason: 'Thiếu giấy chứng sinh' });
    expect(await workflows().fail('token-1', 'StepRejected', cause)).toBe('delivered');
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: 'token-1',
      error: 'StepRejected',
      cause,
    });
  });

  it.each([
    ['TaskDoesNotExist', () => new TaskDoesNotExist(meta)],
    ['TaskTimedOut', () => new TaskTimedOut(meta)],
    ['InvalidToken', () => new InvalidToken(meta)],
  ])("answers 'gone' when the task no longer waits (%s)", async (_name, error) => {
    sfn.on(SendTaskSuccessCommand).rejects(error());
    sfn.on(SendTaskFailureCommand).rejects(error());
    expect(await workflows().succeed('t', {})).toBe('gone');
    expect(await workflows().fail('t', 'StepRejected', '{}')).toBe('gone');
  });

  it('rethrows other errors', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(throttled());
    sfn.on(SendTaskFailureCommand).rejects(new Error('socket hang up'));
    await expect(workflows().succeed('t', {})).rejects.toThrow('Rate exceeded');
    await expect(workflows().fail('t', 'StepRejected', '{}')).rejects.toThrow('socket hang up');
  });
});

describe('StepFunctionsWorkflows.stop', () => {
  it('stops the execution whose ARN is built from the state machine ARN and the dossier ID', async () => {
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date() });
    await workflows().stop('DeathGroup', DOSSIER, 'death registration revoked');
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toEqual({
      executionArn: `arn:aws:states:ap-southeast-1:111122223333:execution:p06-DeathGroup:${DOSSIER}`,
      cause: 'death registration revoked',
    });
  });

  it('ignores an execution that does not exist, rethrows anything else', async () => {
    sfn.on(StopExecutionCommand).rejects(new ExecutionDoesNotExist(meta));
    await expect(workflows().stop('DeathGroup', DOSSIER, 'c')).resolves.toBeUndefined();
    sfn.on(StopExecutionCommand).rejects(throttled());
    await expect(workflows().stop('DeathGroup', DOSSIER, 'c')).rejects.toThrow('Rate exceeded');
  });
});
