/**
 * How many living members each household has, kept exact in the same write as every change that moves a person in
 * or out, so that two rules hold however approvals interleave:
 * - a head leaves a household only with everyone who lives in it (the members who stay choose a new head first), so a
 *   head's move never leaves members without a head (a head's death does, until they choose one; so may a revoked
 *   death, which puts the person back where they were);
 * - a living person joins a household only while someone still lives in it, so nobody joins a household that its
 *   last members just left.
 *
 * The list of members comes from an index that lags behind writes, so a rule that reads it cannot see a member who
 * joined a moment ago; the count is written with every move and checked by the write itself.
 */
import type { Citizen } from './citizen.ts';

export type HouseholdGuard = 'emptied' | 'joinable' | 'counted' | 'exactly';

/** What one write does to one household's count of living members. */
export interface HouseholdCountChange {
  readonly householdId: string;
  /** The net change (negative when members leave or die). */
  readonly by: number;
  /**
   * `emptied`: the head leaves, so the count must equal the number of living members this write takes out.
   * `joinable`: a living person moves in, so the count must be above zero.
   * `counted`: any other change of a record that exists (a member moves out or dies, a death is revoked): the count
   * must exist, so a household that was never counted is not counted from here on as if it had no one else.
   * `exactly`: nobody moves, but the write holds only while the household has `living` living members (a change of
   * household head names every member: someone who joined or left since makes it wrong).
   * None: records created in their household (seeding, tests) start or increase the count.
   */
  readonly guard?: HouseholdGuard;
  /** With `exactly`: the number of living members the write was judged on. */
  readonly living?: number;
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
  const guards = new Map<string, HouseholdGuard>();
  const guard = (householdId: string, kind: HouseholdGuard) => {
    const existing = guards.get(householdId);
    if (existing === undefined || existing === 'counted') {
      guards.set(householdId, kind);
    } else if (kind !== 'counted' && kind !== existing) {
      throw new Error(`One write may not both empty household ${householdId} and move someone into it.`);
    }
  };
  for (const { before, after } of changes) {
    const from = countedIn(before);
    const to = countedIn(after);
    if (from === to) continue;
    if (from !== undefined) {
      by.set(from, (by.get(from) ?? 0) - 1);
      // The head moves out, to another household or to none (a head's death is not a move: the members stay and
      // choose a new head).
      guard(from, before?.relationToHead === 'head' && after.status === 'alive' ? 'emptied' : 'counted');
    }
    if (to !== undefined) {
      by.set(to, (by.get(to) ?? 0) + 1);
      // A living person moves in. A death revoked (the person is put back where they were) is not a move, and a record
      // created in its household (seeding, tests) is not a change of an existing one.
      if (before?.status === 'alive') guard(to, 'joinable');
      else if (before !== undefined) guard(to, 'counted');
    }
  }
  return [...by.entries()].flatMap(([householdId, n]) => {
    const kind = guards.get(householdId);
    if (n === 0 && !kind) return [];
    return [{ householdId, by: n, ...(kind ? { guard: kind } : {}) }];
  });
};
