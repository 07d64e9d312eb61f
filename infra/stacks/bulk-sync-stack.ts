import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { RESULTS_PREFIX } from '../../shared/bulk-sync/run-keys.ts';
import type { BulkSyncSpec } from '../bulk-sync-topology.ts';
import { nagResource } from '../constructs/nag-finding.ts';
import { PlatformAlarmTopic } from '../constructs/platform-alarm-topic.ts';
import { PlatformFunction, REPOSITORY_ROOT } from '../constructs/platform-function.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import type { TableSpec } from '../topology.ts';
import { DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX, importNationalTable } from './national-data-stack.ts';

export interface BulkSyncStackProps extends StackProps {
  /** The sync's functions and state machine, from infra/bulk-sync-topology.ts. */
  readonly bulkSync: BulkSyncSpec;
  /** The national tables, from the topology (the functions bind to those their spec names). */
  readonly tables: readonly TableSpec[];
  /** @default DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX */
  readonly nationalDataParameterPrefix?: string;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Days staging files and map results are kept (exports and reports stay, versioned). @default 30 */
  readonly workingFilesDays?: number;
}

/**
 * Bulk synchronisation of sector databases (docs/bulk-sync.md): the sync bucket (KMS-encrypted, SSL only,
 * versioned, access-logged) where ministries drop exports under `incoming/` and read reports under `reports/`,
 * and the state machine statemachines/bulk-sync.asl.json, whose Distributed Map reads the staged records
 * (ItemReader) and writes its results (ResultWriter) in the same bucket, running one express child workflow per
 * batch of 500. Deploy after the national data stack, whose table names and key it reads from SSM.
 */
export class BulkSyncStack extends Stack {
  public readonly key: PlatformKey;
  public readonly bucket: s3.Bucket;
  public readonly accessLogsBucket: s3.Bucket;
  public readonly functions: ReadonlyMap<string, PlatformFunction>;
  public readonly stateMachine: sfn.StateMachine;
  public readonly alarmTopic: PlatformAlarmTopic;

  constructor(scope: Construct, id: string, props: BulkSyncStackProps) {
    super(scope, id, {
      description: 'P06 bulk synchronisation: sync bucket, Distributed Map state machine, batch functions',
      ...props,
    });
    const { bulkSync } = props;
    const prefix = props.nationalDataParameterPrefix ?? DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX;
    const retention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;

    this.key = new PlatformKey(this, 'SyncKey', {
      description: 'Encrypts the sync bucket (sector exports, staging files, reports), its logs and alarms',
    })
      .allowCloudWatchLogs()
      .allowCloudWatchAlarms();
    this.alarmTopic = new PlatformAlarmTopic(this, 'AlarmTopic', {
      displayName: 'P06 bulk sync alarms',
      masterKey: this.key,
    });

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The server access log bucket itself: logging it into itself would loop.',
    });
    const workingDays = Duration.days(props.workingFilesDays ?? 30);
    this.bucket = new s3.Bucket(this, 'SyncBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'sync-bucket/',
      lifecycleRules: [
        { prefix: 'staging/', expiration: workingDays, noncurrentVersionExpiration: Duration.days(1) },
        { prefix: `${RESULTS_PREFIX}/`, expiration: workingDays, noncurrentVersionExpiration: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(365) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const functions = new Map<string, PlatformFunction>();
    for (const spec of bulkSync.functions) {
      const fn = new PlatformFunction(this, spec.id, { spec, logRetention: retention, logEncryptionKey: this.key });
      for (const [tableId, access] of Object.entries(spec.tables ?? {})) {
        const table = props.tables.find((t) => t.id === tableId);
        if (!table) throw new Error(`${spec.id} needs table ${tableId}, which the topology lacks`);
        if (access) fn.bindTable(importNationalTable(this, table, prefix), access);
      }
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously by the sync state machine, which retries it and records failures in the map run; a DLQ applies to asynchronous invocations only.',
      });
      functions.set(spec.id, fn);
    }
    this.functions = functions;
    const bucketArn = nagResource(this, this.bucket.bucketArn);
    const fn = (id: string) => {
      const found = functions.get(id);
      if (!found) throw new Error(`The bulk sync has no function ${id}`);
      return found;
    };
    // Reads exports and staging files, writes staging files and reports.
    this.bucket.grantRead(fn('PrepareExport'));
    this.bucket.grantPut(fn('PrepareExport'), 'staging/*');
    this.bucket.grantRead(fn('WriteReport'));
    this.bucket.grantPut(fn('WriteReport'), 'reports/*');
    for (const id of ['PrepareExport', 'WriteReport']) {
      Validations.of(fn(id).serviceRole).acknowledge(
        {
          id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`,
          reason: 'Reads any object of the sync bucket (exports arrive under any name), and only that bucket.',
        },
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:Abort*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'].map(
          (action) => ({
            id: `AwsSolutions-IAM5[Action::${action}]`,
            reason: 'The read/put grant of the sync bucket and its key, on that bucket and key only.',
          }),
        ),
        {
          id: `AwsSolutions-IAM5[Resource::${bucketArn}/${id === 'PrepareExport' ? 'staging' : 'reports'}/*]`,
          reason: 'Writes only under its own prefix of the sync bucket.',
        },
      );
    }

    const logGroup = new logs.LogGroup(this, 'StateMachineLogs', { retention, encryptionKey: this.key });
    const definition = readFileSync(path.join(REPOSITORY_ROOT, 'statemachines', bulkSync.definitionFile), 'utf8');
    this.stateMachine = new sfn.StateMachine(this, 'BulkSync', {
      stateMachineName: bulkSync.stateMachineName,
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(bulkSync.taskFunctions).map(([placeholder, id]) => [placeholder, fn(id).functionArn]),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // Every state logged, without the data (exports carry personal data); the reports hold the outcomes.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    const machine = this.stateMachine;
    for (const id of new Set(Object.values(bulkSync.taskFunctions))) {
      fn(id).grantInvoke(machine);
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResource(this, fn(id).functionArn)}:*]`,
        reason: `Invokes any version or alias of ${id}, and no other function.`,
      });
    }
    // The Distributed Map: the ItemReader reads staging files, the ResultWriter writes results, and the map run
    // starts, describes and stops its child executions of this same state machine.
    this.bucket.grantRead(machine, 'staging/*');
    this.bucket.grantReadWrite(machine, `${RESULTS_PREFIX}/*`);
    const { partition } = Stack.of(this);
    machine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [`arn:${partition}:states:${this.region}:${this.account}:stateMachine:${bulkSync.stateMachineName}`],
      }),
    );
    const childExecutions = `arn:${partition}:states:${this.region}:${this.account}:execution:${bulkSync.stateMachineName}/*`;
    machine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [childExecutions],
      }),
    );
    Validations.of(machine).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray actions do not support resource-level permissions.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagResource(this, childExecutions)}]`,
        reason: 'The Distributed Map describes and stops its own child executions (their names are made per map run).',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/staging/*]`,
        reason: 'The item reader reads the staged records of any run, and nothing else of the bucket.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${RESULTS_PREFIX}/*]`,
        reason: 'The result writer writes the map runs’ results under their own prefix.',
      },
      ...[
        's3:GetObject*',
        's3:GetBucket*',
        's3:List*',
        's3:DeleteObject*',
        's3:Abort*',
        'kms:GenerateDataKey*',
        'kms:ReEncrypt*',
      ].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: 'The read/write grant of the sync bucket’s staging and results prefixes and of its key only.',
      })),
    );

    const alarm = new cloudwatch.Alarm(this, 'RunFailed', {
      alarmDescription:
        'Bulk sync: a run failed (beyond the tolerated batch failures); redrive it after the cause is fixed',
      metric: machine.metricFailed({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cloudwatchActions.SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
