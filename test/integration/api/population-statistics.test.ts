import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { vietnamMonth } from '../../../shared/domain/clock.ts';
import { fiveYearAgeGroup } from '../../../shared/domain/dates.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { ageAtEndOfMonth } from '../../../shared/statistics/population-statistics.ts';
import { getJson, scanCitizens, testDocumentClient } from '../../support/clients.ts';

const api = inject('apiUrl');
const client = testDocumentClient();
const store = new PopulationStore(client, 'Population');
const change = (action: string) => ({ actor: 'test', action, at: new Date().toISOString() });

interface Stats {
  total: number;
  bySex: { male: number; female: number; total: number };
  byAgeGroup: Record<string, { male: number; female: number; total: number }>;
  provinces: Array<{
    code: string;
    total: number;
    bySex: { male: number; female: number };
    byAgeGroup: Record<string, { total: number }>;
  }>;
}

/** Counts computed from a full scan, the way the statistics define them. */
const expectedFromScan = async () => {
  const month = vietnamMonth(new Date());
  const living = (await scanCitizens(client)).filter((c) => c.status === 'alive');
  const byProvince = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const c of living) {
    const p = c.permanentResidence.provinceCode;
    byProvince.set(p, (byProvince.get(p) ?? 0) + 1);
    const group = fiveYearAgeGroup(Math.max(0, ageAtEndOfMonth(c.birthDate.slice(0, 7), month)));
    byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
  }
  return {
    total: living.length,
    male: living.filter((c) => c.sex === 'male').length,
    byProvince,
    byGroup,
  };
};

const statistics = async (query = '') =>
  (await getJson(`${api}/v1/statistics/population${query}`)).body as unknown as Stats;

const expectConsistent = async () => {
  const [stats, truth] = await Promise.all([statistics(), expectedFromScan()]);
  expect(stats.total).toBe(truth.total);
  expect(stats.bySex.male).toBe(truth.male);
  for (const province of stats.provinces)
    expect(province.total, `province ${province.code}`).toBe(truth.byProvince.get(province.code) ?? 0);
  for (const [group, counts] of Object.entries(stats.byAgeGroup))
    expect(counts.total, `age group ${group}`).toBe(truth.byGroup.get(group) ?? 0);
};

const newborn = (pin: string, provinceCode: string, communeCode: string): Citizen => ({
  pin,
  fullName: 'Nguyễn Thị Thử',
  sex: 'female',
  birthDate: '2026-01-15',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { communeCode, provinceCode, addressLine: 'Số 1, Tổ dân phố 1', since: '2026-01-15' },
});

describe('GET /v1/statistics/population', () => {
  let before: Stats;
  beforeAll(async () => {
    before = await statistics();
  });
  afterAll(() => client.destroy());

  it('counts the seeded living population by province, sex and age group, exactly as a full scan does', async () => {
    expect(before.total).toBeGreaterThan(inject('seededCitizens') * 0.97);
    expect(before.provinces).toHaveLength(34);
    expect(before.provinces.reduce((sum, p) => sum + p.total, 0)).toBe(before.total);
    await expectConsistent();
  });

  it('lists one province when asked and keeps the national total', async () => {
    const { status, body } = await getJson(`${api}/v1/statistics/population?province=37`);
    expect(status).toBe(200);
    const stats = body as unknown as Stats;
    expect(stats.provinces.map((p) => p.code)).toEqual(['37']);
    expect(stats.total).toBe(before.total);
  });

  it.each([
    ['an unknown province', '?province=99'],
    ['a legacy 3-digit code', '?province=001'],
    ['an empty code', '?province='],
    ['an unknown parameter', '?provnce=01'],
  ])('rejects %s with a 400 that says what to send', async (_, query) => {
    const { status, body } = await getJson(`${api}/v1/statistics/population${query}`);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/province/i);
  });

  it('stays consistent with the records after births, deaths, moves and a reversal', async () => {
    const born = newborn('001326499001', '01', '00070');
    await store.createCitizen(born, change('register-birth'));
    const moved = await store.getCitizen(born.pin);
    if (!moved) throw new Error('citizen missing');
    const relocated = await store.updateCitizen(
      moved,
      {
        ...moved,
        permanentResidence: { communeCode: '26734', provinceCode: '79', addressLine: 'Số 2', since: '2026-02-01' },
      },
      change('register-permanent-residence'),
    );
    const dead = await store.updateCitizen(
      relocated,
      { ...relocated, status: 'deceased', deathDate: '2026-03-01' },
      change('register-death'),
    );
    await store.updateCitizen(
      dead,
      { ...dead, status: 'alive', deathDate: undefined },
      change('revoke-death-registration'),
    );
    const after = await statistics();
    expect(after.total).toBe(before.total + 1);
    expect(after.provinces.find((p) => p.code === '79')?.total).toBe(
      (before.provinces.find((p) => p.code === '79')?.total ?? 0) + 1,
    );
    expect(after.provinces.find((p) => p.code === '01')?.total).toBe(
      before.provinces.find((p) => p.code === '01')?.total,
    );
    expect((await store.history(born.pin)).map((h) => h.action)).toEqual([
      'register-birth',
      'register-permanent-residence',
      'register-death',
      'revoke-death-registration',
    ]);
    await expectConsistent();
  });

  it('counts concurrent births in one province exactly once each', async () => {
    const start = (await statistics('?province=37')).provinces[0]?.total ?? 0;
    // Serials below the seed's (500,001+) and far above what the live PIN issuer (from 1) reaches in a test run.
    const pins = Array.from({ length: 40 }, (_, i) => `037326${String(499_100 + i).padStart(6, '0')}`);
    await Promise.all(pins.map((pin) => store.createCitizen(newborn(pin, '37', '14308'), change('register-birth'))));
    expect((await statistics('?province=37')).provinces[0]?.total).toBe(start + 40);
    await expectConsistent();
  });

  it('changes nothing when the same PIN is created twice or a stale record is written', async () => {
    const born = newborn('001326499777', '01', '00070');
    await store.createCitizen(born, change('register-birth'));
    const snapshot = await statistics();
    await expect(store.createCitizen(born, change('register-birth'))).rejects.toBeInstanceOf(ConflictError);
    const current = await store.getCitizen(born.pin);
    if (!current) throw new Error('citizen missing');
    await store.updateCitizen(current, { ...current, fullName: 'Nguyễn Thị Thử Hai' }, change('correct-name'));
    await expect(
      store.updateCitizen(
        current,
        { ...current, status: 'deceased', deathDate: '2026-03-01' },
        change('register-death'),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await statistics()).total).toBe(snapshot.total);
    await expectConsistent();
  });

  it('moves several people in one write, or none of them when one record changed meanwhile', async () => {
    const pins = ['001326499801', '001326499802'];
    for (const pin of pins) await store.createCitizen(newborn(pin, '01', '00070'), change('register-birth'));
    const missing = (pin: string): never => {
      throw new Error(`citizen ${pin} missing`);
    };
    const read = async () => Promise.all(pins.map(async (pin) => (await store.getCitizen(pin)) ?? missing(pin)));
    const move = (c: Awaited<ReturnType<typeof read>>[number]) => ({
      before: c,
      after: {
        ...c,
        permanentResidence: { communeCode: '26734', provinceCode: '79', addressLine: 'Số 3', since: '2026-02-01' },
      },
      change: change('register-permanent-residence'),
    });
    const [first, second] = await read();
    if (!first || !second) throw new Error('citizens missing');
    // The second record changes after it was read: the move of both is refused, and neither record, nor its history,
    // nor the statistics moves.
    await store.updateCitizen(second, { ...second, fullName: 'Nguyễn Thị Đổi' }, change('correct-name'));
    const snapshot = await statistics();
    const refused = store.updateCitizensTogether([move(first), move(second)]);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    // DynamoDB's cancellation reasons name the record that changed, not the one that did not.
    await expect(refused).rejects.toThrow(`The record of ${second.pin} changed meanwhile`);
    expect((await read()).map((c) => c.permanentResidence.provinceCode)).toEqual(['01', '01']);
    expect((await store.history(first.pin)).map((h) => h.action)).toEqual(['register-birth']);
    const totals = (stats: Stats) => [stats.total, ...stats.provinces.map((p) => `${p.code}:${p.total}`)];
    expect(totals(await statistics())).toEqual(totals(snapshot));

    const moved = await store.updateCitizensTogether((await read()).map(move));
    expect(moved.map((c) => c.version)).toEqual([2, 3]);
    expect((await read()).map((c) => c.permanentResidence.provinceCode)).toEqual(['79', '79']);
    expect((await store.history(second.pin)).map((h) => h.action)).toEqual([
      'register-birth',
      'correct-name',
      'register-permanent-residence',
    ]);
    expect((await statistics('?province=79')).provinces[0]?.total).toBe(
      (snapshot.provinces.find((p) => p.code === '79')?.total ?? 0) + 2,
    );
    await expectConsistent();
  });
});
