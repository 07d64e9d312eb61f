/**
 * The whole platform on one machine: DynamoDB Local, the local AWS endpoint (SQS + Step Functions),
 * Lambda handlers in this process, the API on localhost, all wired from the same topology CDK uses.
 * `npm start` runs it; integration tests and benchmarks start their own instance on other ports.
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateStateMachineCommand, SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureAnchorKeyFile } from '../../shared/adapters/files/key-file-signer.ts';
import { CITIZEN_PORTAL } from '../../shared/identity/clients.ts';
import {
  AUTHORIZER_FUNCTION_ID,
  AUTHORIZER_RESULT_TTL_SECONDS,
  IDENTITY_TABLE,
  POPULATION_TABLE,
  type ProvinceQueueSpec,
  stateMachineName,
  type Topology,
  type WorkflowSpec,
} from '../topology.ts';
import { startLocalApi } from './api-gateway.ts';
import { startLocalAwsEndpoint } from './aws-endpoint/index.ts';
import { LocalS3Service } from './aws-endpoint/s3-service.ts';
import { startSqsEventSource } from './aws-endpoint/sqs-event-source.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import type { DynamoDbStreamSource } from './feed/dynamodb-stream-source.ts';
import type { LocalEventBus } from './feed/local-event-bus.ts';
import { createLocalFeedBus, startLocalFeed } from './feed/local-feed.ts';
import { type DemoAccount, seedIdentity } from './identity-seed.ts';
import { LocalLambdaRuntime, REPO_ROOT } from './lambda-runtime.ts';
import { type PaymentGatewaySimulator, startPaymentGatewaySimulator } from './payment-gateway/simulator.ts';
import { ensureLocalPaymentTerminal } from './payment-gateway/terminal-key.ts';
import { ensureLocalPinSerialKey } from './pin-serial-key.ts';
import { portalFallback } from './portal-server.ts';
import { type SeedResult, seedPopulation } from './seed.ts';
import { ensureLocalSigningKeys } from './signing-keys.ts';
import { LOCAL_SMS_API_KEY, startSmsSimulator } from './sms-simulator.ts';
import { ensureTables } from './tables.ts';

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface LocalCloudOptions {
  readonly topology: Topology;
  /** Folder for all persisted state. Default `.data` in the repository. */
  readonly dataDir?: string;
  /**
   * DynamoDB Local keeps its tables in memory rather than in `<dataDir>/dynamodb`: nothing of them survives a stop.
   * For runs whose data is thrown away (the bench), where the emulator's disk writes are not what is measured.
   */
  readonly dynamoDbInMemory?: boolean;
  /** Default 3000. */
  readonly apiPort?: number;
  /** Default 4566. */
  readonly awsPort?: number;
  /** Default 8000. */
  readonly dynamoDbPort?: number;
  /** The local payment gateway simulator's port. Default: any free port (`npm start` uses 4590). */
  readonly paymentGatewayPort?: number;
  /** Citizens to seed on first start; 0 skips seeding. Default 20,000. */
  readonly seedCitizens?: number;
  readonly log?: (line: string) => void;
  /** Extra environment for the handlers (e.g. a benchmark lifting agency quotas). */
  readonly environment?: Readonly<Record<string, string>>;
}

export interface LocalCloud {
  readonly apiUrl: string;
  readonly awsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly seed: SeedResult | undefined;
  /** The e-ID service's issuer (the API's base URL) and the key file it signs with. */
  readonly oidcIssuer: string;
  readonly signingKeysFile: string;
  /** The append-only anchor folder and the anchor key file (`npm run audit:anchor` writes there). */
  readonly anchors: { readonly dir: string; readonly keyFile: string };
  /** Demo accounts and clients for the startup banner. */
  readonly demoAccounts: readonly DemoAccount[];
  readonly lambda: LocalLambdaRuntime;
  /** The life-event feed: the local bus and the reader of the Population table's stream. */
  readonly feed: { readonly bus: LocalEventBus; readonly stream: DynamoDbStreamSource };
  /** The payment gateway simulator and the terminal file (code and hash secret) the platform signs with. */
  readonly paymentGateway: {
    readonly url: string;
    readonly terminalFile: string;
    readonly simulator: PaymentGatewaySimulator;
  };
  /** The SMS gateway simulator (infra/local/sms-simulator.ts): `GET <url>/messages` shows what was sent. */
  readonly smsSimulatorUrl: string;
  /** Stops everything, DynamoDB Local included; idempotent. */
  stop(): Promise<void>;
}

/** Fills `${Placeholder}` substitutions the way CDK's definitionSubstitutions does. */
export const substitute = (definition: string, values: Readonly<Record<string, string>>): string =>
  definition.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** The environment a deployed function gets, for this process (handlers run in it). */
export const localEnvironment = (
  endpoints: { dynamoDb: string; aws: string; api: string },
  topology: Topology,
  signingKeysFile: string,
  pinSerialKeyFile: string,
) => ({
  AWS_REGION: LOCAL_REGION,
  AWS_DEFAULT_REGION: LOCAL_REGION,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDb,
  AWS_ENDPOINT_URL_SQS: endpoints.aws,
  AWS_ENDPOINT_URL_SFN: endpoints.aws,
  AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.aws,
  AWS_ENDPOINT_URL_S3: endpoints.aws,
  AWS_S3_FORCE_PATH_STYLE: 'true',
  LIFE_EVENT_BUS_NAME: topology.feed.busName,
  FEED_QUEUE_URL_PREFIX: `${endpoints.aws}/${LOCAL_ACCOUNT}/`,
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  POWERTOOLS_TRACE_ENABLED: 'false',
  OIDC_ISSUER: endpoints.api,
  SIGNING_KEYS_FILE: signingKeysFile,
  PIN_SERIAL_KEY_FILE: pinSerialKeyFile,
  AGENCY_QUOTA_PER_MINUTE: '120',
  // Every function shares the SDK clients of this one process (see shared/adapters/aws-clients.ts).
  AWS_SDK_MAX_SOCKETS: '256',
  INTAKE_QUEUE_URL_PREFIX: `${endpoints.aws}/${LOCAL_ACCOUNT}/`,
  STATE_MACHINE_ARN_PREFIX: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:`,
  ONBOARDED_PROVINCES: topology.provinceQueues.map((q) => q.provinceCode).join(','),
  AUTO_APPROVAL: process.env.AUTO_APPROVAL ?? readFileSync(resolve(REPO_ROOT, 'config/auto-approval.json'), 'utf8'),
  ...Object.fromEntries(topology.tables.map((t) => [t.envVar, t.id])),
});

const createProvinceQueues = async (sqs: SQSClient, spec: ProvinceQueueSpec) => {
  const { QueueUrl: dlqUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.dlqName,
      Attributes: { MessageRetentionPeriod: String(14 * 86_400), SqsManagedSseEnabled: 'true' },
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.queueName,
      Attributes: {
        VisibilityTimeout: String(spec.settings.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(spec.settings.retentionDays * 86_400),
        SqsManagedSseEnabled: 'true',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: spec.settings.maxReceiveCount,
        }),
      },
    }),
  );
  return QueueUrl as string;
};

const createWorkflow = async (sfn: SFNClient, workflow: WorkflowSpec, lambda: LocalLambdaRuntime) => {
  const template = await readFile(resolve(REPO_ROOT, 'statemachines', workflow.definitionFile), 'utf8');
  const definition = substitute(
    template,
    Object.fromEntries(Object.entries(workflow.taskFunctions).map(([name, fn]) => [name, lambda.arn(fn)])),
  );
  const roleArn = `arn:aws:iam::${LOCAL_ACCOUNT}:role/${workflow.id}`;
  try {
    await sfn.send(
      new CreateStateMachineCommand({ name: stateMachineName(workflow.id), definition, roleArn, type: 'STANDARD' }),
    );
  } catch (error) {
    // Kept from an earlier start (.data) with another definition, as after `git pull`: update it, as a deployment
    // would. Running executions keep the definition they started with.
    if ((error as Error).name !== 'StateMachineAlreadyExists') throw error;
    await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${stateMachineName(workflow.id)}`,
        definition,
        roleArn,
      }),
    );
  }
};

/** Starts the local cloud; on any failure what was already started is stopped again. */
export const startLocalCloud = async (options: LocalCloudOptions): Promise<LocalCloud> => {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir ?? resolve(REPO_ROOT, '.data'));
  mkdirSync(dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: Error) => log(`stop failed: ${error.message}`));
    }
  };
  try {
    const dynamoDb = await startDynamoDbLocal({
      port: options.dynamoDbPort ?? 8000,
      ...(options.dynamoDbInMemory ? {} : { dataDir: resolve(dataDir, 'dynamodb') }),
    });
    stops.push(() => dynamoDb.stop());
    log(`DynamoDB Local on ${dynamoDb.endpoint}`);

    const lambda = new LocalLambdaRuntime([...options.topology.functions, ...options.topology.feed.functions], {
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
    });
    let feedSqs: SQSClient | undefined;
    let awsUrl = '';
    const feedContext = {
      feed: options.topology.feed,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      dataDir,
      lambda,
      sqs: () => feedSqs as SQSClient,
      queueUrl: (name: string) => `${awsUrl}/${LOCAL_ACCOUNT}/${name}`,
      log,
    };
    const bus = createLocalFeedBus(feedContext);
    const endpoint = await startLocalAwsEndpoint({
      services: { AWSEvents: bus },
      s3: new LocalS3Service(resolve(dataDir, 's3')),
      port: options.awsPort ?? 4566,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      dataDir: resolve(dataDir, 'aws'),
      invokeFunction: (name, payload) => lambda.invoke(name, payload),
    });
    stops.push(() => endpoint.close());
    awsUrl = endpoint.url;
    stops.push(() => bus.close());
    const apiPort = options.apiPort ?? 3000;
    const oidcIssuer = `http://localhost:${apiPort}`;
    const signingKeysFile = resolve(dataDir, 'keys', 'signing-keys.json');
    await ensureLocalSigningKeys(signingKeysFile);
    const pinSerialKeyFile = await ensureLocalPinSerialKey(resolve(dataDir, 'keys', 'pin-serial-key'));
    const paymentTerminalFile = resolve(dataDir, 'keys', 'payment-terminal.json');
    const terminal = await ensureLocalPaymentTerminal(paymentTerminalFile);
    const paymentGateway = await startPaymentGatewaySimulator({
      port: options.paymentGatewayPort ?? 0,
      terminals: [{ ...terminal, ipnUrl: `${oidcIssuer}/v1/payments/vnpay/ipn` }],
      stateFile: resolve(dataDir, 'payment-gateway', 'transactions.json'),
      log: (line) => log(`[payment-gateway] ${line}`),
    });
    stops.push(() => paymentGateway.close());
    log(`payment gateway simulator on ${paymentGateway.url}`);
    // The audit-trail anchors (docs/audit-anchoring.md): an append-only folder and a P-256 key file.
    const anchors = {
      AUDIT_ANCHOR_DIR: resolve(dataDir, 'anchors'),
      AUDIT_ANCHOR_KEY_FILE: await ensureAnchorKeyFile(resolve(dataDir, 'keys', 'anchor-signing-key.pem')),
    };
    // The SMS gateway simulator; the e-ID functions deliver notifications to it over HTTP (NOTIFICATION_SENDER=sms).
    const sms = await startSmsSimulator({ dataDir, log: (line) => console.log(line) });
    stops.push(() => sms.close());
    log(`SMS gateway simulator on ${sms.url} (messages: ${sms.url}/messages)`);
    // The handlers read their settings from the environment, as in Lambda. Stopping puts back what was there, so a
    // process that starts one local cloud after another (the integration tests) never hands the next one this one's.
    const environment: Record<string, string> = Object.assign(
      {},
      {
        NOTIFICATION_SENDER: 'sms',
        SMS_GATEWAY_URL: sms.url,
        SMS_API_KEY: LOCAL_SMS_API_KEY,
        SMS_SENDER_ID: 'P06-eID',
      },
      localEnvironment(
        { dynamoDb: dynamoDb.endpoint, aws: endpoint.url, api: oidcIssuer },
        options.topology,
        signingKeysFile,
        pinSerialKeyFile,
      ),
      {
        PAYMENT_GATEWAY_URL: paymentGateway.url,
        PAYMENT_RETURN_URL: `${oidcIssuer}/v1/payments/vnpay/return`,
        PAYMENT_TERMINAL_FILE: paymentTerminalFile,
        PAYMENT_WINDOW_MINUTES: process.env.PAYMENT_WINDOW_MINUTES ?? '60',
      },
      anchors,
      options.environment ?? {},
    );
    const previous = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
    stops.push(async () => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    const clientConfig = { region: LOCAL_REGION };
    const dynamoClient = new DynamoDBClient({ ...clientConfig, endpoint: dynamoDb.endpoint });
    const sqs = new SQSClient({ ...clientConfig, endpoint: endpoint.url });
    const sfn = new SFNClient({ ...clientConfig, endpoint: endpoint.url });
    feedSqs = sqs;
    stops.push(async () => {
      dynamoClient.destroy();
      sqs.destroy();
      sfn.destroy();
    });

    const created = await ensureTables(dynamoClient, options.topology.tables);
    if (created.length > 0) log(`created tables ${created.join(', ')}`);
    const queueUrls = new Map<string, string>();
    for (const spec of options.topology.provinceQueues)
      queueUrls.set(spec.provinceCode, await createProvinceQueues(sqs, spec));
    for (const workflow of options.topology.workflows) await createWorkflow(sfn, workflow, lambda);

    let seed: SeedResult | undefined;
    const citizens = options.seedCitizens ?? 20_000;
    if (citizens > 0) {
      const document = DynamoDBDocumentClient.from(dynamoClient, { marshallOptions: { removeUndefinedValues: true } });
      seed = await seedPopulation(document, POPULATION_TABLE.id, citizens, (done, total) => {
        if (done === total || done % 5000 === 0) log(`seeding: ${done}/${total} citizens`);
      });
      if (seed.after > seed.before) log(`seeded ${seed.after - seed.before} citizens in ${seed.seconds.toFixed(1)} s`);
    }
    const demoAccounts = await seedIdentity({
      issuer: oidcIssuer,
      identityTable: IDENTITY_TABLE.id,
      populationTable: POPULATION_TABLE.id,
      clientKeysDir: resolve(dataDir, 'keys', 'clients'),
    });

    const feedStream = await startLocalFeed({
      ...feedContext,
      bus,
      dynamoDb: dynamoClient,
      dynamoDbEndpoint: dynamoDb.endpoint,
      tableName: POPULATION_TABLE.id,
    });
    stops.push(() => feedStream.stop());

    for (const spec of options.topology.provinceQueues) {
      if (!spec.consumerFunctionId) continue;
      const consumer = spec.consumerFunctionId;
      // One client per source: each poller holds a connection for up to 20 s of long polling, and a shared
      // client's connection pool would queue deletes behind polls (messages would reappear and run twice).
      const sourceClient = new SQSClient({ ...clientConfig, endpoint: endpoint.url });
      stops.push(async () => sourceClient.destroy());
      const source = startSqsEventSource({
        queueUrl: queueUrls.get(spec.provinceCode) as string,
        sqsClient: sourceClient,
        batchSize: spec.settings.batchSize,
        maxConcurrency: spec.settings.consumerMaxConcurrency,
        invoke: (event) => lambda.invoke(consumer, event),
      });
      stops.push(() => source.stop());
    }

    // Scheduled functions (EventBridge rate rules in AWS): a timer each, never two runs of one at a time.
    for (const schedule of options.topology.schedules) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        lambda
          .invoke(schedule.functionId, { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })
          .catch((error: Error) => log(`${schedule.functionId} failed: ${error.message}`))
          .finally(() => {
            running = false;
          });
      }, schedule.everyMinutes * 60_000);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }

    await lambda.warmUp();
    const api = await startLocalApi({
      routes: options.topology.routes,
      port: apiPort,
      accountId: LOCAL_ACCOUNT,
      authorizerFunctionId: AUTHORIZER_FUNCTION_ID,
      authorizerResultTtlSeconds: AUTHORIZER_RESULT_TTL_SECONDS,
      invoke: (functionId, event) => lambda.invoke(functionId, event),
      fallback: portalFallback({ config: { issuer: oidcIssuer, apiBaseUrl: '', clientId: CITIZEN_PORTAL } }),
    });
    stops.push(() => api.close());

    return {
      apiUrl: api.url,
      awsEndpoint: endpoint.url,
      dynamoDbEndpoint: dynamoDb.endpoint,
      seed,
      oidcIssuer,
      signingKeysFile,
      anchors: { dir: anchors.AUDIT_ANCHOR_DIR, keyFile: anchors.AUDIT_ANCHOR_KEY_FILE },
      demoAccounts,
      lambda,
      feed: { bus, stream: feedStream },
      paymentGateway: { url: paymentGateway.url, terminalFile: paymentTerminalFile, simulator: paymentGateway },
      smsSimulatorUrl: sms.url,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
