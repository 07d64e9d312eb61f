/**
 * `npm run dlq:redrive`: messages of a province's intake dead-letter queue go back to its intake queue through
 * a real SQS message move task, here on a fresh local AWS endpoint per test with the real SDK client.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalAwsEndpoint } from '../../../infra/local/aws-endpoint/index.ts';
import { redriveDeadLetters } from '../../../infra/local/dlq-redrive-cli.ts';
import { intakeDlqName, intakeQueueName } from '../../../infra/topology.ts';
import { eventually, sqsClientFor, startEndpoint } from './endpoint-fixture.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const BODIES = ['dossier-1', 'dossier-2', 'dossier-3'];

let endpoint: LocalAwsEndpoint;
let sqs: SQSClient;

beforeEach(async () => {
  endpoint = await startEndpoint();
  sqs = sqsClientFor(endpoint);
});

afterEach(async () => {
  sqs?.destroy();
  await endpoint?.close();
});

const attributesOf = async (queueUrl: string): Promise<Record<string, string>> =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))).Attributes ?? {};

const depthOf = async (queueUrl: string) => Number((await attributesOf(queueUrl)).ApproximateNumberOfMessages);

/** A province's intake queue and DLQ as the platform creates them (maxReceiveCount 2), with `BODIES` dead-lettered. */
async function provinceWithDeadLetters(province: string) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: intakeDlqName(province) }));
  const dlqUrl = dlq.QueueUrl as string;
  const dlqArn = (await attributesOf(dlqUrl)).QueueArn as string;
  const intake = await sqs.send(
    new CreateQueueCommand({
      QueueName: intakeQueueName(province),
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
    }),
  );
  const queueUrl = intake.QueueUrl as string;
  for (const body of BODIES) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  // Received and never deleted: after the second receive each message moves to the DLQ on the next attempt.
  for (let attempt = 0; attempt < 20 && (await depthOf(dlqUrl)) < BODIES.length; attempt++) {
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
  }
  expect(await depthOf(dlqUrl)).toBe(BODIES.length);
  expect(await depthOf(queueUrl)).toBe(0);
  return { queueUrl, dlqUrl, dlqArn };
}

/** Every body now visible on the queue (received with VisibilityTimeout 0, so nothing is taken). */
async function bodiesOn(queueUrl: string): Promise<string[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  return Messages.map((m) => m.Body as string).sort();
}

/** Runs the CLI as `npm run dlq:redrive` would, without blocking this process (it serves the endpoint). */
async function cli(...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'dummy',
    AWS_SECRET_ACCESS_KEY: 'dummy',
    AWS_REGION: 'ap-southeast-1',
  };
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_ENDPOINT_URL_SQS;
  delete env.AWS_ENDPOINT_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [TSX, 'infra/local/dlq-redrive-cli.ts', ...args],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 },
    );
    return { status: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('redriveDeadLetters', () => {
  it('moves the dead letters back to the intake queue and reports how many moved', async () => {
    const { queueUrl, dlqUrl } = await provinceWithDeadLetters('01');
    const lines: string[] = [];

    const summary = await redriveDeadLetters({
      sqs,
      provinces: ['01'],
      wait: true,
      pollIntervalMs: 20,
      log: (line) => lines.push(line),
    });

    expect(summary).toEqual([
      expect.objectContaining({
        province: '01',
        dlqName: 'p06-intake-01-dlq',
        queueName: 'p06-intake-01',
        outcome: 'completed',
        messages: 3,
        moved: 3,
        taskHandle: expect.any(String),
      }),
    ]);
    expect(await depthOf(dlqUrl)).toBe(0);
    expect(await bodiesOn(queueUrl)).toEqual(BODIES);
    expect(lines).toContain('province 01: 3 message(s) in p06-intake-01-dlq');
    expect(lines).toContain('province 01: COMPLETED, 3 message(s) moved back to p06-intake-01');
  });

  it('only reports the depth in a dry run', async () => {
    const { queueUrl, dlqUrl, dlqArn } = await provinceWithDeadLetters('01');
    const lines: string[] = [];

    const summary = await redriveDeadLetters({ sqs, provinces: ['01'], dryRun: true, log: (l) => lines.push(l) });

    expect(summary).toEqual([expect.objectContaining({ province: '01', outcome: 'dry-run', messages: 3 })]);
    expect(lines).toEqual(['province 01: 3 message(s) in p06-intake-01-dlq']);
    expect(await depthOf(dlqUrl)).toBe(3);
    expect(await depthOf(queueUrl)).toBe(0);
    expect((await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results).toEqual([]);
  });

  it('reports a province without queues by name and goes on with the others', async () => {
    await provinceWithDeadLetters('01');
    const lines: string[] = [];

    const summary = await redriveDeadLetters({
      sqs,
      provinces: ['01', '79'],
      wait: true,
      pollIntervalMs: 20,
      log: (l) => lines.push(l),
    });

    expect(summary).toEqual([
      expect.objectContaining({ province: '01', outcome: 'completed', moved: 3 }),
      expect.objectContaining({
        province: '79',
        outcome: 'missing-queue',
        error: 'queue p06-intake-79-dlq does not exist: province 79 is not onboarded here',
      }),
    ]);
    expect(lines).toContain('province 79: queue p06-intake-79-dlq does not exist: province 79 is not onboarded here');
  });

  it('names the intake queue when only the dead-letter queue exists', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: intakeDlqName('79') }));

    const [summary] = await redriveDeadLetters({ sqs, provinces: ['79'] });

    expect(summary).toMatchObject({ outcome: 'missing-queue', error: expect.stringContaining('queue p06-intake-79 ') });
  });

  it('starts a rate-limited task without waiting, and leaves a running task alone', async () => {
    const { dlqArn } = await provinceWithDeadLetters('01');

    const [first] = await redriveDeadLetters({ sqs, provinces: ['01'], rate: 1 });
    expect(first).toMatchObject({ outcome: 'started', messages: 3, taskHandle: expect.any(String) });
    const [task] = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }))).Results ?? [];
    expect(task).toMatchObject({ Status: 'RUNNING', MaxNumberOfMessagesPerSecond: 1, TaskHandle: first?.taskHandle });

    const lines: string[] = [];
    const [second] = await redriveDeadLetters({ sqs, provinces: ['01'], log: (l) => lines.push(l) });
    expect(second).toMatchObject({ outcome: 'already-running', taskHandle: first?.taskHandle });
    expect(lines.at(-1)).toMatch(
      /^province 01: a move task is already running for p06-intake-01-dlq .*not starting another$/,
    );
    expect(
      (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 10 }))).Results,
    ).toHaveLength(1);
  });

  it('says there is nothing to move when the dead-letter queue is empty', async () => {
    const { queueUrl, dlqUrl } = await provinceWithDeadLetters('01');
    await redriveDeadLetters({ sqs, provinces: ['01'], wait: true, pollIntervalMs: 20 });
    expect(await bodiesOn(queueUrl)).toEqual(BODIES);

    const [summary] = await redriveDeadLetters({ sqs, provinces: ['01'], wait: true });
    expect(summary).toMatchObject({ outcome: 'empty', messages: 0 });
    expect(await depthOf(dlqUrl)).toBe(0);
  });
});

describe('npm run dlq:redrive', () => {
  it('redrives a province and prints the moved count', async () => {
    const { queueUrl, dlqUrl } = await provinceWithDeadLetters('01');

    const { status, output } = await cli('--province', '01', '--endpoint', endpoint.url, '--wait');

    expect(output).toContain('province 01: 3 message(s) in p06-intake-01-dlq');
    expect(output).toContain('province 01: COMPLETED, 3 message(s) moved back to p06-intake-01');
    expect(output).toContain('Done: 3 message(s) moved back to the intake queues.');
    expect(status).toBe(0);
    await eventually(async () => ((await depthOf(dlqUrl)) === 0 ? true : undefined));
    expect(await bodiesOn(queueUrl)).toEqual(BODIES);
  });

  it('finds the local endpoint through AWS_PORT and reports a dry run', async () => {
    await provinceWithDeadLetters('01');
    const port = new URL(endpoint.url).port;

    const previous = process.env.AWS_PORT;
    process.env.AWS_PORT = port;
    try {
      const { status, output } = await cli('--province', '01', '--dry-run');
      expect(output).toContain(`at http://127.0.0.1:${port}`);
      expect(output).toContain('Dry run: 3 message(s) in the dead-letter queues; nothing moved.');
      expect(status).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.AWS_PORT;
      else process.env.AWS_PORT = previous;
    }
  });

  it('exits 1 naming the province and the queue when a province is not onboarded', async () => {
    const { status, output } = await cli('--province', '79', '--endpoint', endpoint.url);
    expect(output).toContain('province 79: queue p06-intake-79-dlq does not exist: province 79 is not onboarded here');
    expect(status).toBe(1);
  });

  it('exits 2 on an unknown province code', async () => {
    const { status, output } = await cli('--province', '99', '--endpoint', endpoint.url);
    expect(output).toContain('Unknown province code(s): 99.');
    expect(output).toContain('Usage: npm run dlq:redrive');
    expect(status).toBe(2);
  });
});
