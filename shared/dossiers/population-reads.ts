/**
 * The population registers as one step task reads them: each record, household and list of children read once. A task
 * that auto-approves its step checks it and then applies it in the same invocation, and both read the same people
 * (the household member, the child, the household): without this, a birth group read them 4 times more.
 *
 * Safe because every write a rule makes is conditioned on what it read (a citizen's version, a claim, a PIN not
 * held): a record changed meanwhile fails that write, and the retried task reads afresh. Any write empties the memo,
 * so a rule never reads back its own change from it. Claims and a household's recorded head are never memoised: they
 * decide races.
 */
import type { PopulationPort } from './ports.ts';

export const readOnce = (population: PopulationPort): PopulationPort => {
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const known = reads.get(key) as Promise<T> | undefined;
    if (known) return known;
    const reading = read();
    reads.set(key, reading);
    // A failed read is not remembered: the next caller tries again.
    reading.catch(() => reads.delete(key));
    return reading;
  };
  const writing =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      reads.clear();
      try {
        return await write(...args);
      } finally {
        reads.clear();
      }
    };
  return {
    getCitizen: (pin) => once(`citizen#${pin}`, () => population.getCitizen(pin)),
    listHouseholdMembers: (id) => once(`household#${id}`, () => population.listHouseholdMembers(id)),
    listChildren: (pin) => once(`children#${pin}`, () => population.listChildren(pin)),
    readClaim: (key) => population.readClaim(key),
    // Decides whether a head comes back as head: read afresh, as claims are.
    recordedHeadOf: (householdId) => population.recordedHeadOf(householdId),
    createCitizen: writing(population.createCitizen.bind(population)),
    createWithIssuedPin: writing(population.createWithIssuedPin.bind(population)),
    updateCitizen: writing(population.updateCitizen.bind(population)),
    updateCitizensTogether: writing(population.updateCitizensTogether.bind(population)),
  };
};
