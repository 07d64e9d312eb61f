/** What DynamoDB Local cannot be made to do on cue: an ADD that fails (test/integration/dossiers covers the rest). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoRegistrySerials } from '../../../../shared/adapters/dynamodb/registry-serials.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const serials = () =>
  new DynamoRegistrySerials(
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' })),
    'Population',
    { load: () => Promise.reject(new Error('unused')) },
    { leaseSize: 5 },
  );

beforeEach(() => ddb.reset());

describe('DynamoRegistrySerials when an ADD fails', () => {
  it('fails every request waiting for that lease, and the next request takes a new one', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(new Error('ProvisionedThroughputExceededException'))
      .resolves({
        Attributes: { last: 10 },
      });
    const env = serials();
    const waiting = await Promise.allSettled([env.nextPinSerial('001226'), env.nextPinSerial('001226')]);
    expect(waiting.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    // The positions 1–5 the lost ADD may have taken are skipped; the new lease is 6–10.
    expect(await env.nextPinSerial('001226')).toBe(6);
    expect(ddb.commandCalls(UpdateCommand)[1]?.args[0].input).toMatchObject({
      Key: { pk: 'SERIAL#PIN#001226', sk: 'SERIAL' },
      UpdateExpression: 'ADD #last :size',
      ExpressionAttributeValues: { ':size': 5 },
    });
  });

  it('takes a new lease after a client that threw before returning a promise', async () => {
    // What the SDK does when it cannot build the request (e.g. no region): it throws from send() itself.
    let calls = 0;
    const client = {
      send: () => {
        calls += 1;
        if (calls === 1) throw new Error('Region is missing');
        return Promise.resolve({ Attributes: { last: 10 } });
      },
    } as unknown as DynamoDBDocumentClient;
    const env = new DynamoRegistrySerials(client, 'Population', { load: () => Promise.reject(new Error('unused')) });
    await expect(env.nextPinSerial('001226')).rejects.toThrow('Region is missing');
    expect(await env.nextPinSerial('001226')).toBe(1);
    expect(calls).toBe(2);
  });

  it('refuses an answer that is not a count rather than hand out a position it cannot vouch for', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: {} });
    await expect(serials().nextSocialInsuranceSerial('01')).rejects.toThrow(/not a count/);
    // A counter that an ADD of 5 left below 5 was never a counter of this series.
    ddb.on(UpdateCommand).resolves({ Attributes: { last: 3 } });
    await expect(serials().nextSocialInsuranceSerial('01')).rejects.toThrow(/not a count/);
  });
});
