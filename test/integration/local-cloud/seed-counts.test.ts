/**
 * Growing the seeded population keeps household counts exact on DynamoDB Local (a table of its own): a household two
 * seed runs share keeps what the platform did to it in between (someone moved in), and a run that crashed before its
 * marker moved is finished with its own bounds, so no count gets a run's members twice.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seededCount, seedPopulation } from '../../../infra/local/seed.ts';
import { createTableInput } from '../../../infra/local/tables.ts';
import { POPULATION_TABLE } from '../../../infra/tables.ts';
import { householdCountKey } from '../../../shared/adapters/dynamodb/population-counters.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';

const TABLE = `SeedCounts-${randomUUID().slice(0, 8)}`;
const raw = new DynamoDBClient({
  endpoint: inject('dynamoDbEndpoint'),
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });

beforeAll(async () => {
  const { StreamSpecification: _noStream, ...input } = createTableInput(POPULATION_TABLE, TABLE);
  await raw.send(new CreateTableCommand(input));
});
afterAll(async () => {
  await raw.send(new DeleteTableCommand({ TableName: TABLE }));
  raw.destroy();
});

const population = syntheticCitizens(
  { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
  0,
  600,
);
const living = (householdId: string, upTo: number) =>
  population.slice(0, upTo).filter((c) => c.householdId === householdId && c.status === 'alive').length;
const countOf = async (householdId: string) =>
  Number(
    (await db.send(new GetCommand({ TableName: TABLE, Key: householdCountKey(householdId), ConsistentRead: true })))
      .Item?.living,
  );

/** A household with living members on both sides of citizen `at` (of the 600). */
const spanning = (at: number) => {
  const householdId = population
    .slice(at)
    .map((c) => c.householdId)
    .find((id) => id !== undefined && living(id, at) > 0 && living(id, 600) > living(id, at));
  if (!householdId) throw new Error(`No household spans citizen ${at}`);
  return householdId;
};

describe('growing the seeded population', () => {
  it("keeps the platform's changes to shared households and adds a crashed run's members once", async () => {
    expect(await seedPopulation(db, TABLE, 300)).toMatchObject({ before: 0, after: 300 });
    const shared = spanning(300);
    const later = spanning(500);
    expect(await countOf(shared)).toBe(living(shared, 300));
    // The platform moves someone into the shared household (as everyday changes keep counts: ADD).
    await db.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: householdCountKey(shared),
        UpdateExpression: 'ADD living :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    // The next run dies after writing records and counts, before its marker and statistics move.
    const crashing: DynamoDBDocumentClient = Object.create(db);
    crashing.send = ((command: unknown) =>
      command instanceof TransactWriteCommand && JSON.stringify(command.input).includes('"META"')
        ? Promise.reject(new Error('the process died'))
        : db.send(command as never)) as DynamoDBDocumentClient['send'];
    await expect(seedPopulation(crashing, TABLE, 500)).rejects.toThrow('the process died');
    expect(await seededCount(db, TABLE)).toBe(300);
    expect(await countOf(shared)).toBe(living(shared, 500) + 1);

    // Asked for 600, the seed first finishes the run to 500 (adding nothing twice), then runs to 600.
    expect(await seedPopulation(db, TABLE, 600)).toMatchObject({ before: 300, after: 600 });
    expect(await seededCount(db, TABLE)).toBe(600);
    expect(await countOf(shared)).toBe(living(shared, 600) + 1);
    expect(await countOf(later)).toBe(living(later, 600));
    expect(await seedPopulation(db, TABLE, 600)).toMatchObject({ before: 600, after: 600 });
    expect(await countOf(shared)).toBe(living(shared, 600) + 1);
  });
});
