import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAwsEndpoint } from '../../../infra/local/aws-endpoint/index.ts';
import { LocalS3Service } from '../../../infra/local/aws-endpoint/s3-service.ts';
import { ACCOUNT, REGION, rejectionOf, startEndpoint } from './endpoint-fixture.ts';

const run = promisify(execFile);
const awsOnPath = (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, 'aws')));
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: REGION,
  AWS_PAGER: '',
};

let endpoint: LocalAwsEndpoint;

beforeAll(async () => {
  // With S3, as the local cloud runs it: S3 must not take the other services' requests.
  endpoint = await startEndpoint({ s3: new LocalS3Service() });
});

afterAll(async () => {
  await endpoint?.close();
});

/** Runs the AWS CLI against the endpoint; its standard output. */
const awsText = async (...args: string[]): Promise<string> =>
  (await run('aws', ['--endpoint-url', endpoint.url, ...args], { env, timeout: 30_000 })).stdout;

/** Runs the AWS CLI against the endpoint and parses its JSON output (empty output → {}). */
const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
  const stdout = await awsText('--output', 'json', ...args);
  return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
};

describe('the AWS CLI against the local endpoint', () => {
  const cliIt = it.skipIf(!awsOnPath);

  cliIt('creates, lists, sends to and receives from SQS queues', async () => {
    await expect(aws('sqs', 'list-queues')).resolves.toEqual({});
    const { QueueUrl } = await aws(
      'sqs',
      'create-queue',
      '--queue-name',
      'cli-intake',
      '--attributes',
      'VisibilityTimeout=5',
    );
    expect(QueueUrl).toBe(`${endpoint.url}/${ACCOUNT}/cli-intake`);
    await expect(aws('sqs', 'list-queues')).resolves.toEqual({ QueueUrls: [QueueUrl] });
    const sent = await aws(
      'sqs',
      'send-message',
      '--queue-url',
      String(QueueUrl),
      '--message-body',
      'xin chào',
      '--message-attributes',
      '{"province":{"DataType":"String","StringValue":"79"}}',
    );
    expect(sent.MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/);
    const received = (await aws(
      'sqs',
      'receive-message',
      '--queue-url',
      String(QueueUrl),
      '--message-attribute-names',
      'All',
    )) as {
      Messages: { Body: string; MessageAttributes: Record<string, { StringValue: string }> }[];
    };
    expect(received.Messages[0]?.Body).toBe('xin chào');
    expect(received.Messages[0]?.MessageAttributes.province?.StringValue).toBe('79');
  });

  cliIt('reports a missing queue with the SQS error code', async () => {
    const failure = await rejectionOf(aws('sqs', 'get-queue-url', '--queue-name', 'missing'));
    expect((failure as unknown as { stderr: string }).stderr).toMatch(/AWS\.SimpleQueueService\.NonExistentQueue/);
  });

  cliIt('lists S3 buckets (aws s3 ls, s3api list-buckets: a bare GET / signed for S3)', async () => {
    expect(await awsText('s3', 'ls')).toBe('');
    await awsText('s3', 'mb', 's3://cli-exports');
    expect(await awsText('s3', 'ls')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} cli-exports\n$/);
    const listed = (await aws('s3api', 'list-buckets')) as { Buckets: { Name: string; CreationDate: string }[] };
    expect(listed.Buckets.map((b) => b.Name)).toEqual(['cli-exports']);
    expect(Date.parse(listed.Buckets[0]?.CreationDate ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  cliIt('lists and creates Step Functions state machines', async () => {
    await expect(aws('stepfunctions', 'list-state-machines')).resolves.toEqual({ stateMachines: [] });
    const definition = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    const created = await aws(
      'stepfunctions',
      'create-state-machine',
      '--name',
      'cli-workflow',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT}:role/workflows`,
      '--definition',
      definition,
    );
    expect(created.stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:cli-workflow`);
    const listed = (await aws('stepfunctions', 'list-state-machines')) as { stateMachines: { name: string }[] };
    expect(listed.stateMachines.map((m) => m.name)).toEqual(['cli-workflow']);
  });
});
