/**
 * A citizen's record as the registries keep it: the record with its version (every change is conditioned on the
 * version it read) and who changed it and why (kept in the record's change history). Use cases name these types;
 * the Population table adapter stores them.
 */
import type { Citizen } from './citizen.ts';

/** Who made a change and why: kept in the citizen's change history. */
export interface ChangeContext {
  readonly actor: string;
  readonly action: string;
  readonly reason?: string;
  readonly at: string;
}

export interface StoredCitizen extends Citizen {
  readonly version: number;
}

/** One change of one citizen's record: the record as read, as it is to be, and why. */
export interface CitizenChange {
  readonly before: StoredCitizen;
  readonly after: Citizen;
  readonly change: ChangeContext;
}
