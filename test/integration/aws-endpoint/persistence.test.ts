import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAwsEndpoint } from '../../../infra/local/aws-endpoint/index.ts';
import { ACCOUNT, eventually, sfnClientFor, sqsClientFor, startEndpoint, temporaryFolder } from './endpoint-fixture.ts';

let dataDir: string;
const open: LocalAwsEndpoint[] = [];

beforeAll(async () => {
  dataDir = await temporaryFolder('aws-endpoint-persistence');
});

afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
  await rm(dataDir, { recursive: true, force: true });
});

/** Invocations of local functions across restarts: name → payloads. */
const invocations = new Map<string, unknown[]>();

const start = async (folder = dataDir): Promise<LocalAwsEndpoint> => {
  const endpoint = await startEndpoint({
    dataDir: folder,
    invokeFunction: async (name, payload) => {
      invocations.set(name, [...(invocations.get(name) ?? []), payload]);
      return { by: name };
    },
  });
  open.push(endpoint);
  return endpoint;
};

const stop = async (endpoint: LocalAwsEndpoint): Promise<void> => {
  await endpoint.close();
  open.splice(open.indexOf(endpoint), 1);
};

describe('the local AWS endpoint with a data folder', () => {
  it('refuses a second endpoint on a data folder that is in use', async () => {
    const first = await start();
    await expect(start()).rejects.toThrow(/in use by another local AWS endpoint/);
    await stop(first);
  });

  it('keeps queues, attributes and messages (in flight ones included) across a restart', async () => {
    const before = await start();
    const sqs = sqsClientFor(before);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '1' } }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'first',
        MessageAttributes: { province: { DataType: 'String', StringValue: '79' } },
      }),
    );
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'] }));
    expect(received.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second' }));
    sqs.destroy();
    await stop(before);

    const after = await start();
    const again = sqsClientFor(after);
    const { QueueUrls = [] } = await again.send(new ListQueuesCommand({}));
    expect(QueueUrls).toEqual([`${after.url}/${ACCOUNT}/durable`]);
    const url = QueueUrls[0];
    const attributes = async (): Promise<Record<string, string>> =>
      (await again.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
    expect(await attributes()).toMatchObject({
      VisibilityTimeout: '1',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    await eventually(async () => ((await attributes()).ApproximateNumberOfMessages === '2' ? true : undefined));
    const { Messages: messages = [] } = await again.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(messages.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([
      ['first', '2'],
      ['second', '1'],
    ]);
    expect(messages[0]?.MessageAttributes?.province?.StringValue).toBe('79');
    again.destroy();
    await stop(after);
  });

  it('resumes a running execution after a restart: finished tasks are not run again and the task token stays valid', async () => {
    const before = await start();
    const sfn = sfnClientFor(before);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'durable-workflow',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/workflows`,
        definition: JSON.stringify({
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'check', 'Payload.$': '$' },
              ResultSelector: { 'by.$': '$.Payload.by' },
              ResultPath: '$.check',
              Next: 'Pause',
            },
            Pause: { Type: 'Wait', Seconds: 0, Next: 'Approve' },
            Approve: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
              ResultPath: '$.approval',
              Next: 'Issue',
            },
            Issue: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:issue',
              ResultPath: '$.issued',
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'dossier-42', input: JSON.stringify({ dossier: 42 }) }),
    );
    const token = await eventually(async () => (invocations.get('ask')?.[0] as { token?: string } | undefined)?.token);
    sfn.destroy();
    await stop(before);

    const after = await start();
    const resumed = sfnClientFor(after);
    const { stateMachines = [] } = await resumed.send(new ListStateMachinesCommand({}));
    expect(stateMachines.map((m) => m.name)).toEqual(['durable-workflow']);
    expect((await resumed.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await resumed.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    const execution = await eventually(async () => {
      const described = await resumed.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      dossier: 42,
      check: { by: 'check' },
      approval: { approved: true },
      issued: { by: 'issue' },
    });
    expect([...invocations.entries()].map(([name, calls]) => [name, calls.length])).toEqual([
      ['check', 1],
      ['ask', 1],
      ['issue', 1],
    ]);
    const { events = [] } = await resumed.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    resumed.destroy();
    await stop(after);
  });

  it('recovers from the journal alone after a crash: the copy of a live data folder resumes the execution', async () => {
    invocations.clear();
    const live = await temporaryFolder('aws-endpoint-live');
    const crashed = await temporaryFolder('aws-endpoint-crashed');
    const running = await start(live);
    const sfn = sfnClientFor(running);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'crash-workflow',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/workflows`,
        definition: JSON.stringify({
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:ap-southeast-1:000000000000:function:check',
              ResultPath: '$.check',
              Next: 'Approve',
            },
            Approve: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: 'ask', Payload: { 'token.$': '$$.Task.Token' } },
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    const token = await eventually(async () => (invocations.get('ask')?.[0] as { token?: string } | undefined)?.token);
    // The process "dies": its folder is copied as it is, without the lock and without a final snapshot.
    await cp(live, crashed, { recursive: true });
    await rm(join(crashed, 'aws-endpoint.lock'));

    const recovered = await start(crashed);
    const client = sfnClientFor(recovered);
    await client.send(new SendTaskSuccessCommand({ taskToken: token, output: '"approved"' }));
    const execution = await eventually(async () => {
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'RUNNING' ? undefined : described;
    });
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '"approved"' });
    expect(invocations.get('check')).toHaveLength(1);
    expect(invocations.get('ask')).toHaveLength(1);
    sfn.destroy();
    client.destroy();
    await stop(running);
    await stop(recovered);
    await Promise.all([rm(live, { recursive: true }), rm(crashed, { recursive: true })]);
  });
});
