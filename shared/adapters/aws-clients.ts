/**
 * AWS SDK v3 clients, created once per execution environment. Endpoints come from the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so the same code reaches AWS or the local cloud.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Sockets per client. In Lambda an execution environment serves one request at a time and the SDK's default
 * (50) is ample; the local cloud runs every function in one process, where hundreds of requests share these
 * clients, so it raises the limit through `AWS_SDK_MAX_SOCKETS` (configuration, not a code path).
 */
const connectionOptions = () => {
  const maxSockets = Number(process.env.AWS_SDK_MAX_SOCKETS);
  return Number.isInteger(maxSockets) && maxSockets > 0
    ? { requestHandler: { httpAgent: { keepAlive: true, maxSockets }, httpsAgent: { keepAlive: true, maxSockets } } }
    : {};
};

/**
 * A client getter that builds one client per endpoint. A client takes its endpoint from `AWS_ENDPOINT_URL_<SERVICE>`
 * (else `AWS_ENDPOINT_URL`; an empty value counts as unset) and keeps it; in Lambda those never change, so this is one
 * client per execution environment. A process that hosts one local cloud after another (the integration tests, whose files share one
 * module graph) gets a new client when the endpoint moves, instead of one bound to a cloud that has stopped.
 */
export const clientPerEndpoint = <T>(service: string, create: () => T): (() => T) => {
  let client: T | undefined;
  let builtFor: string | undefined;
  return () => {
    const endpoint = process.env[`AWS_ENDPOINT_URL_${service}`] || process.env.AWS_ENDPOINT_URL || '';
    if (client === undefined || builtFor !== endpoint) {
      client = create();
      builtFor = endpoint;
    }
    return client;
  };
};

// `@__PURE__`: a function that never calls a getter must not bundle its client (the call is otherwise kept).
export const documentClient: () => DynamoDBDocumentClient = /* @__PURE__ */ clientPerEndpoint('DYNAMODB', () =>
  DynamoDBDocumentClient.from(new DynamoDBClient(connectionOptions()), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const sqsClient: () => SQSClient = /* @__PURE__ */ clientPerEndpoint(
  'SQS',
  () => new SQSClient(connectionOptions()),
);

export const sfnClient: () => SFNClient = /* @__PURE__ */ clientPerEndpoint(
  'SFN',
  () => new SFNClient(connectionOptions()),
);

export const eventBridgeClient: () => EventBridgeClient = /* @__PURE__ */ clientPerEndpoint(
  'EVENTBRIDGE',
  () => new EventBridgeClient(connectionOptions()),
);

// Kept where most handlers import it from; a function that needs nothing else imports shared/platform/env.ts.
export { requiredEnv } from '../platform/env.ts';
