/**
 * `npm run seed -- --citizens N`: grows the synthetic population to N citizens. Runs against the local
 * cloud's data folder with its own DynamoDB Local, so stop `npm start` first.
 */

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { POPULATION_TABLE, TABLES } from '../topology.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { REPO_ROOT } from './lambda-runtime.ts';
import { DEFAULT_SEED_CITIZENS, seedPopulation } from './seed.ts';
import { ensureTables } from './tables.ts';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: String(DEFAULT_SEED_CITIZENS) },
    port: { type: 'string', default: '8000' },
  },
});
const citizens = Number(values.citizens);
if (!Number.isInteger(citizens) || citizens < 1 || citizens > 10_000_000) {
  console.error(`--citizens must be a whole number between 1 and 10,000,000, got "${values.citizens}"`);
  process.exit(2);
}

const dynamo = await startDynamoDbLocal({
  port: Number(values.port),
  dataDir: resolve(process.env.DATA_DIR ?? resolve(REPO_ROOT, '.data'), 'dynamodb'),
  maxHeap: '4g',
}).catch((error: Error) => {
  console.error(`${error.message}\nIs the local cloud running? Stop it (Ctrl-C) before seeding.`);
  process.exit(1);
});
try {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTables(client, TABLES);
  const result = await seedPopulation(
    DynamoDBDocumentClient.from(client),
    POPULATION_TABLE.id,
    citizens,
    (done, total) => process.stdout.write(`\r${done}/${total} citizens`),
  );
  console.log(
    result.after === result.before
      ? `Already ${result.before} citizens; nothing to add.`
      : `\nPopulation grown from ${result.before} to ${result.after} citizens in ${result.seconds.toFixed(1)} s.`,
  );
} finally {
  await dynamo.stop();
}
