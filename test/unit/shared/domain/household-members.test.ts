import { describe, expect, it } from 'vitest';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { householdCountChanges, withHouseholdCheck } from '../../../../shared/domain/household-members.ts';
import { aCitizen } from '../identity/memory-identity.ts';

const person = (pin: string, extra: Partial<Citizen> = {}): Citizen => aCitizen({ pin, ...extra });

const head = person('001090000001', { householdId: 'A', relationToHead: 'head' });
const spouse = person('001090000002', { householdId: 'A', relationToHead: 'spouse' });
const child = person('001025000003', { birthDate: '2025-03-01' });

describe('householdCountChanges', () => {
  it('counts a living person moving in, on condition that someone still lives there', () => {
    expect(householdCountChanges([{ before: child, after: { ...child, householdId: 'A' } }])).toEqual([
      { householdId: 'A', by: 1, guard: 'joinable' },
    ]);
  });

  it('moves a person between households: out where a count exists, in where someone lives', () => {
    expect(
      householdCountChanges([{ before: spouse, after: { ...spouse, householdId: 'B', relationToHead: 'other' } }]),
    ).toEqual([
      { householdId: 'A', by: -1, guard: 'counted' },
      { householdId: 'B', by: 1, guard: 'joinable' },
    ]);
  });

  it('lets a head leave only with every living member: the count must be those leaving', () => {
    expect(
      householdCountChanges([
        { before: head, after: { ...head, householdId: 'B', relationToHead: 'other' } },
        { before: spouse, after: { ...spouse, householdId: 'B', relationToHead: 'other' } },
      ]),
    ).toEqual([
      { householdId: 'A', by: -2, guard: 'emptied' },
      { householdId: 'B', by: 2, guard: 'joinable' },
    ]);
    // To no household at all (a residence deleted while alive) is leaving too.
    const { householdId: _h, ...withoutHousehold } = head;
    expect(householdCountChanges([{ before: head, after: withoutHousehold }])).toEqual([
      { householdId: 'A', by: -1, guard: 'emptied' },
    ]);
  });

  it("counts a death out without a condition on the head's household (the members choose a new head)", () => {
    expect(householdCountChanges([{ before: head, after: { ...head, status: 'deceased' } }])).toEqual([
      { householdId: 'A', by: -1, guard: 'counted' },
    ]);
    // The residence deleted after the death moves no count: the dead are not counted.
    const { householdId: _h, ...deleted } = head;
    const dead = { ...head, status: 'deceased' as const };
    expect(householdCountChanges([{ before: dead, after: { ...deleted, status: 'deceased' } }])).toEqual([]);
  });

  it('counts a revoked death back in from an existing count, and a record created in its household in any case', () => {
    const { householdId: _h, ...deleted } = spouse;
    expect(householdCountChanges([{ before: { ...deleted, status: 'deceased' }, after: spouse }])).toEqual([
      { householdId: 'A', by: 1, guard: 'counted' },
    ]);
    expect(householdCountChanges([{ after: spouse }])).toEqual([{ householdId: 'A', by: 1 }]);
  });

  it('keeps the strongest condition when one write moves several people of a household', () => {
    const member = person('001090000004', { householdId: 'A', relationToHead: 'child' });
    expect(
      householdCountChanges([
        { before: member, after: { ...member, status: 'deceased' } },
        { before: head, after: { ...head, householdId: 'B', relationToHead: 'other' } },
      ]),
    ).toContainEqual({ householdId: 'A', by: -2, guard: 'emptied' });
  });

  it('moves nothing when the household and the living status stay (a new head chosen, a name corrected)', () => {
    expect(householdCountChanges([{ before: spouse, after: { ...spouse, relationToHead: 'head' } }])).toEqual([]);
    expect(householdCountChanges([{ before: head, after: { ...head, fullName: 'Nguyễn Văn Bình' } }])).toEqual([]);
    expect(householdCountChanges([{ after: child }])).toEqual([]);
  });

  it('refuses one write that would both empty a household and move someone into it', () => {
    expect(() =>
      householdCountChanges([
        { before: head, after: { ...head, householdId: 'B' } },
        { before: child, after: { ...child, householdId: 'A' } },
      ]),
    ).toThrow(/both empty household A/);
  });
});

describe('withHouseholdCheck', () => {
  const moved = [{ householdId: 'H1', by: 1, guard: 'counted' as const }];

  it('adds its own entry for a household the write does not move: exactly `living`, or the count must exist', () => {
    expect(withHouseholdCheck([], { householdId: 'H2', living: 3, recordHead: '001' })).toEqual([
      { householdId: 'H2', by: 0, guard: 'exactly', living: 3, recordHead: '001' },
    ]);
    expect(withHouseholdCheck([], { householdId: 'H2', recordedHead: null })).toEqual([
      { householdId: 'H2', by: 0, guard: 'counted', recordedHead: null },
    ]);
  });

  it("joins the household's own entry when the write moves someone there, keeping its guard", () => {
    expect(withHouseholdCheck(moved, { householdId: 'H1', recordedHead: '002' })).toEqual([
      { householdId: 'H1', by: 1, guard: 'counted', recordedHead: '002' },
    ]);
    expect(withHouseholdCheck(moved, undefined)).toEqual(moved);
  });

  it('refuses to count exactly the members of a household the same write moves', () => {
    expect(() => withHouseholdCheck(moved, { householdId: 'H1', living: 2 })).toThrow(/cannot also count them exactly/);
  });
});
