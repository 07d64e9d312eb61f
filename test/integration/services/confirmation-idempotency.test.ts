/**
 * The synchronous confirmations (service 1 and the residence confirmation) with an Idempotency-Key, through the local
 * API: a retry answers the same document and issues nothing, the key reused for another request is a 422 that writes
 * nothing, and two identical requests at once issue one document. What a confirmation writes is read back from the
 * Dossiers table (its documents) and the citizen's access log.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
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
/** Adults from the end of the seeded population, which the other files (taking from the start) leave alone. */
const adults = population
  .filter((c) => c.status === 'alive' && ageInYears(c.birthDate, today) >= 20 && !c.permanentResidenceDeleted)
  .reverse();
const withOldId = adults.filter((c) => c.oldIdNumber);
const [holder, otherHolder] = withOldId as [Citizen, Citizen];
const resident = adults.find((c) => !c.oldIdNumber) as Citizen;

const client = testDocumentClient();
afterAll(() => client.destroy());

/** The confirmations of one kind the Dossiers table holds for a citizen. */
const documentsOf = async (type: string, pin: string) => {
  const numbers: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: 'Dossiers',
        FilterExpression: '#type = :type AND #subject.#pin = :pin',
        ExpressionAttributeNames: { '#type': 'type', '#subject': 'subject', '#pin': 'pin' },
        ExpressionAttributeValues: { ':type': type, ':pin': pin },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    numbers.push(...(page.Items ?? []).map((item) => String(item.number)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return numbers.sort();
};

const loggedIssues = async (pin: string, purpose: string) => {
  const { status, body } = await call('/v1/me/access-log?limit=100', await citizenToken(pin, 2));
  expect(status).toBe(200);
  return (body.entries as { purpose: string }[]).filter((e) => e.purpose === purpose).length;
};

const confirm = (route: string, token: string, key?: string, body: unknown = {}) =>
  call(`/v1/services/${route}`, token, {
    method: 'POST',
    body: JSON.stringify(body),
    ...(key ? { headers: { 'Idempotency-Key': key } } : {}),
  });

describe('a residence confirmation asked for with an Idempotency-Key', () => {
  it('answers a retry with the same confirmation and issues and logs nothing new', async () => {
    const token = await citizenToken(resident.pin, 2);
    const key = randomUUID();
    const first = await confirm('residence-confirmations', token, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await confirm('residence-confirmations', token, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await documentsOf('residence-confirmation', resident.pin)).toEqual([first.body.number]);
    expect(await loggedIssues(resident.pin, 'residence-confirmation')).toBe(1);

    // Without a key, each request still issues a new confirmation.
    const fresh = await confirm('residence-confirmations', token);
    expect(fresh.status).toBe(201);
    expect(fresh.body.number).not.toBe(first.body.number);
    expect(await documentsOf('residence-confirmation', resident.pin)).toHaveLength(2);
  });

  it('refuses a malformed key with a 400 and issues nothing', async () => {
    const token = await citizenToken(resident.pin, 2);
    const before = await documentsOf('residence-confirmation', resident.pin);
    const response = await confirm('residence-confirmations', token, 'short');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('header.Idempotency-Key');
    expect(await documentsOf('residence-confirmation', resident.pin)).toEqual(before);
  });
});

describe("service 1's confirmation asked for with an Idempotency-Key", () => {
  it('issues one document for two identical requests at once, both answered with it', async () => {
    const token = await citizenToken(holder.pin, 2);
    const key = randomUUID();
    const before = await loggedIssues(holder.pin, 'confirm-old-id');
    const answers = await Promise.all([0, 1, 2].map(() => confirm('old-id-confirmations', token, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const numbers = new Set(answers.map((a) => a.body.number));
    expect(numbers.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
    expect(await documentsOf('old-id-number-confirmation', holder.pin)).toEqual([...numbers]);
    expect(await loggedIssues(holder.pin, 'confirm-old-id')).toBe(before + 1);
  });

  it('refuses the key reused for another request with a 422, writing nothing', async () => {
    const ministry = await agencyToken('ministry-home-affairs', ['npdb:confirm-old-id']);
    const key = randomUUID();
    const issued = await confirm('old-id-confirmations', ministry, key, { pin: otherHolder.pin });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const documents = await documentsOf('old-id-number-confirmation', holder.pin);
    const logged = await loggedIssues(holder.pin, 'confirm-old-id');

    // The same agency's key for another citizen.
    const other = await confirm('old-id-confirmations', ministry, key, { pin: holder.pin });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({
      message: expect.stringMatching(/Idempotency-Key was already used for a different request/),
      problems: [expect.objectContaining({ field: 'header.Idempotency-Key' })],
    });
    expect(await documentsOf('old-id-number-confirmation', holder.pin)).toEqual(documents);
    expect(await loggedIssues(holder.pin, 'confirm-old-id')).toBe(logged);

    // A citizen's key used for a residence confirmation, then for service 1.
    const token = await citizenToken(holder.pin, 2);
    const own = randomUUID();
    expect((await confirm('residence-confirmations', token, own)).status).toBe(201);
    expect((await confirm('old-id-confirmations', token, own)).status).toBe(422);
    expect(await documentsOf('old-id-number-confirmation', holder.pin)).toEqual(documents);

    // The first request's retry is still answered.
    const retry = await confirm('old-id-confirmations', ministry, key, { pin: otherHolder.pin });
    expect(retry.body.number).toBe(issued.body.number);
  });
});
