/**
 * Household counts written outside everyday changes (which keep them with `householdCountUpdates`): the seed's; the
 * count a change makes on first touching a household that has none (`countHouseholdsFromIndex`); and the backfill of a
 * table whose records predate the counts (`npm run households:backfill`, infra/local/household-counts-cli.ts).
 */
import {
  type DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { householdCountKey } from './population-counters.ts';

/**
 * Writes each household's count as given. `onlyMissing` leaves a count that exists alone (one that everyday changes
 * already keep), so a backfill run while the platform serves never overwrites a newer count: one conditional put per
 * household, 16 in flight. Otherwise (the seed, on a table it owns, or `--overwrite`) 100 to a transaction, each
 * setting `living` alone. Returns how many counts
 * were written.
 */
export const writeHouseholdCounts = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  counts: ReadonlyMap<string, number>,
  options: { readonly onlyMissing?: boolean } = {},
): Promise<number> => {
  const item = (householdId: string, living: number) => ({
    ...householdCountKey(householdId),
    type: 'household-count',
    living,
  });
  const entries = [...counts.entries()];
  if (!options.onlyMissing) {
    for (let i = 0; i < entries.length; i += 100) {
      // An update, not a put: the head a change of head recorded on the count (`headPin`) stays.
      const TransactItems = entries.slice(i, i + 100).map(([id, n]) => ({
        Update: {
          TableName: tableName,
          Key: householdCountKey(id),
          UpdateExpression: 'SET #type = :type, living = :living',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'household-count', ':living': n },
        },
      }));
      await client.send(new TransactWriteCommand({ TransactItems }));
    }
    return entries.length;
  }
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [id, n] = entries[next++] as [string, number];
      try {
        await client.send(
          new PutCommand({ TableName: tableName, Item: item(id, n), ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        written += 1;
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return written;
};

/** A household a seed run puts people in: its living members in this run, and in the whole population it grows to. */
export interface SeededHousehold {
  readonly householdId: string;
  readonly added: number;
  readonly whole: number;
}

/**
 * Adds a seed run's living members to each household's count, once per run: every count records the runs added to it
 * (`seedRuns`), so a run finished again after a crash adds nothing twice, and a count the platform moved since an
 * earlier run (someone moved in, died) keeps that change. A household an earlier run began (`whole` > `added`) with
 * no count yet (a table seeded before the counts) is counted whole instead. 100 to a transaction; a transaction
 * refused (a run finished again, a missing count) is done again one household at a time. Returns how many counts
 * changed.
 */
export const addSeededMembers = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  households: readonly SeededHousehold[],
  run: string,
): Promise<number> => {
  const update = (h: SeededHousehold): UpdateCommandInput & { UpdateExpression: string } => ({
    TableName: tableName,
    Key: householdCountKey(h.householdId),
    UpdateExpression: 'SET #type = :type ADD living :added, seedRuns :runs',
    ConditionExpression: `(attribute_not_exists(seedRuns) OR NOT contains(seedRuns, :run))${h.whole > h.added ? ' AND attribute_exists(living)' : ''}`,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': 'household-count', ':added': h.added, ':runs': new Set([run]), ':run': run },
  });
  const one = async (h: SeededHousehold): Promise<boolean> => {
    try {
      await client.send(new UpdateCommand({ ...update(h), ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return true;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const old = (error as { Item?: Record<string, unknown> }).Item;
      if (old?.living !== undefined) return false; // this run was added already
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...householdCountKey(h.householdId),
              type: 'household-count',
              living: h.whole,
              seedRuns: new Set([run]),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (again) {
        if ((again as Error).name !== 'ConditionalCheckFailedException') throw again;
        return false; // counted meanwhile by a change that found none (countHouseholdsFromIndex)
      }
    }
  };
  let changed = 0;
  for (let i = 0; i < households.length; i += 100) {
    const chunk = households.slice(i, i + 100);
    try {
      await client.send(new TransactWriteCommand({ TransactItems: chunk.map((h) => ({ Update: update(h) })) }));
      changed += chunk.length;
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
      for (const h of chunk) if (await one(h)) changed += 1;
    }
  }
  return changed;
};

/**
 * Counts households that have no count yet from their members in the `household` index, and writes each count only
 * if none exists (another writer may have made it meanwhile). A change that finds its household uncounted calls this
 * and tries again (PopulationStore.updateCitizensTogether), so records older than the counts need no backfill before
 * the platform serves them: a deploy never leaves moves and deaths refused.
 *
 * Why the index, though it lags behind writes: a household without a count is one no change can have touched since
 * the counts were introduced (every such change is refused without one), so its members stand still and the index
 * has caught up with them. The exception is a record written just before, by a function that predates the counts
 * (during the deploy) or by a bulk load that writes none: the index lags by about a second. A bulk load that is
 * served at once runs the backfill (a strongly consistent scan) first, as the seed writes its counts itself.
 */
export const countHouseholdsFromIndex = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  householdIds: readonly string[],
  membersOf: (householdId: string) => Promise<readonly StoredCitizen[]>,
): Promise<number> => {
  const counts = new Map<string, number>();
  for (const id of new Set(householdIds)) {
    counts.set(id, (await membersOf(id)).filter((m) => m.status === 'alive' && m.householdId === id).length);
  }
  return writeHouseholdCounts(client, tableName, counts, { onlyMissing: true });
};
