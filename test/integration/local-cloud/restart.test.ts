import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStateMachineCommand, SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '../../../infra/local/local-cloud.ts';
import { seededCount, seedPopulation } from '../../../infra/local/seed.ts';
import { topology } from '../../../infra/topology.ts';
import { freePort } from '../../support/free-port.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'p06-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// A restart reuses the same ports, as `npm start` does (handlers keep their SDK clients between starts).
const ports = Promise.all([freePort(), freePort(), freePort()]);
const start = async (seedCitizens: number) => {
  const [apiPort, awsPort, dynamoDbPort] = await ports;
  return startLocalCloud({ topology: topology(['01', '37']), dataDir, apiPort, awsPort, dynamoDbPort, seedCitizens });
};

const total = async (apiUrl: string) =>
  ((await (await fetch(`${apiUrl}/v1/statistics/population`)).json()) as { total: number }).total;

describe('restarting the local cloud', () => {
  it('keeps the data, does not seed twice, and grows the population only by the missing citizens', async () => {
    const first = await start(500);
    expect(first.seed).toMatchObject({ before: 0, after: 500 });
    const population = await total(first.apiUrl);
    await first.stop();

    const second = await start(500);
    try {
      expect(second.seed).toMatchObject({ before: 500, after: 500 });
      expect(await total(second.apiUrl)).toBe(population);

      const client = DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: second.dynamoDbEndpoint,
          region: 'ap-southeast-1',
          credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        }),
      );
      const grown = await seedPopulation(client, 'Population', 800);
      expect(grown).toMatchObject({ before: 500, after: 800 });
      expect(await seededCount(client, 'Population')).toBe(800);
      const afterGrowth = await total(second.apiUrl);
      expect(afterGrowth).toBeGreaterThan(population + 280);
      // Seeding again to the same size adds nothing.
      expect(await seedPopulation(client, 'Population', 800)).toMatchObject({ before: 800, after: 800 });
      expect(await total(second.apiUrl)).toBe(afterGrowth);
      client.destroy();
    } finally {
      await second.stop();
    }
  });

  it('updates a state machine kept from an earlier start whose definition the code has since changed', async () => {
    const sfn = (endpoint: string) =>
      new SFNClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const arn = 'arn:aws:states:ap-southeast-1:000000000000:stateMachine:p06-BirthGroup';
    const first = await start(500);
    const before = sfn(first.awsEndpoint);
    const current = (await before.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition ?? '';
    // What an older checkout deployed: another definition under the same name.
    const older = JSON.stringify({ ...JSON.parse(current), Comment: 'an older definition' });
    await before.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: older }));
    before.destroy();
    await first.stop();

    const second = await start(500);
    const after = sfn(second.awsEndpoint);
    try {
      const definition = (await after.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition;
      expect(JSON.parse(definition ?? '{}')).toEqual(JSON.parse(current));
    } finally {
      after.destroy();
      await second.stop();
    }
  });
});
