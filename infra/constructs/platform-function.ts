import * as path from 'node:path';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ESM_REQUIRE_BANNER, LAMBDA_ALIASES, LAMBDA_CHARSET, LAMBDA_TARGET } from '../bundling.ts';
import type { FunctionSpec, TableAccess } from '../topology.ts';
import { nagResource } from './nag-finding.ts';

/** The repository root: topology entries (`functions/...`) are relative to it. */
export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, '../..');

/** A table a function can be bound to: the table and the environment variable that carries its name. */
export interface TableBinding {
  readonly table: ITableV2;
  readonly envVar: string;
  /**
   * Whether the table grants on its secondary indexes too (`<table ARN>/index/*`): a TableV2 with indexes, or one
   * imported with `grantIndexPermissions`. The function acknowledges that wildcard.
   */
  readonly indexed: boolean;
  /** The table's items are never deleted (TableSpec.itemsNeverDeleted): the function is denied every deleting action. */
  readonly itemsNeverDeleted?: boolean;
}

export interface PlatformFunctionProps {
  /** The function's declaration in the topology: handler entry, description, memory and timeout. */
  readonly spec: FunctionSpec;
  /**
   * Directory the spec's `entry` is relative to; it must hold the `package-lock.json`.
   * @default the repository root
   */
  readonly projectRoot?: string;
  /**
   * How long the function's log group keeps events.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Key that encrypts the function's log group; its policy must let CloudWatch Logs use it.
   * @default - no customer-managed key: CloudWatch Logs' own server-side encryption
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Powertools service name (POWERTOOLS_SERVICE_NAME), which names the logs and traces.
   * @default `p06-` followed by the spec ID in kebab case, e.g. `p06-get-population-statistics`
   */
  readonly serviceName?: string;
}

/** What a function may do with the procedure groups' state machines (`workflowAccess` in the topology). */
export type WorkflowAccess = NonNullable<FunctionSpec['workflowAccess']>[number];

/** `arn:<partition>:states:<region>:<account>:stateMachine:`; handlers append a state machine's name. */
const stateMachineArnPrefix = (scope: Construct): string => {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:`;
};

/** The ARN of the state machine with this name in the scope's account and region (no reference to it). */
const stateMachineArnFor = (scope: Construct, name: string): string =>
  Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

/** Every execution of the state machine with this name. */
const executionsArnFor = (scope: Construct, name: string): string =>
  Stack.of(scope).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${name}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

/** `https://sqs.<region>.<url suffix>/<account>/`; handlers append a queue's name. */
const queueUrlPrefix = (scope: Construct): string => {
  const stack = Stack.of(scope);
  return `https://sqs.${stack.region}.${stack.urlSuffix}/${stack.account}/`;
};

/** Where the intake queues are and how they are encrypted, for `grantSendToIntakeQueues`. */
export interface IntakeQueuesAccess {
  /** IAM pattern of the intake queues' names, e.g. `p06-intake-??` (two characters: never a `-dlq`). */
  readonly queueNamePattern: string;
  /** Pattern of the aliases of the keys that encrypt them, e.g. `alias/p06-province-*`. */
  readonly keyAliasPattern: string;
}

/**
 * The shell commands that copy a function's data files next to its bundle, each under its own name; names must not
 * collide, since they share the bundle's directory.
 */
export const dataFileCopies = (spec: FunctionSpec, inputDir: string, outputDir: string): string[] => {
  const files = spec.dataFiles ?? [];
  const names = files.map((file) => path.posix.basename(file));
  if (new Set(names).size !== names.length) throw new Error(`${spec.id}: two data files share a name (${names}).`);
  return files.map((file, i) => `cp "${path.join(inputDir, file)}" "${path.join(outputDir, names[i] as string)}"`);
};

const kebabCase = (id: string): string => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * A platform Lambda function: Node.js 24 on arm64, X-Ray active, a minified ESM bundle with source maps and the
 * AWS SDK v3 inside, its own log group with a retention, and a role that may write to that log group only.
 *
 * The log group and the role are created beside the function (`<id>LogGroup`, `<id>ServiceRole`) because a
 * subclass cannot create children before `super()`, and the function needs both at creation. The role carries
 * no managed policy (AWSLambdaBasicExecutionRole would allow writing to every log group).
 */
export class PlatformFunction extends NodejsFunction {
  public readonly spec: FunctionSpec;
  public readonly functionLogGroup: logs.LogGroup;
  public readonly serviceRole: iam.Role;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const projectRoot = props.projectRoot ?? REPOSITORY_ROOT;
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      encryptionKey: props.logEncryptionKey,
    });
    const role = new iam.Role(scope, `${id}ServiceRole`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.spec.id} function`,
    });

    super(scope, id, {
      entry: path.join(projectRoot, props.spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: props.spec.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memoryMb ?? 512,
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? 10),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      role,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? `p06-${kebabCase(props.spec.id)}`,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // CDK 2.276 declares `charset` but does not hand it to esbuild: `--charset` below does (the test checks).
        charset: LAMBDA_CHARSET === 'utf8' ? Charset.UTF8 : Charset.ASCII,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Empty on purpose: the AWS SDK v3 is bundled (pinned version, tree-shaken) instead of the runtime's copy.
        externalModules: [],
        forceDockerBundling: false,
        // `--alias:<package>=<path>` for each replacement (CDK passes these to esbuild as they are).
        esbuildArgs: {
          '--alias': Object.entries(LAMBDA_ALIASES).map(([from, to]) => `${from}=${to}`),
          '--charset': LAMBDA_CHARSET,
        },
        // The data files the function reads at run time, beside index.mjs (FunctionSpec.dataFiles).
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => dataFileCopies(props.spec, inputDir, outputDir),
        },
      },
    });

    this.spec = props.spec;
    this.functionLogGroup = logGroup;
    this.serviceRole = role;
    logGroup.grantWrite(role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
    });
  }

  /**
   * Grants the function exactly the given access to a table and hands it the table's name through the binding's
   * environment variable: the permission and the variable that names the same resource are set together.
   */
  bindTable(binding: TableBinding, access: TableAccess, leadingKeys?: readonly string[]): void {
    if (binding.itemsNeverDeleted) {
      // An explicit Deny outweighs every Allow, the table grant's included.
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: `NeverDeleteItemsOf${binding.envVar.replace(/[^A-Za-z0-9]/g, '')}`,
          effect: iam.Effect.DENY,
          actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [binding.table.tableArn],
        }),
      );
    }
    if (leadingKeys) {
      this.bindTableItems(binding, access, leadingKeys);
      return;
    }
    switch (access) {
      case 'read':
        binding.table.grantReadData(this);
        break;
      case 'readWrite':
        binding.table.grantReadWriteData(this);
        Validations.of(this.serviceRole).acknowledge(
          {
            id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
            reason: `Writes to ${binding.envVar}, encrypted with the national data key: the table grant adds the key's data-key actions, on that one key only.`,
          },
          {
            id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
            reason: `Writes to ${binding.envVar}, encrypted with the national data key: the table grant adds ReEncrypt on that one key only.`,
          },
        );
        break;
      default:
        throw new Error(`Unknown table access ${String(access satisfies never)}`);
    }
    this.addEnvironment(binding.envVar, binding.table.tableName);
    if (binding.indexed) {
      Validations.of(this.serviceRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResource(this, binding.table.tableArn)}/index/*]`,
        reason: `Queries the secondary indexes of ${binding.envVar} (any index of that one table, with the same ${access} access).`,
      });
    }
  }

  /**
   * Grants access to the items of a table whose partition key starts with one of `prefixes` only (IAM condition
   * `dynamodb:LeadingKeys`), and hands the function the table's name. Only actions that name an item's key are
   * granted (no Scan, no DescribeTable, no index): with `ForAllValues`, a request without a partition key would
   * match any condition, so such actions must not be in the statement at all.
   */
  private bindTableItems(binding: TableBinding, access: TableAccess, prefixes: readonly string[]): void {
    if (prefixes.length === 0 || prefixes.some((prefix) => prefix === '' || prefix.includes('*'))) {
      throw new Error(`${this.spec.id}: leading-key prefixes must be non-empty literals, got ${prefixes.join(', ')}`);
    }
    const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: `ItemsOf${binding.envVar.replace(/[^A-Za-z0-9]/g, '')}ByLeadingKey`,
        actions: access === 'read' ? read : [...read, ...write],
        resources: [binding.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
        },
      }),
    );
    const key = binding.table.encryptionKey;
    if (key && access === 'read') key.grantDecrypt(this);
    if (key && access === 'readWrite') {
      key.grantEncryptDecrypt(this);
      Validations.of(this.serviceRole).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason: `Writes to ${binding.envVar}, encrypted with the national data key: the key's data-key actions, on that one key only.`,
        },
        {
          id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
          reason: `Writes to ${binding.envVar}, encrypted with the national data key: ReEncrypt on that one key only.`,
        },
      );
    }
    this.addEnvironment(binding.envVar, binding.table.tableName);
  }

  /**
   * Read-only view of the platform for health checks: list the queues whose names start with `queueNamePrefix`
   * and read their attributes, and list the state machines.
   */
  grantPlatformObservation(queueNamePrefix: string): void {
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListPlatformQueuesAndStateMachines',
        actions: ['sqs:ListQueues', 'states:ListStateMachines'],
        resources: ['*'],
      }),
    );
    const provinceQueues = stack.formatArn({
      service: 'sqs',
      resource: `${queueNamePrefix}*`,
      arnFormat: ArnFormat.NO_RESOURCE_NAME,
    });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InspectProvinceQueues',
        actions: ['sqs:GetQueueAttributes'],
        resources: [provinceQueues],
      }),
    );
    Validations.of(this.serviceRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'sqs:ListQueues and states:ListStateMachines are list actions without resource-level permissions; X-Ray actions likewise.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagResource(this, provinceQueues)}]`,
        reason:
          'Health checks read the attributes of every province intake queue and DLQ; the set grows as provinces are onboarded, so the grant is by name prefix, read-only.',
      },
    );
  }

  /**
   * Lets the function reach the procedure groups' state machines by name: `STATE_MACHINE_ARN_PREFIX`, and for
   * each kind of `access`, exactly its actions:
   * - `start`: `states:StartExecution` on the named state machines;
   * - `callback`: `states:SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat` on the named state machines
   *   (the executions that issued the task tokens);
   * - `stop`: `states:StopExecution` on the executions of the named state machines.
   * No access at all only sets the variable (a task function whose shared wiring builds the workflow client).
   * The ARNs are built from the names, so a function in another stack needs no reference to the state machines.
   */
  grantWorkflowAccess(access: readonly WorkflowAccess[], stateMachineNames: readonly string[]): void {
    this.addEnvironment('STATE_MACHINE_ARN_PREFIX', stateMachineArnPrefix(this));
    if (access.length > 0 && stateMachineNames.length === 0) {
      throw new Error(`${this.spec.id} has workflowAccess ${access.join(', ')} but there is no state machine`);
    }
    if (access.includes('start')) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'StartProcedureGroupExecutions',
          actions: ['states:StartExecution'],
          resources: stateMachineNames.map((name) => stateMachineArnFor(this, name)),
        }),
      );
    }
    if (access.includes('callback')) {
      // The Service Authorization Reference lists no resource type for these actions, but IAM evaluates a callback
      // against the state machine whose execution issued the task token (an AccessDenied names
      // `…:stateMachine:<name>`), so the grant names the procedure groups' state machines and no other.
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'AnswerWaitingSteps',
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: stateMachineNames.map((name) => stateMachineArnFor(this, name)),
        }),
      );
    }
    if (access.includes('stop')) {
      const executions = stateMachineNames.map((name) => executionsArnFor(this, name));
      this.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'StopProcedureGroupExecutions',
          actions: ['states:StopExecution'],
          resources: executions,
        }),
      );
      for (const [index, executionsArn] of executions.entries()) {
        Validations.of(this.serviceRole).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${nagResource(this, executionsArn)}]`,
          reason: `Stops executions of ${stateMachineNames[index]}, which are named per dossier at run time; no other state machine's.`,
        });
      }
    }
  }

  /**
   * Lets the function send to every province intake queue (`INTAKE_QUEUE_URL_PREFIX`): `sqs:SendMessage` on the
   * queue-name pattern (never the DLQs), and the data-key use SQS needs for a queue encrypted with a province key,
   * through SQS only (`kms:ViaService`) and on the province keys only (`kms:ResourceAliases`). The province keys'
   * policies delegate to IAM, so nothing in the province stacks names this function: provinces onboard without
   * touching it.
   */
  grantSendToIntakeQueues(queues: IntakeQueuesAccess): void {
    const stack = Stack.of(this);
    this.addEnvironment('INTAKE_QUEUE_URL_PREFIX', queueUrlPrefix(this));
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendToProvinceIntakeQueues',
        actions: ['sqs:SendMessage'],
        resources: [
          stack.formatArn({ service: 'sqs', resource: queues.queueNamePattern, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
        ],
      }),
    );
    const keys = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    this.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'EncryptIntakeMessagesWithProvinceKeys',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [keys],
        conditions: {
          StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` },
          'ForAnyValue:StringLike': { 'kms:ResourceAliases': queues.keyAliasPattern },
        },
      }),
    );
    Validations.of(this.serviceRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResource(this, keys)}]`,
      reason: `The province keys, one per onboarded province and created by their own stacks: the statement is limited to keys aliased ${queues.keyAliasPattern} (kms:ResourceAliases), used by SQS on the function's behalf (kms:ViaService), for GenerateDataKey and Decrypt only.`,
    });
  }

  /** Hands the function the procedure-group configuration: `ONBOARDED_PROVINCES` and `AUTO_APPROVAL`. */
  setDossierConfig(config: { readonly onboardedProvinces: readonly string[]; readonly autoApproval: string }): void {
    if (config.onboardedProvinces.length === 0)
      throw new Error(`${this.spec.id} needs at least one onboarded province`);
    this.addEnvironment('ONBOARDED_PROVINCES', config.onboardedProvinces.join(','));
    this.addEnvironment('AUTO_APPROVAL', config.autoApproval);
  }
}
