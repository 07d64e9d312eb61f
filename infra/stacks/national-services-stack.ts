import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, NestedStack, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { bearerChallenge } from '../../shared/auth/bearer-challenge.ts';
import { autoApprovesAnyOf, PIN_ISSUING_STEPS, parseAutoApproval } from '../../shared/dossiers/auto-approval.ts';
import { AuditAnchors } from '../constructs/audit-anchors.ts';
import { nagResource } from '../constructs/nag-finding.ts';
import { DEFAULT_PAYMENT_GATEWAY_URL, PaymentTerminalSecret } from '../constructs/payment-terminal-secret.ts';
import { PlatformAlarmTopic } from '../constructs/platform-alarm-topic.ts';
import { PlatformFunction, REPOSITORY_ROOT, type TableBinding } from '../constructs/platform-function.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import { PlatformWebAcl } from '../constructs/platform-web-acl.ts';
import {
  AUTHORIZER_FUNCTION_ID,
  AUTHORIZER_RESULT_TTL_SECONDS,
  type FunctionId,
  type FunctionSpec,
  intakeQueueName,
  type RouteSpec,
  type ScheduleSpec,
  stateMachineName,
  type TableId,
  type TableSpec,
  type WorkflowSpec,
} from '../topology.ts';
import { importNationalTable } from './national-data-stack.ts';
import { INTAKE_QUEUES_ACCESS } from './province-stack.ts';

export interface ApiSettings {
  /**
   * Stage name, the first segment of every URL on the execute-api endpoint.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * Steady-state requests per second the stage accepts across all clients.
   * @default 500
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests the stage accepts in a burst above the steady rate.
   * @default 1000
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Requests one client IP may send in 5 minutes before the WAF blocks it. Mobile carriers put many citizens
   * behind one address (carrier-grade NAT): raise it rather than lower it when in doubt.
   * @default 2000
   */
  readonly wafRateLimitPerIp?: number;
}

/**
 * The body of the gateway's refusals: API Gateway's usual template, spelled out so that ACCESS_DENIED, whose stock
 * answer to an explicit deny reads `{"Message": …}`, answers `{message}` like every other error of the API. Gateway
 * response templates are not VTL, but `$context` variables are filled in.
 */
const GATEWAY_ERROR_TEMPLATE = '{"message":$context.error.messageString}';

/** Placeholder issuer for offline synthesis; a deployment sets context `oidcIssuer` to its API's public URL. */
export const DEFAULT_OIDC_ISSUER = 'https://id.p06.example';

/** The reviewed auto-approval configuration deployed unless context `autoApproval` overrides it. */
export const AUTO_APPROVAL_FILE = path.join(REPOSITORY_ROOT, 'config/auto-approval.json');

/**
 * The `AUTO_APPROVAL` value: `text` (context `autoApproval`), or else the content of config/auto-approval.json,
 * validated as the handlers will parse it, so that an invalid value fails the synthesis rather than every
 * handler's start.
 */
export const autoApprovalSetting = (text?: string): string => {
  const value = text ?? readFileSync(AUTO_APPROVAL_FILE, 'utf8');
  try {
    parseAutoApproval(value);
  } catch (error) {
    throw new Error(
      `${text === undefined ? AUTO_APPROVAL_FILE : 'Context autoApproval'} is not a valid auto-approval configuration: ${(error as Error).message}`,
    );
  }
  return value.trim();
};

export interface NationalServicesStackProps extends StackProps {
  /** Functions to create, from the topology. */
  readonly functions: readonly FunctionSpec[];
  /** API routes, from the topology; each names one of `functions`. */
  readonly routes: readonly RouteSpec[];
  /** State machines, from the topology; each task placeholder names one of `functions`. */
  readonly workflows: readonly WorkflowSpec[];
  /**
   * Scheduled runs, from the topology; each names one of `functions`.
   * @default - none
   */
  readonly schedules?: readonly ScheduleSpec[];
  /** The onboarded provinces (`ONBOARDED_PROVINCES` of the functions with `usesDossierConfig`). */
  readonly onboardedProvinces: readonly string[];
  /**
   * `AUTO_APPROVAL` of the functions with `usesDossierConfig` (JSON, or `all`; validated, see
   * `autoApprovalSetting`).
   * @default the content of config/auto-approval.json
   */
  readonly autoApproval?: string;
  /** The national tables, from the topology; the stack binds to them by name (see `importNationalTable`). */
  readonly tables: readonly TableSpec[];
  /**
   * Where the national data stack publishes its key ARN.
   * @default DEFAULT_NATIONAL_DATA_PARAMETER_PREFIX
   */
  readonly nationalDataParameterPrefix?: string;
  /** API stage, throttling and WAF settings. @default - see ApiSettings */
  readonly api?: ApiSettings;
  /**
   * Retention of every log group in the stack (functions, API access and execution logs, state machines).
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The e-ID service's issuer URL: the public base URL of the API (a custom domain in production), where
   * `/.well-known/openid-configuration` is served.
   * @default DEFAULT_OIDC_ISSUER (a placeholder: set context `oidcIssuer` when deploying)
   */
  readonly oidcIssuer?: string;
  /**
   * The payment gateway's base URL (context `paymentGatewayUrl`).
   * @default DEFAULT_PAYMENT_GATEWAY_URL (the gateway's public sandbox)
   */
  readonly paymentGatewayUrl?: string;
  /**
   * Directory that holds the workflows' ASL files.
   * @default `statemachines/` at the repository root
   */
  readonly stateMachinesDirectory?: string;
}

/** Topology ID of the e-ID service, the only function that reads the signing keys. */
export const OIDC_PROVIDER_FUNCTION_ID: FunctionId = 'OidcProvider';

/** Alarms of one state machine: the dossier is marked failed by the workflow itself, operators hear of it here. */
export interface StateMachineAlarms {
  readonly executionsFailed: cloudwatch.Alarm;
  readonly executionsTimedOut: cloudwatch.Alarm;
}

/**
 * The national services: the public REST API behind a WAF, the handlers of the public services, the state
 * machines of the interconnected procedure groups (named `p06-<workflow>`, alarmed on failed and timed-out
 * executions), the scheduled sweeps, and the topic their alarms notify. The province intake consumers live in the
 * province stacks. Stateless but for the e-ID signing keys (a retained secret and its retained key): it can be
 * destroyed and redeployed at will, after which the new secret is bootstrapped.
 */
export class NationalServicesStack extends Stack {
  /** Encrypts every log group of the stack: logs may carry personal data (IP addresses, execution data). */
  public readonly logsKey: PlatformKey;
  public readonly functions: ReadonlyMap<string, PlatformFunction>;
  public readonly api: apigateway.RestApi;
  public readonly accessLogGroup: logs.LogGroup;
  public readonly executionLogGroup: logs.LogGroup;
  public readonly requestValidator: apigateway.RequestValidator;
  public readonly webAcl: PlatformWebAcl;
  public readonly stateMachines: ReadonlyMap<string, sfn.StateMachine>;
  /** Per workflow ID: alarms on failed and timed-out executions. */
  public readonly stateMachineAlarms: ReadonlyMap<string, StateMachineAlarms>;
  /** Per scheduled function ID: the EventBridge rule that runs it. */
  public readonly scheduleRules: ReadonlyMap<string, events.Rule>;
  /** Where the stack's alarms notify operators (subscribe the on-call channel outside the stack). */
  public readonly alarmTopic: PlatformAlarmTopic;
  public readonly oidcIssuer: string;
  /** Encrypts the e-ID signing-key secret. */
  public readonly signingKeysKey: PlatformKey;
  /**
   * The e-ID provider's private signing keys (the key-set JSON of shared/identity/signing-keys.ts). Created
   * empty: operators bootstrap and rotate it with `rotateSecretSigningKeys` (docs/infrastructure.md).
   */
  public readonly signingKeys: secretsmanager.Secret;
  /** Encrypts the PIN serial key. */
  public readonly pinSerialKeyKey: PlatformKey;
  /**
   * The secret key of the PIN serial permutation (shared/domain/pin-serial-permutation.ts), generated once by
   * CloudFormation and readable only by the functions that issue PINs.
   */
  public readonly pinSerialKey: secretsmanager.Secret;
  /** The payment terminal's code and hash secret, readable by the functions that talk to the payment gateway. */
  public readonly paymentTerminal: PaymentTerminalSecret;
  /**
   * The secret with which the portal's CloudFront distribution vouches for the viewer's address it forwards
   * (shared/identity/viewer-address.ts), readable by the functions that count failed sign-ins per address.
   */
  public readonly edgeSecret: secretsmanager.Secret;
  /** The access-log anchors: the Object Lock bucket and the KMS signing key (docs/audit-anchoring.md). */
  public readonly auditAnchors: AuditAnchors;
  /**
   * The nested stacks that hold functions whose spec names one (`nestedStack`), by name: CloudFormation caps a stack
   * at 500 resources, and the catalogue's one function per service would take the parent past it.
   */
  public readonly nestedStacks: ReadonlyMap<string, NestedStack>;
  private readonly nestedByName = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: NationalServicesStackProps) {
    super(scope, id, {
      description: 'P06 national services: the public API behind a WAF, its handlers and the state machines',
      ...props,
    });
    const retention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const settings = props.api ?? {};
    const stageName = settings.stageName ?? 'prod';
    this.oidcIssuer = props.oidcIssuer ?? DEFAULT_OIDC_ISSUER;

    this.logsKey = new PlatformKey(this, 'LogsKey', {
      description:
        'Encrypts the log groups of the national services (functions, API, state machines) and their alarm topic',
    })
      .allowCloudWatchLogs()
      .allowCloudWatchAlarms();
    this.alarmTopic = new PlatformAlarmTopic(this, 'AlarmTopic', {
      displayName: 'P06 national services alarms',
      masterKey: this.logsKey,
    });

    const tables = new Map(
      props.tables.map(
        (spec) => [spec.id, importNationalTable(this, spec, props.nationalDataParameterPrefix)] as const,
      ),
    );
    const schedules = props.schedules ?? [];
    const context: FunctionContext = {
      tables,
      logRetention: retention,
      stateMachineNames: props.workflows.map((workflow) => stateMachineName(workflow.id)),
      taskFunctionIds: new Set(props.workflows.flatMap((workflow) => Object.values(workflow.taskFunctions))),
      scheduledFunctionIds: new Set(schedules.map((schedule) => schedule.functionId)),
      dossierConfig: {
        onboardedProvinces: props.onboardedProvinces,
        autoApproval: autoApprovalSetting(props.autoApproval),
      },
    };
    this.functions = new Map(props.functions.map((spec) => [spec.id, this.createFunction(spec, context)] as const));
    this.nestedStacks = this.nestedByName;

    [this.signingKeysKey, this.signingKeys] = this.createSigningKeys(this.function(OIDC_PROVIDER_FUNCTION_ID));
    const autoApprovesPins = autoApprovesAnyOf(
      parseAutoApproval(context.dossierConfig.autoApproval),
      PIN_ISSUING_STEPS,
    );
    [this.pinSerialKeyKey, this.pinSerialKey] = this.createPinSerialKey(
      props.functions
        .filter((spec) => spec.issuesPins === true || (spec.issuesPins === 'whenAutoApproving' && autoApprovesPins))
        .map((spec) => this.function(spec.id)),
    );
    this.edgeSecret = this.createEdgeSecret(
      props.functions.filter((spec) => spec.countsSignInFailures).map((spec) => this.function(spec.id)),
    );
    this.paymentTerminal = new PaymentTerminalSecret(this, 'PaymentTerminal');
    for (const spec of props.functions.filter((s) => s.usesPaymentGateway)) {
      this.paymentTerminal.grantTo(this.function(spec.id), {
        gatewayUrl: props.paymentGatewayUrl ?? DEFAULT_PAYMENT_GATEWAY_URL,
        returnUrl: `${this.oidcIssuer.replace(/\/$/, '')}/v1/payments/vnpay/return`,
      });
    }

    this.auditAnchors = new AuditAnchors(this, 'AuditAnchors');
    for (const spec of props.functions) {
      if (spec.auditAnchors) this.auditAnchors.grantTo(this.function(spec.id), spec.auditAnchors);
    }

    this.accessLogGroup = new logs.LogGroup(this, 'ApiAccessLogs', { retention, encryptionKey: this.logsKey });
    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'P06 national population data platform: public API',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Execution logging needs the account-level API Gateway role; kept if the stack goes, as other APIs share it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        // Execution logs record errors and request flow; never bodies, which carry personal data.
        loggingLevel: apigateway.MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        throttlingRateLimit: settings.throttlingRateLimit ?? 500,
        throttlingBurstLimit: settings.throttlingBurstLimit ?? 1000,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(),
      },
    });
    // API Gateway would create this group itself, without a retention or a key; creating it first sets both.
    this.executionLogGroup = new logs.LogGroup(this, 'ApiExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stageName}`,
      retention,
      encryptionKey: this.logsKey,
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "The account-level role API Gateway uses to write execution logs; AWS maintains this policy for exactly that purpose and API Gateway's logging setup expects it.",
    });

    // The authorizer's refusals in the API's own error shape (`{message}`); a 401 also names the scheme and realm a
    // client must authenticate with (RFC 6750 §3). The header is static: a gateway response cannot tell a missing
    // token from a refused one, so `error="invalid_token"` (which the local API adds) is left out here.
    this.api.addGatewayResponse('Unauthorized', {
      type: apigateway.ResponseType.UNAUTHORIZED,
      statusCode: '401',
      responseHeaders: { 'WWW-Authenticate': `'${bearerChallenge(false)}'` },
      templates: { 'application/json': GATEWAY_ERROR_TEMPLATE },
    });
    this.api.addGatewayResponse('AccessDenied', {
      type: apigateway.ResponseType.ACCESS_DENIED,
      statusCode: '403',
      templates: { 'application/json': GATEWAY_ERROR_TEMPLATE },
    });

    this.requestValidator = new apigateway.RequestValidator(this, 'RequestValidator', {
      restApi: this.api,
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    for (const route of props.routes) this.addRoute(route);

    this.webAcl = new PlatformWebAcl(this, 'WebAcl', {
      name: `${this.stackName}-api`,
      rateLimitPerIp: settings.wafRateLimitPerIp ?? 2000,
    });
    this.webAcl.associate('ApiStage', this.api.deploymentStage.stageArn);

    this.stateMachines = new Map(
      props.workflows.map(
        (workflow) =>
          [
            workflow.id,
            this.createStateMachine(
              workflow,
              props.stateMachinesDirectory ?? path.join(REPOSITORY_ROOT, 'statemachines'),
              retention,
            ),
          ] as const,
      ),
    );
    this.stateMachineAlarms = new Map(
      props.workflows.map((workflow) => [workflow.id, this.alarmOnStateMachine(workflow.id)] as const),
    );
    this.scheduleRules = new Map(
      schedules.map((schedule) => [schedule.functionId, this.addSchedule(schedule)] as const),
    );
  }

  /** The function with this topology ID, or a clear error. */
  function(id: string): PlatformFunction {
    const fn = this.functions.get(id);
    if (!fn) throw new Error(`The national services stack has no function ${id}`);
    return fn;
  }

  /**
   * The secret holding the e-ID signing keys, readable by `provider` alone. No generated value: the key set is
   * written by the operators' bootstrap; retained, like its key, since losing it invalidates every issued token.
   */
  private createSigningKeys(provider: PlatformFunction): [PlatformKey, secretsmanager.Secret] {
    const key = new PlatformKey(this, 'SigningKeysKey', {
      description: 'Encrypts the private signing keys of the e-ID service (OpenID Connect provider)',
    });
    const secret = new secretsmanager.Secret(this, 'SigningKeys', {
      description: 'Private signing keys (JWK set JSON) of the e-ID service; see docs/infrastructure.md',
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The construct generates a random string by default; without it CloudFormation creates the secret empty and
    // never writes its value, so a deployment cannot overwrite the keys the bootstrap and rotations put there.
    (secret.node.defaultChild as secretsmanager.CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    // GetSecretValue (and DescribeSecret) on this secret; kms:Decrypt on its key through Secrets Manager only.
    secret.grantRead(provider);
    provider.addEnvironment('SIGNING_KEYS_SECRET_ARN', secret.secretArn);
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Signing keys are rotated by the application's key procedure (rotateSecretSigningKeys, docs/infrastructure.md), not a Secrets Manager rotation Lambda: a rotation must add a new key and keep the retired public keys published until every token they signed has expired, which replacing the secret value cannot do.",
    });
    return [key, secret];
  }

  /**
   * The PIN serial key: a random 64-character secret that CloudFormation generates once. Never rotated and retained:
   * another key is another order of serials, whose next ones may already be issued (the issuer would skip them, but
   * the series would no longer be collision-free), and losing it loses nothing issued but that guarantee.
   */
  private createEdgeSecret(readers: readonly PlatformFunction[]): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, 'EdgeSecret', {
      description:
        "Sent by the portal's CloudFront distribution with each request it forwards, to vouch for the viewer's address",
      // The account's Secrets Manager key: a key of its own would name the readers' roles in its policy, and two of
      // them live in the Accounts nested stack, which reads the secret's ARN (a circular dependency).
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
    });
    for (const fn of readers) {
      secret.grantRead(fn);
      fn.addEnvironment('EDGE_SECRET_ARN', secret.secretArn);
    }
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The distribution reads the value at deployment (an origin custom header): a rotation outside CloudFormation would leave it sending the old one until the next deployment, and the sign-in lockout would count CloudFront servers as clients meanwhile. It is changed by replacing the secret in a deployment.',
    });
    return secret;
  }

  private createPinSerialKey(issuers: readonly PlatformFunction[]): [PlatformKey, secretsmanager.Secret] {
    const key = new PlatformKey(this, 'PinSerialKeyKey', {
      description: 'Encrypts the secret key of the PIN serial permutation',
    });
    const secret = new secretsmanager.Secret(this, 'PinSerialKey', {
      description: 'Secret key of the keyed permutation that turns PIN counters into serials; never change it',
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    for (const fn of issuers) {
      secret.grantRead(fn);
      fn.addEnvironment('PIN_SERIAL_KEY_SECRET_ARN', secret.secretArn);
    }
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The PIN serial key must never change: the serial issued at each counter position depends on it, and a new key would map new positions onto serials already issued. It guards unpredictability, not access, so rotation adds risk and no protection.',
    });
    return [key, secret];
  }

  /**
   * One function of the topology with exactly what its spec declares: tables, platform observation, the e-ID
   * issuer, the procedure groups' state machines (`workflowAccess`; task functions get the ARN prefix too, as
   * the shared step wiring builds the workflow client), the intake queues and the procedure-group configuration.
   */
  private createFunction(spec: FunctionSpec, context: FunctionContext): PlatformFunction {
    if (
      spec.nestedStack &&
      (context.taskFunctionIds.has(spec.id) ||
        context.scheduledFunctionIds.has(spec.id) ||
        spec.id === AUTHORIZER_FUNCTION_ID)
    ) {
      throw new Error(
        `Function ${spec.id} cannot live in nested stack ${spec.nestedStack}: a schedule, state machine or authorizer of the parent stack invokes it, and the two templates would depend on each other`,
      );
    }
    const fn = new PlatformFunction(spec.nestedStack ? this.nestedStack(spec.nestedStack) : this, spec.id, {
      spec,
      logRetention: context.logRetention,
      logEncryptionKey: this.logsKey,
    });
    for (const [tableId, access] of Object.entries(spec.tables ?? {})) {
      if (!access) continue;
      const binding = context.tables.get(tableId);
      if (!binding) throw new Error(`Function ${spec.id} uses table ${tableId}, which the national data stack lacks`);
      fn.bindTable(binding, access, spec.leadingKeys?.[tableId as TableId]);
    }
    if (spec.observesPlatform) fn.grantPlatformObservation(intakeQueueName(''));
    if (spec.usesIdentityIssuer) fn.addEnvironment('OIDC_ISSUER', this.oidcIssuer);
    if (spec.workflowAccess || context.taskFunctionIds.has(spec.id)) {
      fn.grantWorkflowAccess(spec.workflowAccess ?? [], context.stateMachineNames);
    }
    if (spec.sendsToIntakeQueues) fn.grantSendToIntakeQueues(INTAKE_QUEUES_ACCESS);
    if (spec.usesDossierConfig) fn.setDossierConfig(context.dossierConfig);
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: context.scheduledFunctionIds.has(spec.id)
        ? 'Invoked asynchronously by its EventBridge schedule only: the event carries nothing to keep, Lambda retries a failed run twice, the next scheduled run redoes the whole sweep, and failed runs raise the Errors alarm.'
        : 'Invoked synchronously only (API Gateway proxy, Step Functions task): failures return to the caller, which retries; there is no asynchronous event to park in a DLQ.',
    });
    return fn;
  }

  /** The nested stack of this name, created with its first function. */
  private nestedStack(name: string): NestedStack {
    let stack = this.nestedByName.get(name);
    if (!stack) {
      stack = new NestedStack(this, name, {
        description: `P06 national services: ${name} (functions the API invokes; nested for the 500-resource cap)`,
      });
      this.nestedByName.set(name, stack);
    }
    return stack;
  }

  /** An EventBridge rate rule that runs the scheduled function, and an alarm when a run fails. */
  private addSchedule(schedule: ScheduleSpec): events.Rule {
    const fn = this.function(schedule.functionId);
    if (!Number.isInteger(schedule.everyMinutes) || schedule.everyMinutes < 1) {
      throw new Error(`The schedule of ${schedule.functionId} must run every whole number of minutes (at least 1)`);
    }
    const every = Duration.minutes(schedule.everyMinutes);
    const rule = new events.Rule(this, `${schedule.functionId}Schedule`, {
      description: `Runs ${schedule.functionId} every ${schedule.everyMinutes} min`,
      schedule: events.Schedule.rate(every),
      targets: [
        // A run that could not start within one period is superseded by the next one.
        new eventsTargets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: every }),
      ],
    });
    Validations.of(rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason: `A missed scheduled event carries no data: the next run, ${schedule.everyMinutes} min later, redoes the whole sweep; a DLQ of "Scheduled Event" messages would hold nothing to redrive.`,
    });
    const period = Duration.minutes(Math.max(5, schedule.everyMinutes));
    this.addAlarm(
      new cloudwatch.Alarm(this, `${schedule.functionId}Errors`, {
        alarmDescription: `A scheduled run of ${schedule.functionId} failed (sum of Errors > 0 over ${period.toMinutes()} min)`,
        metric: fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    return rule;
  }

  /** Alarms when an execution of the workflow fails or times out (sum > 0 over 5 minutes). */
  private alarmOnStateMachine(workflowId: string): StateMachineAlarms {
    const stateMachine = this.stateMachines.get(workflowId);
    if (!stateMachine) throw new Error(`No state machine ${workflowId}`);
    const period = Duration.minutes(5);
    const alarm = (id: string, metric: cloudwatch.IMetric, what: string): cloudwatch.Alarm =>
      this.addAlarm(
        new cloudwatch.Alarm(this, `${workflowId}${id}`, {
          alarmDescription: `An execution of ${stateMachineName(workflowId)} ${what} in the last 5 min: its dossier is marked failed; see the state machine's log group`,
          metric,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          threshold: 0,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    return {
      executionsFailed: alarm(
        'ExecutionsFailed',
        stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
        'failed',
      ),
      executionsTimedOut: alarm(
        'ExecutionsTimedOut',
        stateMachine.metricTimedOut({ period, statistic: cloudwatch.Stats.SUM }),
        'timed out',
      ),
    };
  }

  /** Notifies (and clears on) the alarm topic. */
  private addAlarm(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    const action = new cloudwatchActions.SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }

  private addRoute(route: RouteSpec): void {
    const fn = this.function(route.functionId);
    const resource = this.api.root.resourceForPath(route.path);
    const pathParameters = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((match) => match[1]);
    const requestParameters: Record<string, boolean> = {
      ...Object.fromEntries(pathParameters.map((name) => [`method.request.path.${name}`, true])),
      ...Object.fromEntries(
        Object.entries(route.queryParameters ?? {}).map(([name, required]) => [
          `method.request.querystring.${name}`,
          required,
        ]),
      ),
    };
    const method = resource.addMethod(route.method, new apigateway.LambdaIntegration(fn, { allowTestInvoke: false }), {
      requestValidator: this.requestValidator,
      requestParameters,
      ...(route.auth === 'token'
        ? { authorizationType: apigateway.AuthorizationType.CUSTOM, authorizer: this.tokenAuthorizer() }
        : { authorizationType: apigateway.AuthorizationType.NONE }),
    });
    if (route.auth === 'token') {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          "Protected by the platform's own e-ID tokens (OpenID Connect provider), verified by a Lambda REQUEST authorizer, not by a Cognito user pool.",
      });
      return;
    }
    Validations.of(method).acknowledge(
      {
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is public by design (auth 'public' in the topology): no token is needed to read it. Routes with e-ID levels get a Lambda authorizer.`,
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'The platform is its own OpenID Connect provider (e-ID), not a Cognito user pool; public routes carry no token at all.',
      },
    );
  }

  private authorizer: apigateway.RequestAuthorizer | undefined;

  /** The REQUEST authorizer that verifies e-ID access tokens, created with the first protected route. */
  private tokenAuthorizer(): apigateway.RequestAuthorizer {
    this.authorizer ??= new apigateway.RequestAuthorizer(this, 'TokenAuthorizer', {
      handler: this.function(AUTHORIZER_FUNCTION_ID),
      identitySources: [apigateway.IdentitySource.header('Authorization')],
      resultsCacheTtl: Duration.seconds(AUTHORIZER_RESULT_TTL_SECONDS),
    });
    return this.authorizer;
  }

  private createStateMachine(
    workflow: WorkflowSpec,
    directory: string,
    retention: logs.RetentionDays,
  ): sfn.StateMachine {
    const taskFunctions = Object.entries(workflow.taskFunctions).map(
      ([placeholder, functionId]) => [placeholder, this.function(functionId)] as const,
    );
    const definitionFile = path.join(directory, workflow.definitionFile);
    const definition = readFileSync(definitionFile, 'utf8');
    const placeholders = new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
    const unfilled = [...placeholders].filter((name) => name && !(name in workflow.taskFunctions));
    const unused = Object.keys(workflow.taskFunctions).filter((name) => !placeholders.has(name));
    if (unfilled.length > 0 || unused.length > 0) {
      throw new Error(
        `Workflow ${workflow.id}: ${definitionFile} and its taskFunctions disagree (placeholders without a function: ${unfilled.join(', ') || 'none'}; functions without a placeholder: ${unused.join(', ') || 'none'})`,
      );
    }
    const logGroup = new logs.LogGroup(this, `${workflow.id}Logs`, { retention, encryptionKey: this.logsKey });
    const stateMachine = new sfn.StateMachine(this, workflow.id, {
      stateMachineName: stateMachineName(workflow.id),
      // Inline rather than an S3 asset: the template holds the definition, and `cdk diff` shows its changes.
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(
        taskFunctions.map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    for (const fn of new Set(taskFunctions.map(([, fn]) => fn))) {
      fn.grantInvoke(stateMachine);
      Validations.of(stateMachine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagResource(this, fn.functionArn)}:*]`,
        reason: `Invokes any version or alias of ${fn.node.id}, and no other function.`,
      });
    }
    Validations.of(stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray actions do not support resource-level permissions.',
    });
    return stateMachine;
  }
}

/** What every function of the stack may be given, per its spec. */
interface FunctionContext {
  readonly tables: ReadonlyMap<string, TableBinding>;
  readonly logRetention: logs.RetentionDays;
  /** Names of the stack's state machines, which `workflowAccess` applies to. */
  readonly stateMachineNames: readonly string[];
  /** Functions the state machines run as tasks. */
  readonly taskFunctionIds: ReadonlySet<string>;
  /** Functions run by a schedule (invoked asynchronously). */
  readonly scheduledFunctionIds: ReadonlySet<string>;
  readonly dossierConfig: { readonly onboardedProvinces: readonly string[]; readonly autoApproval: string };
}

/** One JSON object per request: who (IP only), what, outcome, latency, WAF verdict and trace, never bodies. */
const accessLogFormat = (): apigateway.AccessLogFormat =>
  apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: apigateway.AccessLogField.contextRequestId(),
      extendedRequestId: apigateway.AccessLogField.contextExtendedRequestId(),
      requestTime: apigateway.AccessLogField.contextRequestTime(),
      ip: apigateway.AccessLogField.contextIdentitySourceIp(),
      userAgent: apigateway.AccessLogField.contextIdentityUserAgent(),
      httpMethod: apigateway.AccessLogField.contextHttpMethod(),
      resourcePath: apigateway.AccessLogField.contextResourcePath(),
      protocol: apigateway.AccessLogField.contextProtocol(),
      status: apigateway.AccessLogField.contextStatus(),
      responseLength: apigateway.AccessLogField.contextResponseLength(),
      responseLatency: apigateway.AccessLogField.contextResponseLatency(),
      integrationLatency: apigateway.AccessLogField.contextIntegrationLatency(),
      integrationError: apigateway.AccessLogField.contextIntegrationErrorMessage(),
      wafResponseCode: apigateway.AccessLogField.contextWafResponseCode(),
      xrayTraceId: apigateway.AccessLogField.contextXrayTraceId(),
    }),
  );
