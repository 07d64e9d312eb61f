/**
 * One sync run against the local cloud: uploads the export to the local S3 bucket, then executes
 * statemachines/bulk-sync.asl.json with the local Distributed Map (local-state-machine.ts); its Lambda tasks run
 * the same handler modules as in AWS, in this process, against the cloud's DynamoDB Local and S3. Returns the
 * execution's result (the report) and reads nothing else.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SyncReport } from '../../../shared/bulk-sync/report.ts';
import { INCOMING_PREFIX } from '../../../shared/bulk-sync/run-keys.ts';
import { BULK_SYNC } from '../../bulk-sync-topology.ts';
import { POPULATION_TABLE } from '../../topology.ts';
import { LocalLambdaRuntime, REPO_ROOT } from '../lambda-runtime.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, substitute } from '../local-cloud.ts';
import type { DistributedMapProgress } from './distributed-map.ts';
import { type LocalRunResult, runLocalStateMachine } from './local-state-machine.ts';

export const LOCAL_SYNC_BUCKET = 'p06-sync-local';

export interface SyncRunOptions {
  /** The local AWS endpoint (S3 is served there) and DynamoDB Local. */
  readonly awsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly source: string;
  /** The export's contents and file name (its extension gives the format). */
  readonly body: string | Buffer;
  readonly fileName: string;
  /** The execution name (the run ID); the same name again resumes a run's map from its checkpoint. */
  readonly executionName: string;
  readonly bucket?: string;
  readonly checkpointDir?: string;
  readonly onProgress?: (progress: DistributedMapProgress) => void;
  readonly retryIntervalMs?: number;
  /** The Lambda runtime to use (tests inject faults through it); default a new one. */
  readonly lambda?: Pick<LocalLambdaRuntime, 'arn' | 'invoke'>;
}

export interface SyncRunResult extends LocalRunResult {
  readonly report?: SyncReport;
  readonly key: string;
}

export const bulkSyncLambdaRuntime = () =>
  new LocalLambdaRuntime([...BULK_SYNC.functions], { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT });

/** The environment the sync's functions get locally (they run in this process). */
export const useLocalSyncEnvironment = (awsEndpoint: string, dynamoDbEndpoint: string): void => {
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? LOCAL_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
    AWS_ENDPOINT_URL_S3: awsEndpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    POPULATION_TABLE: POPULATION_TABLE.id,
    // DynamoDB Local serialises transactions on locks and times out under many at once ("This request will
    // succeed in actual DynamoDB"): fewer in flight per batch locally.
    SYNC_WRITE_CONCURRENCY: process.env.SYNC_WRITE_CONCURRENCY ?? '4',
  });
};

export const localS3Client = (awsEndpoint: string) =>
  new S3Client({
    endpoint: awsEndpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/** Uploads the export and runs the sync state machine to its end. */
export const runLocalSync = async (options: SyncRunOptions): Promise<SyncRunResult> => {
  useLocalSyncEnvironment(options.awsEndpoint, options.dynamoDbEndpoint);
  const bucket = options.bucket ?? LOCAL_SYNC_BUCKET;
  const s3 = localS3Client(options.awsEndpoint);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const key = `${INCOMING_PREFIX}${options.source}/${basename(options.fileName)}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: options.body }));
    const lambda = options.lambda ?? bulkSyncLambdaRuntime();
    const template = readFileSync(resolve(REPO_ROOT, 'statemachines', BULK_SYNC.definitionFile), 'utf8');
    const definition = substitute(
      template,
      Object.fromEntries(Object.entries(BULK_SYNC.taskFunctions).map(([name, fn]) => [name, lambda.arn(fn)])),
    );
    const result = await runLocalStateMachine({
      definition,
      input: { bucket, key, source: options.source },
      executionName: options.executionName,
      stateMachineArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${BULK_SYNC.stateMachineName}`,
      invokeFunction: (name, payload) => lambda.invoke(name, payload),
      s3,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
      ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
    });
    return { ...result, key, ...(result.status === 'SUCCEEDED' ? { report: result.output as SyncReport } : {}) };
  } finally {
    s3.destroy();
  }
};
