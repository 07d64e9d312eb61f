/**
 * Seeds the local Population table with the synthetic population, once: a marker item records how many
 * citizens are in, so a restart does not seed twice and `npm run seed -- --citizens N` only adds the
 * missing ones. Records are bulk-written (idempotent puts); the statistics counters and the marker then
 * move together in one transaction, so a crash mid-way leaves the marker untouched and the next start
 * simply writes the same records again.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import { NAME_CORPUS } from '../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../shared/seed/synthetic-population.ts';
import { statisticsDelta } from '../../shared/statistics/population-statistics.ts';

export const DEFAULT_SEED_CITIZENS = 20_000;
const MARKER_KEY = { pk: 'META', sk: 'SEED' };

export interface SeedResult {
  readonly before: number;
  readonly after: number;
  readonly seconds: number;
}

export const seededCount = async (client: DynamoDBDocumentClient, tableName: string): Promise<number> => {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: MARKER_KEY, ConsistentRead: true }));
  return Number(Item?.citizens ?? 0);
};

export const seedPopulation = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  citizens: number = DEFAULT_SEED_CITIZENS,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SeedResult> => {
  const started = performance.now();
  const before = await seededCount(client, tableName);
  if (before >= citizens) return { before, after: before, seconds: 0 };
  const store = new PopulationStore(client, tableName);
  const batch = syntheticCitizens(
    { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
    before,
    citizens,
  );
  const slice = 500;
  const parallel = 2;
  let done = 0;
  for (let i = 0; i < batch.length; i += slice * parallel) {
    await Promise.all(
      Array.from({ length: parallel }, (_, p) => batch.slice(i + p * slice, i + (p + 1) * slice)).map((part) =>
        part.length > 0 ? store.putCitizensInBulk(part) : undefined,
      ),
    );
    done = Math.min(batch.length, i + slice * parallel);
    onProgress(done, batch.length);
  }
  await store.applyBulkCounterDeltas(
    batch.flatMap((c) => statisticsDelta(undefined, c)),
    [
      {
        Put: {
          TableName: tableName,
          Item: { ...MARKER_KEY, citizens, seededAt: new Date().toISOString() },
          ConditionExpression: before === 0 ? 'attribute_not_exists(pk)' : 'citizens = :before',
          ...(before === 0 ? {} : { ExpressionAttributeValues: { ':before': before } }),
        },
      },
    ],
  );
  return { before, after: citizens, seconds: (performance.now() - started) / 1000 };
};
