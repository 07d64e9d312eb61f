/**
 * How many living members each household has, kept exact in the same write as every change that moves a person in
 * or out, so that two rules hold however approvals interleave:
 * - a head leaves a household only with everyone who lives in it (Law on Residence 2020, art. 25: the remaining
 *   members choose a new head first), so a household is never left with members and no head by a head's move;
 * - a living person joins a household only while someone still lives in it, so nobody joins a household that its
 *   last members just left.
 *
 * The list of members comes from an index that lags behind writes, so a rule that reads it cannot see a member who
 * joined a moment ago; the count is written with every move and checked by the write itself.
 */
import type { Citizen } from './citizen.ts';

/** What one write does to one household's count of living members. */
export interface HouseholdCountChange {
  readonly householdId: string;
  /** The net change (negative when members leave or die). */
  readonly by: number;
  /**
   * `emptied`: the head leaves, so the count must equal the number of living members this write takes out.
   * `joinable`: a living person moves in, so the count must be above zero.
   */
  readonly guard?: 'emptied' | 'joinable';
}

/** The household a citizen counts in: a living person's household, none for the dead. */
const countedIn = (citizen: Citizen | undefined): string | undefined =>
  citizen?.status === 'alive' ? citizen.householdId : undefined;

/**
 * The household counts a write of these changes moves, one entry per household (a write touches an item once), none
 * for a household whose count does not change.
 * `before` is absent for a citizen being created. Throws when one write would both empty a household and move
 * someone into it, which no procedure does.
 */
export const householdCountChanges = (
  changes: readonly { readonly before?: Citizen; readonly after: Citizen }[],
): HouseholdCountChange[] => {
  const by = new Map<string, number>();
  const guards = new Map<string, 'emptied' | 'joinable'>();
  const guard = (householdId: string, kind: 'emptied' | 'joinable') => {
    const existing = guards.get(householdId);
    if (existing && existing !== kind) {
      throw new Error(`One write may not both empty household ${householdId} and move someone into it.`);
    }
    guards.set(householdId, kind);
  };
  for (const { before, after } of changes) {
    const from = countedIn(before);
    const to = countedIn(after);
    if (from === to) continue;
    if (from !== undefined) {
      by.set(from, (by.get(from) ?? 0) - 1);
      // The head moves out, to another household or to none (a head's death is not a move: the members stay and
      // choose a new head).
      if (before?.relationToHead === 'head' && after.status === 'alive') guard(from, 'emptied');
    }
    if (to !== undefined) {
      by.set(to, (by.get(to) ?? 0) + 1);
      // A living person moves in. A record created with its household (seeding, tests) and a death revoked (the
      // person is put back where they were) are not moves.
      if (before?.status === 'alive') guard(to, 'joinable');
    }
  }
  return [...by.entries()].flatMap(([householdId, n]) => {
    const kind = guards.get(householdId);
    if (n === 0 && !kind) return [];
    return [{ householdId, by: n, ...(kind ? { guard: kind } : {}) }];
  });
};
