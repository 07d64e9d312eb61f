/**
 * What bulk synchronisation needs from the platform: reading many citizens at once, and writing a change through
 * the Population store (record + history item in one transaction, so the life-event feed sees it).
 */

import type { Citizen } from '../domain/citizen.ts';
import type { ChangeContext, CitizenChange, StoredCitizen } from '../domain/citizen-record.ts';

export interface BulkPopulation {
  /** The citizens with these PINs (strongly consistent); PINs without a record are absent from the map. */
  getCitizens(pins: readonly string[]): Promise<Map<string, StoredCitizen>>;
  getCitizen(pin: string): Promise<StoredCitizen | undefined>;
  /** Optimistic: throws ConflictError when the record moved past `before.version`. */
  updateCitizen(before: StoredCitizen, after: Citizen, change: ChangeContext): Promise<StoredCitizen>;
  /**
   * Many changes of different citizens, a few transactions for all: each comes back `written`, or `conflict` when
   * its record moved past `before.version` (nothing of it written).
   */
  updateCitizens(changes: readonly CitizenChange[]): Promise<ReadonlyMap<string, 'written' | 'conflict'>>;
}

/** Objects in the sync bucket (exports, staging files, Map results, reports). */
export interface ObjectStore {
  read(key: string): AsyncIterable<Buffer>;
  readText(key: string): Promise<string>;
  write(key: string, body: string | Buffer, contentType: string): Promise<void>;
}
