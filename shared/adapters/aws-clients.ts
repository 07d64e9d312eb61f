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

let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let sfn: SFNClient | undefined;

export const documentClient = (): DynamoDBDocumentClient => {
  dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient(connectionOptions()), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return dynamo;
};

export const sqsClient = (): SQSClient => {
  sqs ??= new SQSClient(connectionOptions());
  return sqs;
};

export const sfnClient = (): SFNClient => {
  sfn ??= new SFNClient(connectionOptions());
  return sfn;
};

let eventBridge: EventBridgeClient | undefined;

export const eventBridgeClient = (): EventBridgeClient => {
  eventBridge ??= new EventBridgeClient(connectionOptions());
  return eventBridge;
};

// Kept where most handlers import it from; a function that needs nothing else imports shared/platform/env.ts.
export { requiredEnv } from '../platform/env.ts';
