/**
 * The local AWS endpoint (SQS and Step Functions over the AWS JSON 1.0 protocol) and the local SQS event
 * source mapping. See README.md in this folder.
 */
export type { LocalAwsEndpoint, LocalAwsEndpointOptions } from './local-aws-endpoint.ts';
export { startLocalAwsEndpoint } from './local-aws-endpoint.ts';
export type { SqsEventSource, SqsEventSourceOptions } from './sqs-event-source.ts';
export { startSqsEventSource } from './sqs-event-source.ts';
