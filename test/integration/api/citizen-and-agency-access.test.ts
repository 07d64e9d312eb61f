/**
 * Who may read what (OWASP API1/API3/API5, Circular 46): citizens their own record and their minor
 * children's, agencies only the fields their purpose allows, banks only with consent; every disclosure and
 * every refused consent-bound attempt is in the citizen's access log. Runs against the local cloud.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SERVICE_ROUTES } from '../../../infra/topology.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { ageInYears } from '../../../shared/domain/dates.ts';
import { NAME_CORPUS } from '../../../shared/domain/name-corpus.ts';
import { syntheticCitizens } from '../../../shared/seed/synthetic-population.ts';
import { testDocumentClient } from '../../support/clients.ts';
import { agencyToken, call, citizenToken } from '../../support/tokens.ts';

const population = syntheticCitizens(
  { communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS },
  0,
  inject('seededCitizens'),
);
const today = new Date().toISOString().slice(0, 10);
const isMinor = (c: Citizen) => c.status === 'alive' && ageInYears(c.birthDate, today) < 18;
const parent = population.find(
  (c) =>
    c.status === 'alive' &&
    ageInYears(c.birthDate, today) >= 18 &&
    population.some((k) => k.motherPin === c.pin && isMinor(k)),
) as Citizen;
const minorChildren = population.filter(
  (k) => (k.motherPin === parent.pin || k.fatherPin === parent.pin) && isMinor(k),
);
const insured = population.find((c) => c.status === 'alive' && c.healthInsurance && c.pin !== parent.pin) as Citizen;
const stranger = population.find(
  (c) => c.status === 'alive' && c.householdId !== parent.householdId && c !== insured,
) as Citizen;

const client = testDocumentClient();
const accessLogCount = async () => {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: 'AccessLog', Select: 'COUNT', ExclusiveStartKey }));
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
};

const accessLogOf = async (pin: string) => {
  const { status, body } = await call('/v1/me/access-log?limit=100', await citizenToken(pin, 2));
  expect(status).toBe(200);
  return body.entries as Array<Record<string, unknown>>;
};

let hospital: string;
let bank: string;
beforeAll(async () => {
  hospital = await agencyToken('hospital-bach-mai', ['hospital:checkin']);
  bank = await agencyToken('bank-vcb', ['ekyc:identity']);
});
afterAll(() => client.destroy());

describe('tokens', () => {
  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'not-a-jwt'],
    ['a token signed with another key', () => citizenToken(parent.pin, 2, { foreignKey: true })],
    ['an expired token', () => citizenToken(parent.pin, 2, { expiresIn: -60 })],
    ['a token for another audience', () => citizenToken(parent.pin, 2, { audience: 'urn:someone:else' })],
    ['a token from another issuer', () => citizenToken(parent.pin, 2, { issuer: 'https://evil.example' })],
    ['a user token without acr', () => citizenToken(parent.pin, 2, { claims: { acr: undefined } })],
  ])('refuses %s with 401 and changes nothing', async (_, token) => {
    const before = await accessLogCount();
    const response = await call('/v1/me', await token());
    expect(response.status).toBe(401);
    expect(await accessLogCount()).toBe(before);
  });
});

describe('a citizen', () => {
  it('reads their own record, household and linked numbers, and the read is in their access log', async () => {
    const { status, body } = await call('/v1/me', await citizenToken(parent.pin, 1));
    expect(status).toBe(200);
    expect(body).toMatchObject({ pin: parent.pin, fullName: parent.fullName, birthDate: parent.birthDate });
    expect((body.permanentResidence as Record<string, unknown>).provinceName).toBeTruthy();
    const members = (body.household as { members: Array<{ pin: string }> }).members.map((m) => m.pin);
    expect(members).toEqual(expect.arrayContaining(minorChildren.map((c) => c.pin)));
    const log = await accessLogOf(parent.pin);
    expect(log[0]).toMatchObject({ purpose: 'citizen-self-service', outcome: 'granted' });
  });

  it("gets 404, not someone else's data, for a PIN the NPDB does not hold", async () => {
    const { status } = await call('/v1/me', await citizenToken('001099999999', 2));
    expect(status).toBe(404);
  });

  it('needs level 2 to see their children, and then sees exactly the living minors', async () => {
    const level1 = await call('/v1/me/children', await citizenToken(parent.pin, 1));
    expect(level1.status).toBe(403);
    expect(level1.body.message).toMatch(/level-2/);
    const { status, body } = await call('/v1/me/children', await citizenToken(parent.pin, 2));
    expect(status).toBe(200);
    const pins = (body.children as Array<{ pin: string }>).map((c) => c.pin).sort();
    expect(pins).toEqual(minorChildren.map((c) => c.pin).sort());
    const childLog = await accessLogOf(minorChildren[0]?.pin as string);
    expect(childLog.some((e) => e.purpose === 'parent-of-minor')).toBe(true);
  });

  it('cannot call agency routes (403), so cannot read another citizen by PIN', async () => {
    const token = await citizenToken(parent.pin, 2);
    const checkIn = await call('/v1/agency/check-ins', token, {
      method: 'POST',
      body: JSON.stringify({ pin: stranger.pin }),
    });
    expect(checkIn.status).toBe(403);
    const ekyc = await call('/v1/agency/ekyc', token, { method: 'POST', body: JSON.stringify({ pin: stranger.pin }) });
    expect(ekyc.status).toBe(403);
    const log = await accessLogOf(stranger.pin);
    expect(log[0]).toMatchObject({ outcome: 'denied', purpose: 'ekyc' });
    expect(log[1]).toMatchObject({ outcome: 'denied', purpose: 'hospital-check-in' });
  });
});

describe('a hospital at check-in', () => {
  it('receives coverage, card number, valid-until and facility, and nothing else', async () => {
    const { status, body } = await call('/v1/agency/check-ins', hospital, {
      method: 'POST',
      body: JSON.stringify({ pin: insured.pin, chipVerified: true }),
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'cardNumber',
      'coverageStatus',
      'pin',
      'registeredFacility',
      'validUntil',
    ]);
    expect(body.cardNumber).toBe(insured.healthInsurance?.number);
    const log = await accessLogOf(insured.pin);
    expect(log[0]).toMatchObject({ purpose: 'hospital-check-in', outcome: 'granted' });
    expect(log[0]?.fields).toEqual(['cardNumber', 'coverageStatus', 'registeredFacility', 'validUntil']);
  });

  it('cannot use a bank purpose (403)', async () => {
    const { status } = await call('/v1/agency/ekyc', hospital, {
      method: 'POST',
      body: JSON.stringify({ pin: insured.pin }),
    });
    expect(status).toBe(403);
  });

  it.each([
    ['a PIN with letters', { pin: '00120300ABCD' }, 400],
    ['a PIN of the wrong length', { pin: '0012' }, 400],
    ['an extra field', { pin: insured.pin, address: true }, 400],
    ['no PIN', {}, 400],
  ])('rejects %s with %i and writes nothing', async (_, body, expected) => {
    const before = await accessLogCount();
    const response = await call('/v1/agency/check-ins', hospital, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(expected);
    expect(response.body.message).toBeTruthy();
    expect(await accessLogCount()).toBe(before);
  });

  it('rejects a body that is not JSON (400) or not declared as JSON (415)', async () => {
    expect((await call('/v1/agency/check-ins', hospital, { method: 'POST', body: '{pin:' })).status).toBe(400);
    const wrongType = await call('/v1/agency/check-ins', hospital, {
      method: 'POST',
      body: `pin=${insured.pin}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(415);
  });
});

describe('a bank doing e-KYC', () => {
  it("gets 403 without consent, and the refused attempt is in the citizen's access log", async () => {
    const { status, body } = await call('/v1/agency/ekyc', bank, {
      method: 'POST',
      body: JSON.stringify({ pin: stranger.pin }),
    });
    expect(status).toBe(403);
    expect(body.message).toMatch(/consent/);
    expect(JSON.stringify(body)).not.toContain(stranger.fullName);
    const log = await accessLogOf(stranger.pin);
    expect(log[0]).toMatchObject({ purpose: 'ekyc', outcome: 'denied' });
  });

  it('gets exactly the consented fields while the consent lasts, and nothing once it is revoked', async () => {
    const citizen = await citizenToken(stranger.pin, 2);
    const granted = await call('/v1/me/consents/bank-vcb', citizen, {
      method: 'PUT',
      body: JSON.stringify({ fields: ['fullName', 'birthDate'], days: 30 }),
    });
    expect(granted.status).toBe(200);
    const { status, body } = await call('/v1/agency/ekyc', bank, {
      method: 'POST',
      body: JSON.stringify({ pin: stranger.pin }),
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      fullName: stranger.fullName,
      birthDate: stranger.birthDate,
      consentExpiresAt: expect.any(String),
    });
    const consents = await call('/v1/me/consents', citizen);
    expect(consents.body.consents).toEqual([expect.objectContaining({ clientId: 'bank-vcb', active: true })]);
    expect((await call('/v1/me/consents/bank-vcb', citizen, { method: 'DELETE' })).status).toBe(200);
    expect(
      (await call('/v1/agency/ekyc', bank, { method: 'POST', body: JSON.stringify({ pin: stranger.pin }) })).status,
    ).toBe(403);
  });

  it.each([
    ['a field the purpose does not allow', 'bank-vcb', { fields: ['healthInsurance'], days: 30 }, 400],
    ['too long a consent', 'bank-vcb', { fields: ['fullName'], days: 400 }, 400],
    ['an unknown relying party', 'no-such-bank', { fields: ['fullName'], days: 30 }, 404],
  ])('refuses consent with %s', async (_, clientId, body, expected) => {
    const response = await call(`/v1/me/consents/${clientId}`, await citizenToken(stranger.pin, 2), {
      method: 'PUT',
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(expected);
  });

  it('needs a level-2 account to grant consent', async () => {
    const response = await call('/v1/me/consents/bank-vcb', await citizenToken(stranger.pin, 1), {
      method: 'PUT',
      body: JSON.stringify({ fields: ['fullName'], days: 30 }),
    });
    expect(response.status).toBe(403);
  });
});

describe('malformed input at every API route but the e-ID provider (tested in test/integration/identity)', () => {
  const routes = [
    ['GET', '/v1/me'],
    ['GET', '/v1/me/children'],
    ['GET', '/v1/me/access-log'],
    ['GET', '/v1/me/consents'],
    ['PUT', '/v1/me/consents/bank-vcb'],
    ['DELETE', '/v1/me/consents/bank-vcb'],
    ['POST', '/v1/agency/check-ins'],
    ['POST', '/v1/agency/ekyc'],
    ['POST', '/v1/services/old-id-confirmations'],
    ['GET', '/v1/statistics/population'],
    ['GET', '/v1/documents/XN-20261123-ABCDEFGHIJ'],
    ['POST', '/v1/dossiers/HS79-20261205-ABCDEFGHJK/payment'],
    ['GET', '/v1/payments/vnpay/ipn'],
    ['GET', '/v1/payments/vnpay/return'],
    ['POST', '/v1/services/residence-confirmations'],
    ['POST', '/v1/me/record-corrections'],
    ['GET', '/v1/me/sessions'],
    ['DELETE', '/v1/me/sessions/s_0123456789abcdef'],
    // Every essential service filed as a dossier (generated from the catalogue).
    ...SERVICE_ROUTES.map((r) => ['POST', r.path] as const),
  ] as const;
  /** Dossiers filed by the citizen whose token the property uses: a refused filing must add none. */
  const dossierCount = async (pin: string) =>
    (
      await client.send(
        new QueryCommand({
          TableName: 'Dossiers',
          IndexName: 'byApplicant',
          KeyConditionExpression: 'applicantPin = :p',
          ExpressionAttributeValues: { ':p': pin },
          Select: 'COUNT',
        }),
      )
    ).Count ?? 0;
  const day = fc.oneof(
    fc.constantFrom('2026-02-30', '2026-13-01', 'yesterday', ''),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );
  const pinLike = fc.oneof(fc.stringMatching(/^\d{12}$/), fc.string(), fc.integer());
  /** Service e-forms with plausible field names and implausible values. */
  const serviceForm = fc.record(
    {
      form: fc.record(
        {
          from: day,
          until: day,
          persons: fc.array(pinLike, { maxLength: 3 }),
          guests: fc.array(pinLike, { maxLength: 3 }),
          ownerPin: pinLike,
          householdHeadPin: pinLike,
          householdCommuneCode: fc.oneof(fc.stringMatching(/^\d{5}$/), fc.string()),
          address: fc.record({
            communeCode: fc.oneof(fc.stringMatching(/^\d{5}$/), fc.string()),
            addressLine: fc.string(),
          }),
          destination: fc.string(),
          reason: fc.string(),
          dependants: fc.oneof(fc.integer(), fc.string()),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );

  it('always answers 4xx, never 5xx, and a refused request writes nothing', async () => {
    const tokens = {
      hospital,
      bank,
      citizen: await citizenToken(stranger.pin, 2),
      garbage: 'eyJhbGciOiJub25lIn0.e30.',
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(...(Object.keys(tokens) as (keyof typeof tokens)[])),
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.record({ pin: fc.oneof(fc.string(), fc.stringMatching(/^\d{12}$/), fc.integer()) }),
          fc.record({ fields: fc.array(fc.string()), days: fc.oneof(fc.integer(), fc.string()) }),
          serviceForm,
        ),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'province', 'code', 'x'), fc.string(), { maxKeys: 2 }),
        async ([method, path], who, body, query) => {
          const search = new URLSearchParams(query).toString();
          const before = await accessLogCount();
          const dossiersBefore = await dossierCount(stranger.pin);
          const response = await call(`${path}${search ? `?${search}` : ''}`, tokens[who], {
            method,
            headers: { 'Idempotency-Key': randomUUID() },
            ...(method === 'GET' || method === 'DELETE'
              ? {}
              : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
          });
          // Some random requests are legitimate (a citizen reading their record); the rest must be refused.
          if (response.status < 400) return;
          expect(response.status, `${method} ${path} as ${who}`).toBeLessThan(500);
          expect(await accessLogCount(), `${method} ${path} as ${who} wrote to the access log`).toBe(before);
          expect(await dossierCount(stranger.pin), `${method} ${path} as ${who} filed a dossier`).toBe(dossiersBefore);
        },
      ),
      { numRuns: 250 },
    );
  }, 120_000);
});

describe('agency quotas', () => {
  it('answers 429 with Retry-After once a client exceeds its requests per minute, before reading anything', async () => {
    // The local cloud sets AGENCY_QUOTA_PER_MINUTE to 120 for clients without their own limit.
    const clinic = await agencyToken(`clinic-${Date.now()}`, ['hospital:checkin']);
    // Within one minute window the 121st request is refused; a window boundary during the test can at most
    // double the number of successes before that, so a 429 must come within 241 requests.
    let accepted = 0;
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 241 && !refused; i++) {
      const response = await call('/v1/agency/check-ins', clinic, {
        method: 'POST',
        body: JSON.stringify({ pin: insured.pin }),
      });
      if (response.status === 429) refused = response;
      else if (response.status === 200) accepted++;
    }
    if (!refused) throw new Error(`no 429 after ${accepted} accepted requests`);
    expect(accepted).toBeGreaterThanOrEqual(120);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/quota/);
  }, 60_000);
});

describe('service 1: confirming the old 9-digit ID number', () => {
  const holder = population.find((c) => c.status === 'alive' && c.oldIdNumber) as Citizen;
  const noOldId = population.find(
    (c) => c.status === 'alive' && !c.oldIdNumber && ageInYears(c.birthDate, today) >= 14,
  ) as Citizen;

  it('issues a numbered, dated confirmation that can be verified with its code, and logs both reads', async () => {
    const issued = await call('/v1/services/old-id-confirmations', await citizenToken(holder.pin, 2), {
      method: 'POST',
      body: '{}',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      oldIdNumber: holder.oldIdNumber,
      subject: { pin: holder.pin },
      number: expect.stringMatching(/^XN-\d{8}-/),
    });
    const { number, verificationCode } = issued.body as { number: string; verificationCode: string };
    const verified = await call(`/v1/documents/${number}?code=${verificationCode}`, undefined);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, oldIdNumber: holder.oldIdNumber });
    expect(verified.body).not.toHaveProperty('verificationCode');
    expect((await call(`/v1/documents/${number}?code=000000000000`, undefined)).status).toBe(404);
    expect((await call(`/v1/documents/${number}`, undefined)).status).toBe(400);
    const log = await accessLogOf(holder.pin);
    expect(log.slice(0, 2).map((e) => e.purpose)).toEqual(['document-verification', 'confirm-old-id']);
  });

  it('lets an agency with the purpose ask for a citizen, and refuses other agencies and other citizens', async () => {
    const ministry = await agencyToken('ministry-home-affairs', ['npdb:confirm-old-id']);
    const body = JSON.stringify({ pin: holder.pin });
    expect((await call('/v1/services/old-id-confirmations', ministry, { method: 'POST', body })).status).toBe(201);
    expect((await call('/v1/services/old-id-confirmations', hospital, { method: 'POST', body })).status).toBe(403);
    const someoneElse = population.find((c) => c.status === 'alive' && c.pin !== holder.pin) as Citizen;
    const otherCitizen = await citizenToken(someoneElse.pin, 2);
    expect((await call('/v1/services/old-id-confirmations', otherCitizen, { method: 'POST', body })).status).toBe(400);
  });

  it('answers 404 when the NPDB holds no old number, and 403 below level 2', async () => {
    expect(
      (
        await call('/v1/services/old-id-confirmations', await citizenToken(noOldId.pin, 2), {
          method: 'POST',
          body: '{}',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('/v1/services/old-id-confirmations', await citizenToken(holder.pin, 1), {
          method: 'POST',
          body: '{}',
        })
      ).status,
    ).toBe(403);
  });
});
