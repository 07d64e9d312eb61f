/**
 * Seeds the local Population table with the synthetic population, once: a marker item records how many
 * citizens are in, so a restart does not seed twice and `npm run seed -- --citizens N` only adds the
 * missing ones. Records are bulk-written (idempotent puts), then the counts of living members of their
 * households (absolute, so rewriting them is idempotent); the statistics counters and the marker then
 * move together in one transaction, so a crash mid-way leaves the marker untouched and the next start
 * simply writes the same records again.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { writeHouseholdCounts } from '../../shared/adapters/dynamodb/household-counts.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
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

/** Living members of each household that `batch` has people in, counted over `population`. */
const livingMembers = (population: readonly Citizen[], batch: readonly Citizen[]): Map<string, number> => {
  const touched = new Set(batch.flatMap((c) => (c.householdId ? [c.householdId] : [])));
  const counts = new Map<string, number>();
  for (const c of population) {
    if (c.householdId && touched.has(c.householdId)) {
      counts.set(c.householdId, (counts.get(c.householdId) ?? 0) + (c.status === 'alive' ? 1 : 0));
    }
  }
  return counts;
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
  const options = { communesOfProvince: (code: string) => communesOfProvince(code), names: NAME_CORPUS };
  const batch = syntheticCitizens(options, before, citizens);
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
  // Each touched household's count of living members, whole: a household the last seed began is counted from its
  // first member on (the population is generated the same way every time), and rewriting a count is idempotent.
  await writeHouseholdCounts(
    client,
    tableName,
    livingMembers(before === 0 ? batch : syntheticCitizens(options, 0, citizens), batch),
  );
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
