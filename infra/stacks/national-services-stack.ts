import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { nagResource } from '../constructs/nag-finding.ts';
import { PlatformFunction, REPOSITORY_ROOT, type TableBinding } from '../constructs/platform-function.ts';
import { PlatformKey } from '../constructs/platform-key.ts';
import { PlatformWebAcl } from '../constructs/platform-web-acl.ts';
import {
  AUTHORIZER_FUNCTION_ID,
  type FunctionId,
  type FunctionSpec,
  intakeQueueName,
  type RouteSpec,
  type TableSpec,
  type WorkflowSpec,
} from '../topology.ts';
import { importNationalTable } from './national-data-stack.ts';

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

/** Placeholder issuer for offline synthesis; a deployment sets context `oidcIssuer` to its API's public URL. */
export const DEFAULT_OIDC_ISSUER = 'https://id.p06.example';

export interface NationalServicesStackProps extends StackProps {
  /** Functions to create, from the topology. */
  readonly functions: readonly FunctionSpec[];
  /** API routes, from the topology; each names one of `functions`. */
  readonly routes: readonly RouteSpec[];
  /** State machines, from the topology; each task placeholder names one of `functions`. */
  readonly workflows: readonly WorkflowSpec[];
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
   * Directory that holds the workflows' ASL files.
   * @default `statemachines/` at the repository root
   */
  readonly stateMachinesDirectory?: string;
}

/** Topology ID of the e-ID service, the only function that reads the signing keys. */
export const OIDC_PROVIDER_FUNCTION_ID: FunctionId = 'OidcProvider';

/**
 * The national services: the public REST API behind a WAF, the handlers of the public services, and the state
 * machines of the interconnected procedure groups. Stateless but for the e-ID signing keys (a retained secret and
 * its retained key): it can be destroyed and redeployed at will, after which the new secret is bootstrapped.
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
  public readonly oidcIssuer: string;
  /** Encrypts the e-ID signing-key secret. */
  public readonly signingKeysKey: PlatformKey;
  /**
   * The e-ID provider's private signing keys (the key-set JSON of shared/identity/signing-keys.ts). Created
   * empty: operators bootstrap and rotate it with `rotateSecretSigningKeys` (docs/infrastructure.md).
   */
  public readonly signingKeys: secretsmanager.Secret;

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
      description: 'Encrypts the log groups of the national services (functions, API, state machines)',
    }).allowCloudWatchLogs();

    const tables = new Map(
      props.tables.map(
        (spec) => [spec.id, importNationalTable(this, spec, props.nationalDataParameterPrefix)] as const,
      ),
    );
    this.functions = new Map(
      props.functions.map((spec) => [spec.id, this.createFunction(spec, tables, retention)] as const),
    );

    [this.signingKeysKey, this.signingKeys] = this.createSigningKeys(this.function(OIDC_PROVIDER_FUNCTION_ID));

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

  private createFunction(
    spec: FunctionSpec,
    tables: ReadonlyMap<string, TableBinding>,
    logRetention: logs.RetentionDays,
  ): PlatformFunction {
    const fn = new PlatformFunction(this, spec.id, { spec, logRetention, logEncryptionKey: this.logsKey });
    for (const [tableId, access] of Object.entries(spec.tables ?? {})) {
      if (!access) continue;
      const binding = tables.get(tableId);
      if (!binding) throw new Error(`Function ${spec.id} uses table ${tableId}, which the national data stack lacks`);
      fn.bindTable(binding, access);
    }
    if (spec.observesPlatform) fn.grantPlatformObservation(intakeQueueName(''));
    if (spec.usesIdentityIssuer) fn.addEnvironment('OIDC_ISSUER', this.oidcIssuer);
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously only (API Gateway proxy, Step Functions task): failures return to the caller, which retries; there is no asynchronous event to park in a DLQ.',
    });
    return fn;
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
      // Short: a cached Allow outlives a revoked token by at most this long.
      resultsCacheTtl: Duration.seconds(60),
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
    const logGroup = new logs.LogGroup(this, `${workflow.id}Logs`, { retention, encryptionKey: this.logsKey });
    const stateMachine = new sfn.StateMachine(this, workflow.id, {
      definitionBody: sfn.DefinitionBody.fromFile(path.join(directory, workflow.definitionFile)),
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
