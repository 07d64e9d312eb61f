/**
 * Seeds the local Population table with the synthetic population, once: a marker item records how many
 * citizens are in, so a restart does not seed twice and `npm run seed -- --citizens N` only adds the
 * missing ones. A run first records its bounds on the marker (`pendingTo`), so a run that crashed is finished
 * with the same bounds before any other. Records are bulk-written (idempotent puts); each touched household's count
 * of living members gets the run's members added, once per run (`addSeededMembers`), so a count the platform moved
 * since an earlier run keeps that change; the statistics counters and the marker then move together in one
 * transaction, so a crash mid-way leaves the marker pending and the next start finishes the same run.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addSeededMembers, type SeededHousehold } from '../../shared/adapters/dynamodb/household-counts.ts';
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

const readMarker = async (client: DynamoDBDocumentClient, tableName: string) => {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: MARKER_KEY, ConsistentRead: true }));
  return {
    citizens: Number(Item?.citizens ?? 0),
    ...(Item?.pendingTo !== undefined ? { pendingTo: Number(Item.pendingTo) } : {}),
  };
};

export const seededCount = async (client: DynamoDBDocumentClient, tableName: string): Promise<number> =>
  (await readMarker(client, tableName)).citizens;

/** Living members of each household that `batch` has people in: in the batch, and over `population`. */
const seededHouseholds = (population: readonly Citizen[], batch: readonly Citizen[]): SeededHousehold[] => {
  const living = (people: readonly Citizen[]) => {
    const counts = new Map<string, number>();
    for (const c of people) {
      if (c.householdId) counts.set(c.householdId, (counts.get(c.householdId) ?? 0) + (c.status === 'alive' ? 1 : 0));
    }
    return counts;
  };
  const added = living(batch);
  const whole = living(population);
  return [...added.entries()].map(([householdId, n]) => ({
    householdId,
    added: n,
    whole: whole.get(householdId) ?? n,
  }));
};

const options = { communesOfProvince: (code: string) => communesOfProvince(code), names: NAME_CORPUS };

/** One run: citizens `from` (inclusive) to `to` (exclusive) of the synthetic population, the marker pending at `to`. */
const seedRun = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  from: number,
  to: number,
  onProgress: (done: number, total: number) => void,
): Promise<void> => {
  const store = new PopulationStore(client, tableName);
  const batch = syntheticCitizens(options, from, to);
  const slice = 500;
  const parallel = 2;
  for (let i = 0; i < batch.length; i += slice * parallel) {
    await Promise.all(
      Array.from({ length: parallel }, (_, p) => batch.slice(i + p * slice, i + (p + 1) * slice)).map((part) =>
        part.length > 0 ? store.putCitizensInBulk(part) : undefined,
      ),
    );
    onProgress(Math.min(batch.length, i + slice * parallel), batch.length);
  }
  // A household an earlier run began is counted whole only if it has no count (the population is generated the same
  // way every time); otherwise this run's members are added to the count it has.
  await addSeededMembers(
    client,
    tableName,
    seededHouseholds(from === 0 ? batch : syntheticCitizens(options, 0, to), batch),
    `${from}-${to}`,
  );
  await store.applyBulkCounterDeltas(
    batch.flatMap((c) => statisticsDelta(undefined, c)),
    [
      {
        Put: {
          TableName: tableName,
          Item: { ...MARKER_KEY, citizens: to, seededAt: new Date().toISOString() },
          ConditionExpression: 'pendingTo = :to',
          ExpressionAttributeValues: { ':to': to },
        },
      },
    ],
  );
};

export const seedPopulation = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  citizens: number = DEFAULT_SEED_CITIZENS,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SeedResult> => {
  const started = performance.now();
  const marker = await readMarker(client, tableName);
  let at = marker.citizens;
  // A run that crashed is finished first, with its own bounds, so no household count gets a run's members twice.
  if (marker.pendingTo !== undefined) {
    await seedRun(client, tableName, at, marker.pendingTo, onProgress);
    at = marker.pendingTo;
  }
  if (at < citizens) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: MARKER_KEY,
        UpdateExpression: 'SET pendingTo = :to',
        ConditionExpression:
          at === 0
            ? 'attribute_not_exists(pendingTo) AND attribute_not_exists(citizens)'
            : 'attribute_not_exists(pendingTo) AND citizens = :at',
        ExpressionAttributeValues: { ':to': citizens, ...(at === 0 ? {} : { ':at': at }) },
      }),
    );
    await seedRun(client, tableName, at, citizens, onProgress);
    at = citizens;
  }
  return { before: marker.citizens, after: at, seconds: (performance.now() - started) / 1000 };
};
