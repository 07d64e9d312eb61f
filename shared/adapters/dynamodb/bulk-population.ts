/**
 * Population access for bulk synchronisation: BatchGetItem for a batch's citizens (100 keys a request, retrying
 * unprocessed keys), and the Population store's transactional updates, many changes a transaction, so a sync writes
 * the same record + history item as any other change and the life-event feed publishes it.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BulkPopulation } from '../../bulk-sync/ports.ts';
import type { Citizen } from '../../domain/citizen.ts';
import {
  type ChangeContext,
  type CitizenChange,
  citizenKey,
  PopulationStore,
  type StoredCitizen,
} from './population-store.ts';

const BATCH_GET_LIMIT = 100;
const MAX_ROUNDS = 8;

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
    const chunks: string[][] = [];
    for (let i = 0; i < pins.length; i += BATCH_GET_LIMIT) chunks.push(pins.slice(i, i + BATCH_GET_LIMIT));
    await Promise.all(
      chunks.map(async (chunk) => {
        let keys: Record<string, unknown>[] = chunk.map(citizenKey);
        for (let round = 1; keys.length > 0; round++) {
          if (round > MAX_ROUNDS) throw new Error(`DynamoDB left ${keys.length} keys unprocessed ${MAX_ROUNDS} times`);
          if (round > 1) await new Promise((r) => setTimeout(r, 2 ** round * 25));
          const result = await this.client.send(
            new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
          );
          for (const item of result.Responses?.[this.tableName] ?? []) {
            const { pk: _pk, sk: _sk, householdPk: _hp, householdSk: _hs, type: _t, ...citizen } = item;
            found.set(String(citizen.pin), citizen as unknown as StoredCitizen);
          }
          keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
        }
      }),
    );
    return found;
  }

  getCitizen(pin: string): Promise<StoredCitizen | undefined> {
    return this.store.getCitizen(pin);
  }

  updateCitizen(before: StoredCitizen, after: Citizen, change: ChangeContext): Promise<StoredCitizen> {
    return this.store.updateCitizen(before, after, change);
  }

  updateCitizens(changes: readonly CitizenChange[]): Promise<ReadonlyMap<string, 'written' | 'conflict'>> {
    return this.store.updateCitizens(changes);
  }
}
