/**
 * Population access for bulk synchronisation: BatchGetItem for a batch's citizens (100 keys a request, retrying
 * unprocessed keys), and the Population store's transactional updates, many changes a transaction, so a sync writes
 * the same record + history item as any other change and the life-event feed publishes it.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BulkPopulation } from '../../bulk-sync/ports.ts';
import type { Citizen } from '../../domain/citizen.ts';
import { ConflictError } from '../../domain/errors.ts';
import { householdCountChanges } from '../../domain/household-members.ts';
import { batchGetAll } from './batch-get.ts';
import { counterUpdates } from './population-counters.ts';
import {
  type ChangeContext,
  type CitizenChange,
  citizenKey,
  PopulationStore,
  type StoredCitizen,
} from './population-store.ts';

/**
 * Changes per transaction in `updateCitizens`: each is two items (record and history item; three with a new child
 * link), under DynamoDB's 100 actions per transaction.
 */
export const BULK_CHANGES_PER_TRANSACTION = 25;

/** Transactions `updateCitizens` keeps in flight (they touch different citizens, so they never conflict). */
export const BULK_TRANSACTIONS_IN_FLIGHT = 4;

export class DynamoBulkPopulation implements BulkPopulation {
  private readonly store: PopulationStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.store = new PopulationStore(client, tableName);
  }

  async getCitizens(pins: readonly string[]): Promise<Map<string, StoredCitizen>> {
    const found = new Map<string, StoredCitizen>();
    for (const item of await batchGetAll(this.client, this.tableName, pins.map(citizenKey), { consistent: true })) {
      const { pk: _pk, sk: _sk, householdPk: _hp, householdSk: _hs, type: _t, ...citizen } = item;
      found.set(String(citizen.pin), citizen as unknown as StoredCitizen);
    }
    return found;
  }

  getCitizen(pin: string): Promise<StoredCitizen | undefined> {
    return this.store.getCitizen(pin);
  }

  updateCitizen(before: StoredCitizen, after: Citizen, change: ChangeContext): Promise<StoredCitizen> {
    return this.store.updateCitizen(before, after, change);
  }

  /**
   * Many independent changes (of different citizens) in few requests, for bulk work: up to
   * `BULK_CHANGES_PER_TRANSACTION` changes share one transaction (each its record, links and history item). A change
   * whose record moved on fails its condition: DynamoDB cancels the whole transaction and says which, so the chunk is
   * sent again without it. A change that moves the population statistics (residence, sex, status...) or a household's
   * count of living members touches shared counter items, which concurrent transactions would fight over and which
   * could push a chunk past 100 actions: those are written one at a time, each in its own transaction as
   * `updateCitizen` does. Each change's outcome comes back by PIN: `written`, or `conflict` (read the record again and
   * retry it alone).
   */
  async updateCitizens(changes: readonly CitizenChange[]): Promise<ReadonlyMap<string, 'written' | 'conflict'>> {
    if (new Set(changes.map((c) => c.before.pin)).size !== changes.length) {
      throw new Error('updateCitizens takes at most one change per citizen');
    }
    const outcomes = new Map<string, 'written' | 'conflict'>();
    const writeAlone = async (c: CitizenChange) => {
      try {
        await this.store.updateCitizen(c.before, c.after, c.change);
        outcomes.set(c.before.pin, 'written');
      } catch (single) {
        if (!(single instanceof ConflictError)) throw single;
        outcomes.set(c.before.pin, 'conflict');
      }
    };
    const writeChunk = async (chunk: readonly CitizenChange[]) => {
      let pending = chunk;
      while (pending.length > 0) {
        const built = pending.map((c) => ({ change: c, ...this.store.changeItems(c) }));
        const owners = built.flatMap((b) => b.items.map(() => b.change.before.pin));
        const items = built.flatMap((b) => b.items);
        try {
          await this.client.send(new TransactWriteCommand({ TransactItems: items }));
          for (const c of pending) outcomes.set(c.before.pin, 'written');
          pending = [];
        } catch (error) {
          if ((error as Error).name !== 'TransactionCanceledException') throw error;
          const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons ?? [];
          const failed = new Set(
            reasons.flatMap((r, index) => (r.Code === 'ConditionalCheckFailed' ? [owners[index]] : [])),
          );
          if (failed.size === 0) {
            // Cancelled for another reason (a concurrent transaction on one of the items): each alone decides.
            for (const c of pending) await writeAlone(c);
            pending = [];
          } else {
            for (const pin of failed) if (pin) outcomes.set(pin, 'conflict');
            pending = pending.filter((c) => !failed.has(c.before.pin));
          }
        }
      }
    };
    // Statistics and household counts are shared items, written with the change that moves them.
    const movesCounters = (c: CitizenChange) =>
      counterUpdates(this.tableName, this.store.changeItems(c).deltas).length > 0 ||
      householdCountChanges([c]).length > 0;
    const bulk = changes.filter((c) => !movesCounters(c));
    const chunks: CitizenChange[][] = [];
    for (let i = 0; i < bulk.length; i += BULK_CHANGES_PER_TRANSACTION) {
      chunks.push(bulk.slice(i, i + BULK_CHANGES_PER_TRANSACTION));
    }
    for (let i = 0; i < chunks.length; i += BULK_TRANSACTIONS_IN_FLIGHT) {
      await Promise.all(chunks.slice(i, i + BULK_TRANSACTIONS_IN_FLIGHT).map(writeChunk));
    }
    for (const c of changes) if (movesCounters(c)) await writeAlone(c);
    return outcomes;
  }
}
