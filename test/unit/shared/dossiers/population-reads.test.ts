import { describe, expect, it, vi } from 'vitest';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { readOnce } from '../../../../shared/dossiers/population-reads.ts';
import { MemoryPopulation } from './fakes.ts';

const person: Citizen = {
  pin: '001190000001',
  fullName: 'Nguyễn Văn An',
  sex: 'male',
  birthDate: '1990-01-01',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  householdId: '01000000001',
  permanentResidence: { provinceCode: '01', communeCode: '00004', addressLine: 'Số 1', since: '2010-01-01' },
};
const change = { actor: 'system', action: 'test', at: '2026-12-06T00:00:00.000Z' };

const setUp = () => {
  const population = new MemoryPopulation([person]);
  const spies = {
    getCitizen: vi.spyOn(population, 'getCitizen'),
    listHouseholdMembers: vi.spyOn(population, 'listHouseholdMembers'),
    readClaim: vi.spyOn(population, 'readClaim'),
  };
  return { population, spies, reads: readOnce(population) };
};

describe("readOnce: a step task's reads of the population registers", () => {
  it('reads each record and household once, even when asked at the same time', async () => {
    const { reads, spies } = setUp();
    const [a, b] = await Promise.all([reads.getCitizen(person.pin), reads.getCitizen(person.pin)]);
    expect(a?.fullName).toBe('Nguyễn Văn An');
    expect(b).toBe(a);
    await reads.listHouseholdMembers('01000000001');
    await reads.listHouseholdMembers('01000000001');
    expect(spies.getCitizen).toHaveBeenCalledTimes(1);
    expect(spies.listHouseholdMembers).toHaveBeenCalledTimes(1);
  });

  it('forgets every read on a write, so a rule reads its own change back from the store', async () => {
    const { reads, spies } = setUp();
    const before = await reads.getCitizen(person.pin);
    if (!before) throw new Error('seeded');
    const { version: _v, ...record } = before;
    await reads.updateCitizen(before, { ...record, fullName: 'Nguyễn Văn Bình' }, change);
    expect((await reads.getCitizen(person.pin))?.fullName).toBe('Nguyễn Văn Bình');
    expect(spies.getCitizen).toHaveBeenCalledTimes(2);
  });

  it('a write conditioned on a stale read still fails (the memo never hides a concurrent change)', async () => {
    const { reads, population } = setUp();
    const read = await reads.getCitizen(person.pin);
    if (!read) throw new Error('seeded');
    const { version: _v, ...record } = read;
    // Someone else changes the record after this task read it.
    await population.updateCitizen(read, { ...record, fullName: 'Người khác' }, change);
    await expect(reads.updateCitizen(read, { ...record, fullName: 'Nguyễn Văn Bình' }, change)).rejects.toThrow(
      /changed meanwhile/,
    );
  });

  it('does not remember a failed read, and never memoises claims (they decide races)', async () => {
    const { reads, spies, population } = setUp();
    spies.getCitizen.mockRejectedValueOnce(new Error('throttled'));
    await expect(reads.getCitizen(person.pin)).rejects.toThrow('throttled');
    expect((await reads.getCitizen(person.pin))?.pin).toBe(person.pin);
    expect(await reads.readClaim('BIRTH#x')).toBeUndefined();
    population.claims.set('BIRTH#x', '001226000001');
    expect(await reads.readClaim('BIRTH#x')).toBe('001226000001');
    expect(spies.readClaim).toHaveBeenCalledTimes(2);
  });
});
