/**
 * Household counts written outside everyday changes (which keep them with `householdCountUpdates`): the seed's; the
 * count a change makes on first touching a household that has none (`countHouseholdsFromIndex`); and the backfill of a
 * table whose records predate the counts (`npm run households:backfill`, infra/local/household-counts-cli.ts).
 */
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { householdCountKey } from './population-counters.ts';

/**
 * Writes each household's count as given. `onlyMissing` leaves a count that exists alone (one that everyday changes
 * already keep), so a backfill run while the platform serves never overwrites a newer count: one conditional put per
 * household, 16 in flight. Otherwise (the seed, on a table it owns) 100 to a transaction. Returns how many counts
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
      const TransactItems = entries
        .slice(i, i + 100)
        .map(([id, n]) => ({ Put: { TableName: tableName, Item: item(id, n) } }));
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
