/**
 * The procedure groups' Standard workflows in Step Functions, reached through `STATE_MACHINE_ARN_PREFIX`
 * (`arn:aws:states:<region>:<account>:stateMachine:`) and the names the topology gives them.
 */
import {
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { CallbackResult, StartResult, WorkflowPort } from '../../dossiers/ports.ts';

/** Errors meaning the task no longer waits: it completed, timed out or its execution ended. */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

export class StepFunctionsWorkflows implements WorkflowPort {
  constructor(
    private readonly client: SFNClient,
    private readonly arnPrefix: string,
    private readonly stateMachineName: (workflowId: string) => string,
  ) {}

  private arn(workflowId: string) {
    return `${this.arnPrefix}${this.stateMachineName(workflowId)}`;
  }

  async start(workflowId: string, name: string, input: Readonly<Record<string, unknown>>): Promise<StartResult> {
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn: this.arn(workflowId), name, input: JSON.stringify(input) }),
      );
      return 'started';
    } catch (error) {
      // A name is used once per state machine (90 days after it closes): the dossier's execution exists.
      if ((error as Error).name === 'ExecutionAlreadyExists') return 'already-started';
      throw error;
    }
  }

  private async callback(send: () => Promise<unknown>): Promise<CallbackResult> {
    try {
      await send();
      return 'delivered';
    } catch (error) {
      if (GONE.has((error as Error).name)) return 'gone';
      throw error;
    }
  }

  succeed(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<CallbackResult> {
    return this.callback(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  fail(taskToken: string, error: string, cause: string): Promise<CallbackResult> {
    return this.callback(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  async stop(workflowId: string, name: string, cause: string): Promise<void> {
    const executionArn = `${this.arn(workflowId).replace(':stateMachine:', ':execution:')}:${name}`;
    try {
      await this.client.send(new StopExecutionCommand({ executionArn, cause }));
    } catch (error) {
      if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
    }
  }
}
