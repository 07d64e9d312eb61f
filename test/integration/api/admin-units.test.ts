/**
 * GET /v1/admin-units/resolve (public) and the dates of residence reads (GET /v1/me?date=), against the local cloud.
 */
import { describe, expect, inject, it } from 'vitest';
import { ResolveResponseSchema } from '../../../shared/admin-units/resolve-schemas.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import { predecessorsOf } from '../../../shared/domain/admin-units/legacy-communes.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';
import { getJson } from '../../support/clients.ts';
import { call, citizenToken } from '../../support/tokens.ts';

const api = inject('apiUrl');
const resolve = (query: string) => getJson(`${api}/v1/admin-units/resolve${query}`);

describe('GET /v1/admin-units/resolve', () => {
  it('answers the old ward for a day before 1 July 2025, without a token', async () => {
    const { status, body, headers } = await resolve('?legacyCode=00061&date=2025-06-30');

    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=3600');
    const answer = ResolveResponseSchema.parse(body);
    expect(answer).toMatchObject({ inForce: 'legacy', units: [], legacy: { fullName: 'Phường Hàng Bạc' } });
  });

  it('answers the unit an old address belongs to from 1 July 2025', async () => {
    const { body } = await resolve('?legacyCode=00061&date=2025-07-01');

    expect(ResolveResponseSchema.parse(body).units.map((u) => u.fullName)).toEqual(['Phường Hoàn Kiếm']);
  });

  it('answers every unit of a divided commune, and the version in force on the date', async () => {
    const divided = ResolveResponseSchema.parse((await resolve('?legacyCode=00007&date=2025-09-01')).body);
    expect(divided.split).toBe(true);
    expect(divided.units.map((u) => u.code)).toEqual(['00008', '00025']);

    const renamed = ResolveResponseSchema.parse((await resolve('?legacyCode=26470&date=2026-05-01')).body);
    expect(renamed.units.map((u) => u.fullName)).toEqual(['Phường Nhơn Trạch']);
  });

  it('answers for today when no date is given', async () => {
    const { status, body } = await resolve('?legacyCode=31771');

    expect(status).toBe(200);
    expect(ResolveResponseSchema.parse(body).units.map((u) => u.fullName)).toEqual(['Xã Vĩnh Lợi']);
  });

  it.each([
    ['?legacyCode=61', 'query.legacyCode'],
    ['?legacyCode=00061&date=2025-02-29', 'query.date'],
    ['?legacyCode=00061&date=yesterday', 'query.date'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const { status, body } = await resolve(query);

    expect(status).toBe(400);
    expect((body.problems as Array<{ field: string }>).map((p) => p.field)).toContain(field);
  });

  it('answers 400 without the code, or with a parameter it does not take', async () => {
    expect((await resolve('')).status).toBe(400);
    expect((await resolve('?legacyCode=00061&province=01')).status).toBe(400);
  });

  it('answers 404 for a code that was no commune on 2025-06-30', async () => {
    const { status, body } = await resolve('?legacyCode=99999&date=2024-01-01');

    expect(status).toBe(404);
    expect(body.message).toMatch(/99999/);
  });
});

describe('GET /v1/me?date=', () => {
  const citizen = syntheticCitizens(
    { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
    0,
    inject('seededCitizens'),
  ).find((c) => c.status === 'alive' && predecessorsOf(c.permanentResidence.communeCode).length > 1);

  it('names the residence units in force today by default', async () => {
    const { status, body } = await call('/v1/me', await citizenToken(citizen?.pin ?? '', 1));

    expect(status).toBe(200);
    const residence = body.permanentResidence as Record<string, unknown>;
    expect(residence.unitsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(residence.communeName).toBeTruthy();
  });

  it('for a day before July 2025 lists the old communes the unit was formed from', async () => {
    const { status, body } = await call('/v1/me?date=2025-03-01', await citizenToken(citizen?.pin ?? '', 1));

    expect(status).toBe(200);
    const residence = body.permanentResidence as { unitsOn: string; formerUnits: Array<{ code: string }> };
    expect(residence.unitsOn).toBe('2025-03-01');
    expect(residence.formerUnits.map((u) => u.code).sort()).toEqual(
      predecessorsOf(citizen?.permanentResidence.communeCode ?? '')
        .map((c) => c.code)
        .sort(),
    );
  });

  it('answers 400 naming the field for an impossible date', async () => {
    const { status, body } = await call('/v1/me?date=2025-02-30', await citizenToken(citizen?.pin ?? '', 1));

    expect(status).toBe(400);
    expect(body.problems).toEqual([expect.objectContaining({ field: 'query.date' })]);
  });
});
