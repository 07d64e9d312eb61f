/**
 * Oversized request bodies at the local AWS endpoint: the client receives the service's error, not a reset
 * connection (the same handling as the local API's 413, infra/local/request-body.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../../../infra/local/aws-endpoint/index.ts';
import { LocalS3Service } from '../../../../../infra/local/aws-endpoint/s3-service.ts';
import { rawPost } from '../../../../support/raw-http.ts';

let endpoint: LocalAwsEndpoint;

beforeAll(async () => {
  endpoint = await startLocalAwsEndpoint({ port: 0, invokeFunction: async () => null, s3: new LocalS3Service() });
});
afterAll(async () => {
  await endpoint.close();
});

describe('a request body over the local AWS endpoint limit (16 MB)', { timeout: 30_000 }, () => {
  it('gets the JSON protocol 413 (RequestEntityTooLarge), not a reset connection', async () => {
    const outcome = await rawPost(endpoint.url, 17 * 1024 * 1024, {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(413);
    expect(outcome.headers?.['x-amzn-query-error']).toBe('RequestEntityTooLarge;Sender');
    expect(JSON.parse(outcome.body ?? '')).toMatchObject({ __type: 'com.amazonaws.sqs#RequestEntityTooLarge' });
  });

  it('gets the query protocol refusal for an oversized form POST, not a reset connection', async () => {
    const outcome = await rawPost(endpoint.url, 17 * 1024 * 1024, {
      declareLength: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain('does not speak the AWS query protocol');
  });
});
