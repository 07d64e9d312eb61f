/**
 * The local Distributed Map (infra/local/bulk-sync/) against what the Step Functions developer guide documents:
 * ItemReader formats, ItemBatcher input shape, failure tolerance, ResultWriter files and the state's result.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../../infra/local/aws-endpoint/index.ts';
import { LocalS3Service } from '../../../../infra/local/aws-endpoint/s3-service.ts';
import { runLocalStateMachine } from '../../../../infra/local/bulk-sync/local-state-machine.ts';

let endpoint: LocalAwsEndpoint;
let s3: S3Client;
const ARN = 'arn:aws:lambda:ap-southeast-1:000000000000:function:';

beforeAll(async () => {
  endpoint = await startLocalAwsEndpoint({ port: 0, invokeFunction: async () => null, s3: new LocalS3Service() });
  s3 = new S3Client({
    endpoint: endpoint.url,
    region: 'ap-southeast-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'items' }));
});
afterAll(async () => {
  s3.destroy();
  await endpoint.close();
});

const machine = (map: Record<string, unknown>) =>
  JSON.stringify({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Work',
          States: {
            Work: {
              Type: 'Task',
              Resource: `${ARN}Work`,
              Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }],
              End: true,
            },
          },
        },
        End: true,
        ...map,
      },
    },
  });
const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: 'items', Key: key, Body: body }));
const read = async (key: string) =>
  JSON.parse(
    (await (await s3.send(new GetObjectCommand({ Bucket: 'items', Key: key }))).Body?.transformToString()) ?? 'null',
  );
const run = (definition: string, work: (input: unknown) => Promise<unknown>, name = 'e1') =>
  runLocalStateMachine({
    definition,
    input: { key: 'data.jsonl' },
    executionName: name,
    stateMachineArn: 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:m',
    invokeFunction: (_fn, payload) => work(payload),
    s3,
    retryIntervalMs: 0,
  });

describe('the local Distributed Map', { timeout: 60_000 }, () => {
  it('reads JSON Lines, batches items with BatchInput and writes the results where ResultWriter says', async () => {
    await put('data.jsonl', '{"n":1}\n{"n":2}\n\n{"n":3}\n');
    const inputs: unknown[] = [];
    const result = await run(
      machine({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: 'items', 'Key.$': '$.key' },
        },
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$$.Execution.Name' } },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'items', Prefix: 'out' } },
      }),
      async (input) => {
        inputs.push(input);
        return { got: (input as { Items: unknown[] }).Items.length };
      },
    );

    expect(inputs).toEqual(
      expect.arrayContaining([
        { BatchInput: { run: 'e1' }, Items: [{ n: 1 }, { n: 2 }] },
        { BatchInput: { run: 'e1' }, Items: [{ n: 3 }] },
      ]),
    );
    expect(result.status).toBe('SUCCEEDED');
    const details = (result.output as { ResultWriterDetails: { Bucket: string; Key: string } }).ResultWriterDetails;
    expect(details).toEqual({ Bucket: 'items', Key: 'out/Each-e1/manifest.json' });
    const manifest = await read(details.Key);
    expect(manifest.ResultFiles.SUCCEEDED).toEqual([{ Key: 'out/Each-e1/SUCCEEDED_0.json', Size: expect.any(Number) }]);
    const succeeded = await read('out/Each-e1/SUCCEEDED_0.json');
    expect(succeeded.map((c: { Output: string; Status: string }) => [c.Status, JSON.parse(c.Output)])).toEqual([
      ['SUCCEEDED', { got: 2 }],
      ['SUCCEEDED', { got: 1 }],
    ]);
  });

  it('reads CSV with a header row as objects of strings, up to MaxItems', async () => {
    await put('data.csv', 'a,b\n1,x\n2,y\n3,z\n');
    const seen: unknown[] = [];
    const result = await run(
      machine({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', MaxItems: 2 },
          Parameters: { Bucket: 'items', Key: 'data.csv' },
        },
        MaxConcurrency: 1,
      }),
      async (input) => {
        seen.push(input);
        return input;
      },
    );
    expect(seen).toEqual([
      { a: '1', b: 'x' },
      { a: '2', b: 'y' },
    ]);
    expect(result.output).toEqual(seen);
  });

  const failingEvery = (bad: number) => async (input: unknown) => {
    if ((input as { n: number }).n % bad === 0) throw Object.assign(new Error('boom'), { name: 'Boom' });
    return input;
  };
  const tolerant = (fields: Record<string, unknown>) =>
    machine({
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: 'items', Key: 'hundred.jsonl' },
      },
      MaxConcurrency: 1,
      ...fields,
    });

  it('tolerates failed items up to ToleratedFailurePercentage and fails the map beyond it', async () => {
    await put('hundred.jsonl', Array.from({ length: 100 }, (_, i) => JSON.stringify({ n: i + 1 })).join('\n'));

    const within = await run(tolerant({ ToleratedFailurePercentage: 5 }), failingEvery(20));
    expect(within.status).toBe('SUCCEEDED');
    expect((within.output as unknown[]).filter((o) => o === null)).toHaveLength(5);

    const beyond = await run(tolerant({ ToleratedFailurePercentage: 5 }), failingEvery(10));
    expect(beyond).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(beyond.cause).toMatch(/First failure: Boom: boom/);
  });

  it('fails on the first failed item without a tolerance, and counts ToleratedFailureCount in items', async () => {
    expect(await run(tolerant({}), failingEvery(50))).toMatchObject({ status: 'FAILED' });
    expect(await run(tolerant({ ToleratedFailureCount: 2 }), failingEvery(50))).toMatchObject({ status: 'SUCCEEDED' });
    expect(await run(tolerant({ ToleratedFailureCount: 1 }), failingEvery(50))).toMatchObject({ status: 'FAILED' });
  });

  it('fails with States.ItemReaderFailed when the object is missing', async () => {
    const result = await run(
      machine({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: 'items', Key: 'absent.jsonl' },
        },
      }),
      async (i) => i,
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
  });
});
