import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { findProvince } from '../../shared/domain/admin-units/provinces.ts';
import { parseAutoApproval } from '../../shared/dossiers/auto-approval.ts';
import { PlatformAlarmTopic } from '../constructs/platform-alarm-topic.ts';
import { PlatformFunction } from '../constructs/platform-function.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import {
  findFunction,
  intakeQueueName,
  PROJECT_PREFIX,
  type ProvinceQueueSpec,
  stateMachineName,
  TABLES,
  WORKFLOWS,
} from '../topology.ts';
import { DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX, importNationalTable } from './national-data-stack.ts';
import { autoApprovalSetting } from './national-services-stack.ts';

/**
 * The alias of a province's key, e.g. `alias/p06-province-79`; `provinceKeyAlias('*')` is the pattern producers
 * in other stacks are granted the keys by.
 */
export const provinceKeyAlias = (provinceCode: string): string => `alias/${PROJECT_PREFIX}-province-${provinceCode}`;

/** How producers in other stacks find the intake queues and their keys, whatever provinces are onboarded. */
export const INTAKE_QUEUES_ACCESS = {
  queueNamePattern: intakeQueueName('??'),
  keyAliasPattern: provinceKeyAlias('*'),
} as const;

export interface ProvinceStackProps extends StackProps {
  /** The province's intake queue, DLQ, their settings and the consumer, from the topology. */
  readonly queue: ProvinceQueueSpec;
  /**
   * Where the national data stack publishes its table and key ARNs (read only when there is a consumer).
   * @default DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX
   */
  readonly nationalDataParameterPrefix?: string;
  /**
   * Workflows whose state machines the consumer may reach (by name, `stateMachineName`), per its
   * `workflowAccess`.
   * @default every workflow of the topology
   */
  readonly workflowIds?: readonly string[];
  /**
   * Retention of the consumer's log group.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The platform's auto-approval configuration (`AUTO_APPROVAL`); the consumer receives this province's entry only.
   * @default the content of config/auto-approval.json
   */
  readonly autoApproval?: string;
}

/**
 * One onboarded province: its intake queue with a DLQ, the consumer (capped so one province's spike cannot
 * starve the others), alarms and a dashboard. Everything is encrypted with the province's own key. The stack
 * imports nothing from the national stacks through CloudFormation exports, so provinces deploy in waves, on
 * their own schedule, without locking the national stacks.
 */
export class ProvinceStack extends Stack {
  public readonly provinceCode: string;
  public readonly key: PlatformKey;
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly alarmTopic: PlatformAlarmTopic;
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly backlogAgeAlarm: cloudwatch.Alarm;
  public readonly dashboard: cloudwatch.Dashboard;
  /** The intake consumer, when the topology declares one. */
  public readonly consumer?: PlatformFunction;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    const { provinceCode, settings } = props.queue;
    const province = findProvince(provinceCode);
    if (!province) throw new Error(`Unknown province code ${provinceCode}`);
    super(scope, id, {
      description: `P06 province ${provinceCode} (${province.nameAscii}): intake queue, DLQ, consumer, alarms, dashboard`,
      ...props,
    });
    this.provinceCode = provinceCode;

    this.key = new PlatformKey(this, 'ProvinceKey', {
      description: `Encrypts the intake queues, alarm topic and logs of province ${provinceCode}`,
      // Producers in other stacks (SubmitDossier, the requeue sweep) are granted the province keys by alias pattern.
      alias: provinceKeyAlias(provinceCode),
    }).allowCloudWatchAlarms();

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: props.queue.dlqName,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This is the dead-letter queue: its messages wait for an operator to redrive them to the intake queue; a further DLQ would hide poison messages.',
    });
    this.queue = new sqs.Queue(this, 'IntakeQueue', {
      queueName: props.queue.queueName,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(settings.retentionDays),
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    this.alarmTopic = new PlatformAlarmTopic(this, 'AlarmTopic', {
      displayName: `P06 province ${provinceCode} alarms`,
      masterKey: this.key,
    });
    const alarmAction = new cloudwatchActions.SnsAction(this.alarmTopic);

    this.deadLetterAlarm = new cloudwatch.Alarm(this, 'DeadLetterQueueNotEmpty', {
      alarmDescription: `Messages of province ${provinceCode} failed ${settings.maxReceiveCount} times and wait in ${props.queue.dlqName}`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.backlogAgeAlarm = new cloudwatch.Alarm(this, 'IntakeBacklogTooOld', {
      alarmDescription: `The oldest message of ${props.queue.queueName} waited more than ${settings.maxMessageAgeSeconds} s`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: settings.maxMessageAgeSeconds,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.deadLetterAlarm, this.backlogAgeAlarm]) {
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
    }

    if (props.queue.consumerFunctionId) {
      this.consumer = this.createConsumer(
        props.queue,
        props.nationalDataParameterPrefix ?? DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX,
        props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
        props.workflowIds ?? WORKFLOWS.map((workflow) => workflow.id),
        props.autoApproval,
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${PROJECT_PREFIX}-province-${provinceCode}`,
      defaultInterval: Duration.hours(3),
      widgets: this.dashboardRows(props.queue, `${province.name} (${provinceCode})`),
    });
  }

  private createConsumer(
    spec: ProvinceQueueSpec,
    parameterPrefix: string,
    logRetention: logs.RetentionDays,
    workflowIds: readonly string[],
    autoApproval: string | undefined,
  ): PlatformFunction {
    const { settings } = spec;
    const functionSpec = findFunction(spec.consumerFunctionId ?? '');
    if (functionSpec.usesDossierConfig || functionSpec.observesPlatform || functionSpec.usesIdentityIssuer) {
      throw new Error(
        `Consumer ${functionSpec.id} needs national configuration (usesDossierConfig, observesPlatform or usesIdentityIssuer), which a province stack does not receive`,
      );
    }
    const timeoutSeconds = functionSpec.timeoutSeconds ?? 10;
    if (timeoutSeconds > settings.visibilityTimeoutSeconds) {
      throw new Error(
        `Consumer ${functionSpec.id} may run ${timeoutSeconds} s but ${spec.queueName} hides a message for only ${settings.visibilityTimeoutSeconds} s: another poller would receive it again mid-flight`,
      );
    }
    if (settings.consumerMaxConcurrency < 2 || settings.consumerMaxConcurrency > 1000) {
      throw new Error(`consumerMaxConcurrency of ${spec.queueName} must be 2 to 1000 (SQS event source limit)`);
    }
    this.key.allowCloudWatchLogs();
    const consumer = new PlatformFunction(this, functionSpec.id, {
      spec: functionSpec,
      logRetention,
      logEncryptionKey: this.key,
    });
    for (const [tableId, access] of Object.entries(functionSpec.tables ?? {})) {
      if (!access) continue;
      const table = TABLES.find((t) => t.id === tableId);
      if (!table) throw new Error(`Function ${functionSpec.id} uses table ${tableId}, which the topology lacks`);
      consumer.bindTable(
        importNationalTable(this, table, parameterPrefix),
        access,
        functionSpec.leadingKeys?.[table.id],
      );
    }
    if (functionSpec.workflowAccess) {
      consumer.grantWorkflowAccess(functionSpec.workflowAccess, workflowIds.map(stateMachineName));
    }
    if (functionSpec.sendsToIntakeQueues) consumer.grantSendToIntakeQueues(INTAKE_QUEUES_ACCESS);
    if (functionSpec.usesProvinceAutoApproval) {
      const all = parseAutoApproval(autoApprovalSetting(autoApproval));
      const own = all[spec.provinceCode] ?? all['*'] ?? [];
      consumer.addEnvironment('AUTO_APPROVAL', JSON.stringify({ [spec.provinceCode]: own }));
    }
    consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: settings.consumerMaxConcurrency,
      }),
    );
    Validations.of(consumer).acknowledge(
      {
        id: 'Serverless-LambdaDLQ',
        reason: `Polled from ${spec.queueName}: a message that keeps failing moves to ${spec.dlqName} through the queue's redrive policy.`,
      },
      {
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: `SQS event source mappings take no on-failure destination; ${spec.dlqName} (redrive policy) plays that role.`,
      },
    );
    return consumer;
  }

  private dashboardRows(spec: ProvinceQueueSpec, title: string): cloudwatch.IWidget[][] {
    const period = Duration.minutes(1);
    const rows: cloudwatch.IWidget[][] = [
      [
        new cloudwatch.TextWidget({
          markdown: `# ${title}: intake\nQueue \`${spec.queueName}\`, DLQ \`${spec.dlqName}\`, a message moves to the DLQ after ${spec.settings.maxReceiveCount} receives.`,
          width: 24,
          height: 2,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: 'Intake queue depth',
          left: [
            this.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
            this.queue.metricApproximateNumberOfMessagesNotVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
          ],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'Age of oldest message (s)',
          left: [this.queue.metricApproximateAgeOfOldestMessage({ period, statistic: cloudwatch.Stats.MAXIMUM })],
          leftAnnotations: [{ value: spec.settings.maxMessageAgeSeconds, label: 'alarm', color: '#d62728' }],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'Dead-letter queue depth',
          left: [
            this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              period,
              statistic: cloudwatch.Stats.MAXIMUM,
            }),
          ],
          width: 8,
        }),
      ],
      [
        new cloudwatch.AlarmStatusWidget({
          title: 'Alarms',
          alarms: [this.deadLetterAlarm, this.backlogAgeAlarm],
          width: 24,
          height: 3,
        }),
      ],
    ];
    if (this.consumer) {
      rows.push([
        new cloudwatch.GraphWidget({
          title: 'Consumer errors and throttles',
          left: [
            this.consumer.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
            this.consumer.metricThrottles({ period, statistic: cloudwatch.Stats.SUM }),
          ],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: `Consumer concurrency (cap ${spec.settings.consumerMaxConcurrency})`,
          left: [this.consumer.metric('ConcurrentExecutions', { period, statistic: cloudwatch.Stats.MAXIMUM })],
          right: [this.consumer.metricDuration({ period, statistic: cloudwatch.Stats.p(99) })],
          width: 12,
        }),
      ]);
    }
    return rows;
  }
}
