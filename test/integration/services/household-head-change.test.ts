/**
 * A household's new head on the shared local cloud: a member registers it at POST /v1/me/household-head-changes, the
 * commune police of the household decide in their inbox (province 40, where no other file takes citizens). Bad input
 * is a 4xx naming the field with nothing written; approval writes every changed relation with its history, once, so
 * the household has exactly one head; a second pending change for the household is a 409.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PopulationReader } from '../../../shared/adapters/dynamodb/population-reader.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { testDocumentClient } from '../../support/clients.ts';
import {
  DossierClient,
  householdsToRehead,
  officerCitizens,
  seededPopulation,
  taskId,
} from '../../support/dossiers.ts';

const PROVINCE = '40';
const ROUTE = '/v1/me/household-head-changes';
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

const officers = officerCitizens(population, PROVINCE);
/** The first household of the province with a living head and another living adult, none of them an officer here. */
const household = (() => {
  const found = householdsToRehead(population, PROVINCE, {
    excluded: new Set(officers.slice(0, 2).map((o) => o.pin)),
  })[0];
  if (!found) throw new Error(`No household in province ${PROVINCE} with a head and another adult`);
  return found;
})();

/** The successor heads; the former head stays as `spouse` or `parent` as it fits, the others keep their relation. */
const form = {
  householdId: household.id,
  newHeadPin: household.successor.pin,
  members: household.members
    .filter((m) => m.pin !== household.successor.pin)
    .map((m) => ({
      pin: m.pin,
      relationToHead:
        m.relationToHead === 'head'
          ? household.successor.relationToHead === 'spouse'
            ? 'spouse'
            : 'other'
          : (m.relationToHead ?? 'other'),
    })),
  reason: 'Gia đình thống nhất đề cử người con trưởng làm chủ hộ',
};

const file = async (body: unknown, key: string = randomUUID(), pin = household.successor.pin) =>
  api.call(ROUTE, await api.citizenToken(pin, 2), {
    method: 'POST',
    body: JSON.stringify({ form: body }),
    headers: { 'Idempotency-Key': key },
  });

describe('a change of household head (commune police of the household decide)', () => {
  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const stranger = population.find(
      (c) => c.status === 'alive' && c.householdId !== household.id && c.permanentResidence.provinceCode === PROVINCE,
    ) as Citizen;
    for (const [body, status, field] of [
      [{ ...form, newHeadPin: '12345' }, 400, 'body.form.newHeadPin'],
      [{ ...form, members: [...form.members, form.members[0]] }, 400, 'body.form.members'],
      [{ ...form, newHeadPin: household.head.pin }, 422, 'body.form.newHeadPin'],
      [{ ...form, newHeadPin: stranger.pin }, 422, 'body.form.newHeadPin'],
      [{ ...form, members: form.members.slice(1) }, 422, 'body.form.members'],
      [
        { ...form, members: [{ pin: stranger.pin, relationToHead: 'other' }, ...form.members] },
        422,
        'body.form.members.0.pin',
      ],
    ] as const) {
      const response = await file(body);
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(JSON.stringify(response.body)).toContain(field);
    }
    // Someone of another household cannot file it.
    const outsider = await file(form, randomUUID(), stranger.pin);
    expect(outsider.status).toBe(422);
    expect(JSON.stringify(outsider.body)).toContain('body.form.householdId');
    expect(await api.dossiersOf(household.successor.pin)).toEqual([]);
    expect(await api.dossiersOf(stranger.pin)).toEqual([]);
  });

  it('on approval writes the new relations once, with their history: one head', async () => {
    const key = randomUUID();
    const filed = await file(form, key);
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    const id = String(filed.body.id);
    const replay = await file(form, key);
    expect(replay.body.id).toBe(id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // Another member files the same change: the household has one pending.
    const other = household.members.find((m) => m.pin !== household.successor.pin) as Citizen;
    expect((await file(form, randomUUID(), other.pin)).status).toBe(409);

    const task = taskId(id, 'ServiceDecision');
    const officer = await api.officerToken(officers[0]?.pin ?? '', {
      agency: 'police',
      role: 'officer',
      provinceCode: PROVINCE,
      communeCode: household.head.permanentResidence.communeCode,
    });
    const waiting = await api.waitForTask(officer, task);
    expect(waiting.findings).toContainEqual(expect.objectContaining({ check: 'members-agree', passed: false }));
    expect((await api.approve(officer, task)).status).toBe(200);
    const done = await api.waitForStatus(id, household.successor.pin, 'completed');
    expect(done.steps[0]?.result).toMatchObject({ householdId: household.id, newHeadPin: household.successor.pin });

    const after = await Promise.all(household.members.map((m) => api.citizen(m.pin)));
    expect(after.filter((c) => c?.relationToHead === 'head').map((c) => c?.pin)).toEqual([household.successor.pin]);
    // And on the household's count, where a revoked death of a former head reads it before the index shows it.
    expect(await new PopulationReader(testDocumentClient(), 'Population').recordedHeadOf(household.id)).toBe(
      household.successor.pin,
    );
    for (const m of form.members) {
      expect((await api.citizen(m.pin))?.relationToHead).toBe(m.relationToHead);
    }
    // Those whose relation changed, and only they, have a history entry: the new head and the former one (the others
    // keep the relation they had).
    const histories = async () =>
      (
        await Promise.all(
          household.members.map(async (m) =>
            (
              await api.history(m.pin)
            )
              .filter((h) => h.action === 'household-head-changed')
              .map((h) => ({ pin: m.pin, reason: h.reason })),
          ),
        )
      ).flat();
    const written = await histories();
    expect(written.map((h) => h.pin).sort()).toEqual([household.head.pin, household.successor.pin].sort());
    expect(written.every((h) => String(h.reason).startsWith(`dossier ${id}: `))).toBe(true);

    // Deciding again (a retried request) writes nothing twice.
    expect((await api.approve(officer, task)).status).toBe(200);
    expect(await histories()).toHaveLength(written.length);
  });
});
