import { describe, expect, it } from 'vitest';
import { analyzeDefinition, DefinitionError } from '../../../../../infra/local/aws-endpoint/sfn-definition.ts';

const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra });

describe('state machine definitions for the local Step Functions', () => {
  it('index Task states, including those inside Parallel branches and Map iterators, by how they run', () => {
    const analyzed = analyzeDefinition(
      machine({
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Notify',
              States: {
                Notify: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
                  Parameters: { QueueUrl: 'http://127.0.0.1:4566/000000000000/q', 'MessageBody.$': '$' },
                  HeartbeatSeconds: 60,
                  End: true,
                },
              },
            },
          ],
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Check',
            States: {
              Check: { Type: 'Task', Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:check', End: true },
            },
          },
          Next: 'Invoke',
        },
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'issue', 'Payload.$': '$' },
          TimeoutSeconds: 30,
          End: true,
        },
      }),
    );
    expect(Object.fromEntries(analyzed.tasks)).toEqual({
      Notify: expect.objectContaining({ kind: 'sqs-send', callback: true, heartbeatSeconds: 60 }),
      Check: expect.objectContaining({ kind: 'lambda-function', callback: false }),
      Invoke: expect.objectContaining({ kind: 'lambda-invoke', callback: false, timeoutSeconds: 30 }),
    });
  });

  it('hand the interpreter task timeouts it will never reach, and the remaining execution time', () => {
    const analyzed = analyzeDefinition(
      machine(
        {
          Invoke: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'f' },
            TimeoutSeconds: 5,
            HeartbeatSeconds: 2,
            End: true,
          },
        },
        { TimeoutSeconds: 100 },
      ),
    );
    expect(analyzed.timeoutSeconds).toBe(100);
    const runtime = analyzed.runtimeDefinition(42) as unknown as {
      TimeoutSeconds: number;
      States: { Invoke: Record<string, unknown> };
    };
    expect(runtime.TimeoutSeconds).toBe(42);
    expect(runtime.States.Invoke.TimeoutSeconds).toBe(2_000_000);
    expect(runtime.States.Invoke.HeartbeatSeconds).toBeUndefined();
  });

  it('reject resources the local cloud cannot run, naming the state and what is supported', () => {
    const unsupported = machine({
      Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 't' }, End: true },
    });
    expect(() => analyzeDefinition(unsupported)).toThrow(DefinitionError);
    expect(() => analyzeDefinition(unsupported)).toThrow(
      /state Put: resource arn:aws:states:::dynamodb:putItem is not supported locally/,
    );
  });

  it('reject integrations without their required parameters', () => {
    const noQueue = machine({
      Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { MessageBody: 'x' }, End: true },
    });
    expect(() => analyzeDefinition(noQueue)).toThrow(/Parameters must include QueueUrl/);
  });

  it('reject invalid JSON, invalid ASL and JSONata', () => {
    expect(() => analyzeDefinition('{')).toThrow(/SCHEMA_VALIDATION_FAILED/);
    expect(() => analyzeDefinition(machine({ A: { Type: 'Pass', Next: 'Nowhere' } }))).toThrow(DefinitionError);
    expect(() => analyzeDefinition(machine({ A: { Type: 'Pass', End: true } }, { QueryLanguage: 'JSONata' }))).toThrow(
      /JSONata/,
    );
  });
});
