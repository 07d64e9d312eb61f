/**
 * The count of each household's living members, on DynamoDB Local: it closes the race in which a head leaves a
 * household (judged from the members index, which lags behind writes) while someone joins it, and the one in which
 * someone joins a household its last members just left. Either way one write wins and the other is refused whole.
 */
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { backfillHouseholdCounts } from '../../../infra/local/household-counts-cli.ts';
import { writeHouseholdCounts } from '../../../shared/adapters/dynamodb/household-counts.ts';
import { householdCountKey } from '../../../shared/adapters/dynamodb/population-counters.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { composePin } from '../../../shared/domain/pin.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';
import { testDocumentClient } from '../../support/clients.ts';

const client = testDocumentClient();
const store = new PopulationStore(client, 'Population');
const change = (action: string) => ({ actor: 'test', action, at: new Date().toISOString() });
const run = Date.now() % 40_000;
let serial = 0;

/** A citizen of this test alone (serials far above the seed's, which start at 500,001). */
const person = (householdId: string | undefined, relationToHead?: Citizen['relationToHead']): Citizen => ({
  pin: composePin({ legacyProvinceCode: '001', sex: 'male', birthYear: 1951, serial: 900_000 + run + serial++ }),
  fullName: 'Trần Văn Thử',
  sex: 'male',
  birthDate: '1951-05-01',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { communeCode: '00070', provinceCode: '01', addressLine: 'Số 1', since: '2020-01-01' },
  ...(householdId ? { householdId } : {}),
  ...(relationToHead ? { relationToHead } : {}),
});

const household = (name: string) => `T${run}${name}`;

const created = async (citizen: Citizen) => {
  await store.createCitizen(citizen, change('test-created'));
  const stored = await store.getCitizen(citizen.pin);
  if (!stored) throw new Error('not created');
  return stored;
};

const living = async (householdId: string) => {
  const { Item } = await client.send(
    new GetCommand({ TableName: 'Population', Key: householdCountKey(householdId), ConsistentRead: true }),
  );
  return Item?.living as number | undefined;
};

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return (error as Error).message;
};

afterAll(() => client.destroy());

describe('the count of living members of a household', () => {
  it('refuses a head who leaves after someone joined, though the members were read before the join', async () => {
    const home = household('A');
    const head = await created(person(home, 'head'));
    const other = await created(person(household('B'), 'head'));
    const newcomer = await created(person(undefined));
    expect(await living(home)).toBe(1);

    // The head's move was judged while the head lived alone; a newcomer joins before it is written.
    const leaving = { ...head, householdId: other.householdId, relationToHead: 'other' as const };
    await store.updateCitizen(newcomer, { ...newcomer, householdId: home, relationToHead: 'child' }, change('join'));
    expect(await living(home)).toBe(2);

    const message = await refusal(
      store.updateCitizensTogether([{ before: head, after: leaving, change: change('leave') }]),
    );
    expect(message).toMatch(new RegExp(`Household ${home} has living members who do not move with its head`));
    expect((await store.getCitizen(head.pin))?.householdId).toBe(home);
    expect(await living(home)).toBe(2);
    expect(await living(household('B'))).toBe(1);

    // Moving together with the one who joined empties the household in one write.
    const joined = await store.getCitizen(newcomer.pin);
    if (!joined) throw new Error('gone');
    await store.updateCitizensTogether([
      { before: head, after: leaving, change: change('leave') },
      {
        before: joined,
        after: { ...joined, householdId: other.householdId, relationToHead: 'other' },
        change: change('leave'),
      },
    ]);
    expect(await living(home)).toBe(0);
    expect(await living(household('B'))).toBe(3);
  });

  it('refuses someone who joins a household whose last member just left', async () => {
    const home = household('C');
    const head = await created(person(home, 'head'));
    const other = await created(person(household('D'), 'head'));
    const newcomer = await created(person(undefined));

    await store.updateCitizen(
      head,
      { ...head, householdId: other.householdId, relationToHead: 'other' },
      change('leave'),
    );
    const message = await refusal(
      store.updateCitizen(newcomer, { ...newcomer, householdId: home, relationToHead: 'child' }, change('join')),
    );
    expect(message).toMatch(new RegExp(`Household ${home} has nobody living in it any more`));
    expect((await store.getCitizen(newcomer.pin))?.householdId).toBeUndefined();
    expect(await living(home)).toBe(0);
  });

  it('refuses a change of head judged on members that someone has joined since, and writes it when they match', async () => {
    const home = household('K');
    const head = await created(person(home, 'head'));
    const spouse = await created(person(home, 'spouse'));
    const newHead = [
      { before: head, after: { ...head, relationToHead: 'spouse' as const }, change: change('head-changed') },
      { before: spouse, after: { ...spouse, relationToHead: 'head' as const }, change: change('head-changed') },
    ];
    // Judged on two members; a third joins before the write (the members index may not show them yet).
    await created(person(home, 'child'));
    const message = await refusal(store.updateCitizensTogether(newHead, { householdId: home, living: 2 }));
    expect(message).toMatch(new RegExp(`Household ${home} no longer has the 2 living members the change names`));
    expect((await store.getCitizen(spouse.pin))?.relationToHead).toBe('spouse');
    expect(await living(home)).toBe(3);
    await store.updateCitizensTogether(newHead, { householdId: home, living: 3 });
    expect((await store.getCitizen(spouse.pin))?.relationToHead).toBe('head');
    expect((await store.getCitizen(head.pin))?.relationToHead).toBe('spouse');
    expect(await living(home)).toBe(3);
  });

  it('records the head a change of head names, and holds a head put back by a revoked death to it', async () => {
    const home = household('L');
    const head = await created(person(home, 'head'));
    const spouse = await created(person(home, 'spouse'));
    expect(await store.recordedHeadOf(home)).toBeUndefined();
    const dead = await store.updateCitizen(
      head,
      { ...head, status: 'deceased', deathDate: '2026-01-02' },
      change('death'),
    );
    // The family registers the spouse as head; the count records them.
    await store.updateCitizensTogether(
      [{ before: spouse, after: { ...spouse, relationToHead: 'head' }, change: change('head-changed') }],
      { householdId: home, living: 1, recordHead: spouse.pin },
    );
    expect(await store.recordedHeadOf(home)).toBe(spouse.pin);
    expect(await living(home)).toBe(1);

    // A revocation that read no recorded head (just before the change) and puts the head back is refused whole.
    const { deathDate: _d, ...alive } = { ...dead, status: 'alive' as const };
    const message = await refusal(
      store.updateCitizen(dead, alive, change('death-revoked'), { householdId: home, recordedHead: null }),
    );
    expect(message).toMatch(new RegExp(`Household ${home} registered ${spouse.pin} as its head since this was read`));
    expect((await store.getCitizen(head.pin))?.status).toBe('deceased');
    expect(await living(home)).toBe(1);

    // Read again: the person comes back as a member, on condition of the head recorded now.
    await store.updateCitizen(dead, { ...alive, relationToHead: 'other' }, change('death-revoked'), {
      householdId: home,
      recordedHead: spouse.pin,
    });
    expect(await living(home)).toBe(2);
    // A recount (`households:backfill --overwrite`) sets the count and keeps the recorded head.
    await writeHouseholdCounts(client, 'Population', new Map([[home, 2]]));
    expect(await store.recordedHeadOf(home)).toBe(spouse.pin);
    expect(await living(home)).toBe(2);
  });

  it('counts a death out and a revoked death back in, and lets the members stay without their head', async () => {
    const home = household('E');
    const head = await created(person(home, 'head'));
    await created(person(home, 'spouse'));
    const dead = await store.updateCitizen(head, { ...head, status: 'deceased' }, change('death'));
    expect(await living(home)).toBe(1);
    await store.updateCitizen(dead, { ...dead, status: 'alive' }, change('death-revoked'));
    expect(await living(home)).toBe(2);
  });

  it('counts a household that has none from its members on first touch, then judges the change by that count', async () => {
    // Records older than the counts: a change counts their household once and goes on; no backfill is needed first.
    const home = household('F');
    const first = await created(person(home, 'head'));
    const second = await created(person(home, 'spouse'));
    const gone = await created(person(home, 'child'));
    await store.updateCitizen(gone, { ...gone, status: 'deceased', deathDate: '2026-01-02' }, change('death'));
    await client.send(new DeleteCommand({ TableName: 'Population', Key: householdCountKey(home) }));
    const elsewhere = household('G');
    await created(person(elsewhere, 'head'));
    await client.send(new DeleteCommand({ TableName: 'Population', Key: householdCountKey(elsewhere) }));

    await store.updateCitizen(second, { ...second, householdId: elsewhere, relationToHead: 'other' }, change('move'));
    expect(await living(home)).toBe(1); // the head; the dead child is not counted
    expect(await living(elsewhere)).toBe(2);

    // A head whose members stay is refused by the count made on first touch, as by any other.
    const other = household('H');
    const head = await created(person(other, 'head'));
    await created(person(other, 'child'));
    await client.send(new DeleteCommand({ TableName: 'Population', Key: householdCountKey(other) }));
    const message = await refusal(
      store.updateCitizen(head, { ...head, householdId: elsewhere, relationToHead: 'other' }, change('move')),
    );
    expect(message).toMatch(new RegExp(`Household ${other} has living members who do not move with its head`));
    expect(await living(other)).toBe(2);

    // The same head moving into a household that has no count: that one is counted, and the refusal is the real one.
    const uncounted = household('J');
    await created(person(uncounted, 'head'));
    await client.send(new DeleteCommand({ TableName: 'Population', Key: householdCountKey(uncounted) }));
    const mixed = await refusal(
      store.updateCitizen(head, { ...head, householdId: uncounted, relationToHead: 'other' }, change('move')),
    );
    expect(mixed).toMatch(new RegExp(`Household ${other} has living members who do not move with its head`));
    expect(mixed).not.toContain(uncounted);
    expect(await living(uncounted)).toBe(1);
    expect((await store.getCitizen(head.pin))?.householdId).toBe(other);
    expect((await store.getCitizen(first.pin))?.householdId).toBe(home);
  });

  it('the backfill writes the counts that are missing and leaves every other as it is', async () => {
    await client.send(new DeleteCommand({ TableName: 'Population', Key: householdCountKey(household('E')) }));
    const { households, written } = await backfillHouseholdCounts(client, 'Population');
    // E alone: every other household, this test's included, has its count.
    expect(written).toBe(1);
    expect(households).toBeGreaterThan(inject('seededCitizens') / 10);
    expect(await living(household('E'))).toBe(2); // its head's death was revoked
  });

  it('lists the members as their records are now, and a change that keeps a household writes nothing to its index', async () => {
    const home = household('Listed');
    const head = await created(person(home, 'head'));
    const child = await created(person(home, 'child'));
    /** Per write request: how many indexes it wrote. */
    const indexUnits: number[] = [];
    const metered = testDocumentClient();
    metered.middlewareStack.add(
      (next, context) => async (args) => {
        const write = /Transact|Put|Update/.test(String(context.commandName));
        if (write) (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
        const result = await next(args);
        // A transaction answers a list (one entry a table), a single write one entry.
        const consumed = [(result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity ?? []].flat() as {
          GlobalSecondaryIndexes?: object;
        }[];
        if (write) indexUnits.push(consumed.flatMap((c) => Object.keys(c.GlobalSecondaryIndexes ?? {})).length);
        return result;
      },
      { step: 'initialize', name: 'indexUnits' },
    );
    const meteredStore = new PopulationStore(metered, 'Population');
    await meteredStore.updateCitizen(child, { ...child, fullName: 'Trần Văn Đổi' }, change('correction'));
    expect(indexUnits).toEqual([0]);
    expect((await store.listHouseholdMembers(home)).map((m) => [m.pin, m.fullName, m.version])).toEqual(
      [
        [head.pin, head.fullName, 1],
        [child.pin, 'Trần Văn Đổi', 2],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    // Moving the child out writes the index (its keys change); the list follows the records.
    await created(person(household('ListedElsewhere'), 'head'));
    const renamed = await store.getCitizen(child.pin);
    if (!renamed) throw new Error('gone');
    await meteredStore.updateCitizen(
      renamed,
      { ...renamed, householdId: household('ListedElsewhere') },
      change('move'),
    );
    expect(indexUnits.at(-1)).toBe(1);
    expect((await store.listHouseholdMembers(home)).map((m) => m.pin)).toEqual([head.pin]);
  });

  it('is seeded for every seeded household: the living members the seed wrote', async () => {
    const seeded = syntheticCitizens({ communesOfProvince, names: NAME_CORPUS }, 0, 200);
    const ids = [...new Set(seeded.flatMap((c) => (c.householdId ? [c.householdId] : [])))].slice(0, 20);
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const members = await store.listHouseholdMembers(id);
      expect(await living(id), id).toBe(members.filter((m) => m.status === 'alive').length);
    }
    expect(inject('seededCitizens')).toBeGreaterThan(200);
  });
});
