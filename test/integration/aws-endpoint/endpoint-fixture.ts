/**
 * Shared fixture of the local AWS endpoint tests: a fresh endpoint on a free loopback port and real SDK
 * clients pointed at it with dummy credentials.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  type LocalAwsEndpoint,
  type LocalAwsEndpointOptions,
  startLocalAwsEndpoint,
} from '../../../infra/local/aws-endpoint/index.ts';

export const REGION = 'ap-southeast-1';
export const ACCOUNT = '000000000000';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** Starts an endpoint on port 0 (a free port); functions default to echoing their payload. */
export function startEndpoint(options: Partial<LocalAwsEndpointOptions> = {}): Promise<LocalAwsEndpoint> {
  return startLocalAwsEndpoint({ port: 0, invokeFunction: async (_name, payload) => payload, ...options });
}

/** A real SQS client for the endpoint. */
export function sqsClientFor(endpoint: LocalAwsEndpoint): SQSClient {
  return new SQSClient({ endpoint: endpoint.url, region: REGION, credentials });
}

/** A real Step Functions client for the endpoint. */
export function sfnClientFor(endpoint: LocalAwsEndpoint): SFNClient {
  return new SFNClient({ endpoint: endpoint.url, region: REGION, credentials });
}

/** A new empty temporary folder. */
export function temporaryFolder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`));
}

/** Polls `probe` every 50 ms until it returns a defined value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An AWS SDK error as the tests inspect it. */
export type AwsError = Error & { $metadata?: { httpStatusCode?: number }; Code?: string };

/** The error `promise` rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    return error as AwsError;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
