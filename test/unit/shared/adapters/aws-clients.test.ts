import { afterEach, describe, expect, it } from 'vitest';
import { clientPerEndpoint, documentClient } from '../../../../shared/adapters/aws-clients.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_TESTSVC']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('clients per endpoint', () => {
  it('builds one client while the endpoint stays, and a new one when it moves', () => {
    let built = 0;
    const client = clientPerEndpoint('TESTSVC', () => ({ n: ++built }));
    process.env.AWS_ENDPOINT_URL_TESTSVC = 'http://127.0.0.1:4000';
    const first = client();
    expect(client()).toBe(first);
    process.env.AWS_ENDPOINT_URL_TESTSVC = 'http://127.0.0.1:4001';
    const second = client();
    expect(second).not.toBe(first);
    expect(client()).toBe(second);
    // The service's own variable wins over the general one, as in the SDK; without it the general one counts.
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000';
    expect(client()).toBe(second);
    delete process.env.AWS_ENDPOINT_URL_TESTSVC;
    const third = client();
    expect(third).not.toBe(second);
    expect(client()).toBe(third);
    expect(built).toBe(3);
  });

  it('keys the DynamoDB client by its endpoint', () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:4567';
    const client = documentClient();
    expect(documentClient()).toBe(client);
    process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:4568';
    expect(documentClient()).not.toBe(client);
  });
});
