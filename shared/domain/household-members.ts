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
  /**
   * The write holds only while the head that the household's last change of head recorded on its count is still this
   * one (`null`: none recorded). A revoked death that puts a head back holds only while nobody was made head since.
   */
  readonly recordedHead?: string | null;
  /** Records this person on the count as the household's head (a change of head approved). */
  readonly recordHead?: string;
}

/**
 * What a write of citizens also holds to, or records, on one household's count, beside the moves it makes: exactly
 * `living` living members (a change of head names every member), the head recorded there (`recordedHead`, as read),
 * and the head it records (`recordHead`). The index of members lags behind writes; the count is read and written
 * strongly consistent, in the same transaction as the records.
 */
export interface HouseholdCheck {
  readonly householdId: string;
  readonly living?: number;
  readonly recordedHead?: string | null;
  readonly recordHead?: string;
}

/**
 * The household count changes of a write with its check merged in: the check's conditions join the household's own
 * entry when the write moves someone in or out of it, or make an entry of their own (`exactly` when `living` is
 * given, `counted` otherwise: the count must exist). A `living` check on a household the write moves is refused,
 * as no procedure judges a household on its members and moves them in the same write.
 */
export const withHouseholdCheck = (
  moved: readonly HouseholdCountChange[],
  check: HouseholdCheck | undefined,
): HouseholdCountChange[] => {
  if (!check) return [...moved];
  const extra = {
    ...(check.recordedHead !== undefined ? { recordedHead: check.recordedHead } : {}),
    ...(check.recordHead !== undefined ? { recordHead: check.recordHead } : {}),
  };
  const own = moved.find((h) => h.householdId === check.householdId);
  if (own) {
    if (check.living !== undefined) {
      throw new Error(`A write that moves members of household ${check.householdId} cannot also count them exactly.`);
    }
    return moved.map((h) => (h === own ? { ...h, ...extra } : h));
  }
  return [
    ...moved,
    {
      householdId: check.householdId,
      by: 0,
      ...(check.living !== undefined
        ? { guard: 'exactly' as const, living: check.living }
        : { guard: 'counted' as const }),
      ...extra,
    },
  ];
};

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
