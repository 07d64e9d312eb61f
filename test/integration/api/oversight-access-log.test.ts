/**
 * Oversight of the access log by accessor, against the local cloud: only inspectors may ask, bad queries are
 * refused with the field named and write nothing, and the inspector's read lands in the log of every citizen
 * it concerned, where a query about the inspector finds it again.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_INSPECTOR_AUTHORITY, pickDemoCitizens } from '../../../infra/local/identity-seed.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { agencyToken, call, citizenToken, officerToken } from '../../support/tokens.ts';

const inspectorPin = pickDemoCitizens(inject('seededCitizens')).find((p) => p.role === 'inspector')?.citizen
  .pin as string;
const insured = syntheticCitizens(
  { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
  0,
  inject('seededCitizens'),
).filter((c) => c.status === 'alive' && c.healthInsurance && c.pin !== inspectorPin);
const [first, second] = insured.slice(-2);
// A client ID of this test only, so its entries are exactly the ones this test caused.
const hospitalId = `hospital-oversight-${process.pid}`;

/** The portal's token of the inspector: the `officer` scope, no agency roles, their authority. */
const inspectorToken = (level: 1 | 2 = 2) =>
  officerToken(inspectorPin, [], level, { claims: { inspector: DEMO_INSPECTOR_AUTHORITY } });

const documents = testDocumentClient();
/** Entries the inspector wrote, read straight from the byAccessor index. */
const inspectorEntries = async () => {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: 'AccessLog',
      IndexName: 'byAccessor',
      KeyConditionExpression: 'accessorId = :id',
      ExpressionAttributeValues: { ':id': `officer#${inspectorPin}` },
    }),
  );
  return Items;
};

const oversight = async (query: string, token: string) => call(`/v1/oversight/access-log?${query}`, token);

beforeAll(async () => {
  const hospital = await agencyToken(hospitalId, ['hospital:checkin']);
  for (const citizen of [first, second]) {
    const { status } = await call('/v1/agency/check-ins', hospital, {
      method: 'POST',
      body: JSON.stringify({ pin: citizen?.pin, chipVerified: true }),
    });
    expect(status).toBe(200);
  }
});

describe('GET /v1/oversight/access-log', () => {
  it("shows an inspector what an accessor read, and writes the inspector's read into each citizen's log", async () => {
    const before = (await inspectorEntries()).length;
    const { status, body } = await oversight(`accessor=agency%23${hospitalId}`, await inspectorToken());
    expect(status).toBe(200);
    const entries = body.entries as Array<Record<string, unknown>>;
    expect(entries.map((e) => e.subjectPin).sort()).toEqual([first?.pin, second?.pin].sort());
    expect(entries[0]).toMatchObject({ accessor: { type: 'agency', id: hospitalId }, purpose: 'hospital-check-in' });
    expect((await inspectorEntries()).length).toBe(before + 2);

    const citizenView = await call('/v1/me/access-log?limit=5', await citizenToken(first?.pin as string, 1));
    expect((citizenView.body.entries as Array<Record<string, unknown>>)[0]).toMatchObject({
      purpose: 'access-log-oversight',
      who: { kind: 'officer', agency: DEMO_INSPECTOR_AUTHORITY },
      onBehalfOf: `oversight of agency#${hospitalId}`,
    });
  });

  it("finds the inspector's own reads when another inspector asks about the inspector", async () => {
    await oversight(`accessor=agency%23${hospitalId}`, await inspectorToken());
    const { status, body } = await oversight(`accessor=officer%23${inspectorPin}&limit=100`, await inspectorToken());
    expect(status).toBe(200);
    const purposes = new Set((body.entries as Array<Record<string, unknown>>).map((e) => e.purpose));
    expect([...purposes]).toEqual(['access-log-oversight']);
  });

  it('pages newest first with a cursor', async () => {
    const page1 = await oversight(`accessor=agency%23${hospitalId}&limit=1`, await inspectorToken());
    expect(page1.status).toBe(200);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await oversight(
      `accessor=agency%23${hospitalId}&limit=1&cursor=${encodeURIComponent(String(page1.body.nextCursor))}`,
      await inspectorToken(),
    );
    const [a] = page1.body.entries as Array<Record<string, unknown>>;
    const [b] = page2.body.entries as Array<Record<string, unknown>>;
    expect(String(a?.at) >= String(b?.at)).toBe(true);
    expect(a?.subjectPin).not.toBe(b?.subjectPin);
  });

  it('refuses a query without accessor with 400 before the handler runs (API Gateway validation)', async () => {
    const before = (await inspectorEntries()).length;
    const { status, body } = await oversight('', await inspectorToken());
    expect(status).toBe(400);
    expect(body.message).toContain('accessor');
    expect((await inspectorEntries()).length).toBe(before);
  });

  it.each([
    ['accessor=hospital-bach-mai', 'query.accessor'],
    ['accessor=officer%23123', 'query.accessor'],
    [`accessor=agency%23${'x'}&from=yesterday`, 'query.from'],
    ['accessor=agency%23bank-vcb&from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z', 'from'],
    ['accessor=agency%23bank-vcb&limit=1000', 'query.limit'],
    ['accessor=agency%23bank-vcb&cursor=not-a-cursor', 'cursor'],
  ])('refuses ?%s with 400 naming %s, and writes nothing', async (query, field) => {
    const before = (await inspectorEntries()).length;
    const { status, body } = await oversight(query, await inspectorToken());
    expect(status).toBe(400);
    expect((body.problems as Array<{ field: string }>).map((p) => p.field)).toContain(field);
    expect((await inspectorEntries()).length).toBe(before);
  });

  it.each([
    ['a citizen without the inspector role', () => citizenToken(inspectorPin, 2)],
    ['the inspector signed in at level 1', () => inspectorToken(1)],
    [
      'an inspector token without the officer scope',
      () => citizenToken(inspectorPin, 2, { claims: { inspector: DEMO_INSPECTOR_AUTHORITY } }),
    ],
    ['an agency system', () => agencyToken('bank-vcb', ['ekyc:identity'])],
  ])('refuses %s with 403 and writes nothing', async (_who, token) => {
    const before = (await inspectorEntries()).length;
    const { status } = await oversight(`accessor=agency%23${hospitalId}`, await token());
    expect(status).toBe(403);
    expect((await inspectorEntries()).length).toBe(before);
  });
});
