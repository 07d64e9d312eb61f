/**
 * Record corrections on the shared local cloud: a citizen asks at POST /v1/me/record-corrections, the commune police
 * of their permanent residence decide in their inbox (province 38, where no other file takes citizens). Approval
 * writes the record with its before/after history, tells the bank that read the old name through the citizen's access
 * log, and reaches the tax feed as one 'Record Corrected' event; rejection changes nothing; bad input is a 4xx naming
 * the field with nothing written; officers elsewhere get 404.
 */
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { ageInYears } from '../../../shared/domain/dates.ts';
import { subscriberQueueName } from '../../../shared/feed/names.ts';
import type { Delivery } from '../../../shared/feed/ports.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import { DossierClient, officerCitizens, seededPopulation, taskId, today, waitFor } from '../../support/dossiers.ts';
import { agencyToken } from '../../support/tokens.ts';

const PROVINCE = '38';
const ROUTE = '/v1/me/record-corrections';
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
const sqs = new SQSClient({
  endpoint: inject('awsEndpoint'),
  region: 'ap-southeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
afterAll(() => {
  api.destroy();
  sqs.destroy();
});

const officers = officerCitizens(population, PROVINCE);
const used = new Set(officers.slice(0, 3).map((o) => o.pin));
/** A living adult of the province, each handed out once. */
const take = (): Citizen => {
  const found = population.find(
    (c) =>
      c.status === 'alive' &&
      c.permanentResidence.provinceCode === PROVINCE &&
      ageInYears(c.birthDate, today()) >= 18 &&
      !used.has(c.pin),
  );
  if (!found) throw new Error(`No free adult left in province ${PROVINCE}`);
  used.add(found.pin);
  return found;
};
const officerPin = (i: number) => officers[i]?.pin ?? '';
const police = (communeCode?: string, provinceCode = PROVINCE): OfficerRole => ({
  agency: 'police',
  role: communeCode ? 'officer' : 'supervisor',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});

const file = async (pin: string, form: unknown, key: string = randomUUID()) =>
  api.call(ROUTE, await api.citizenToken(pin, 2), {
    method: 'POST',
    body: JSON.stringify({ form }),
    headers: { 'Idempotency-Key': key },
  });

const filedId = async (pin: string, form: unknown, key?: string) => {
  const response = await file(pin, form, key);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return String(response.body.id);
};

/** A new name for a citizen: their name with one more middle word (always a different, valid name). */
const renamed = (citizen: Citizen) => {
  const words = citizen.fullName.split(' ');
  return [words[0], 'Thị', ...words.slice(1)].join(' ');
};
const nameFix = (citizen: Citizen) => ({
  corrections: [{ field: 'fullName', value: renamed(citizen) }],
  reason: 'Tên bị ghi thiếu tên đệm so với giấy khai sinh',
  evidence: 'Giấy khai sinh bản chính',
});

const accessLogOf = async (pin: string) => {
  const response = await api.call('/v1/me/access-log?limit=100', await api.citizenToken(pin, 2));
  expect(response.status).toBe(200);
  return response.body.entries as Array<{ who: { clientId?: string }; fields: string[]; purpose: string }>;
};

/** The tax agency's deliveries about `pin` (others' messages are left in the queue, visible at once). */
const taxDeliveriesAbout = async (pin: string): Promise<Delivery[]> => {
  const url = `${inject('awsEndpoint')}/000000000000/${subscriberQueueName('tax')}`;
  const found: Delivery[] = [];
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
  );
  for (const message of Messages) {
    const delivery = JSON.parse(message.Body ?? '{}') as Delivery;
    if (delivery.pin !== pin) continue;
    found.push(delivery);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
  }
  return found;
};

describe('record corrections (commune police of the permanent residence decide)', () => {
  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const citizen = take();
    const refused = async (corrections: unknown[], status: number, field: string) => {
      const response = await file(citizen.pin, { ...nameFix(citizen), corrections });
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(JSON.stringify(response.body)).toContain(field);
    };
    await refused([{ field: 'birthPlace', value: 'Hà Nội' }], 400, 'body.form.corrections.0.field');
    await refused([{ field: 'fullName', value: 'Nguyễn Văn 3' }], 400, 'body.form.corrections.0.value');
    await refused([{ field: 'birthDate', value: '2999-01-01' }], 400, 'body.form.corrections.0.value');
    await refused([{ field: 'fullName', value: citizen.fullName }], 422, 'body.form.corrections.0.value');
    // The PIN encodes sex: a correction that contradicts it needs a new PIN, not issued here.
    await refused(
      [{ field: 'sex', value: citizen.sex === 'male' ? 'female' : 'male' }],
      422,
      'body.form.corrections.0.value',
    );
    expect(await api.dossiersOf(citizen.pin)).toEqual([]);
    expect((await api.history(citizen.pin)).length).toBe(0);
  });

  it('on approval corrects the record with its history, tells the bank that read the name, and feeds tax once', async () => {
    const citizen = take();
    const commune = citizen.permanentResidence.communeCode;
    // The bank reads the name with the citizen's consent (a logged read by an agency).
    const citizenToken = await api.citizenToken(citizen.pin, 2);
    const consent = await api.call('/v1/me/consents/bank-vcb', citizenToken, {
      method: 'PUT',
      body: JSON.stringify({ fields: ['fullName', 'birthDate'], days: 30 }),
    });
    expect(consent.status).toBe(200);
    const bank = await agencyToken('bank-vcb', ['ekyc:identity']);
    const read = await api.call('/v1/agency/ekyc', bank, {
      method: 'POST',
      body: JSON.stringify({ pin: citizen.pin }),
    });
    expect(read.status).toBe(200);

    const form = nameFix(citizen);
    const key = randomUUID();
    const id = await filedId(citizen.pin, form, key);
    const replay = await file(citizen.pin, form, key);
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(id);
    expect((await file(citizen.pin, { ...form, reason: 'Một lý do khác hẳn' }, key)).status).toBe(422);
    expect((await file(citizen.pin, form)).status).toBe(409);

    const task = taskId(id, 'ServiceDecision');
    const here = await api.officerToken(officerPin(0), police(commune));
    const waiting = await api.waitForTask(here, task);
    expect(waiting.findings).toContainEqual(
      expect.objectContaining({
        check: 'record-differs',
        detail: `fullName: ${citizen.fullName} → ${renamed(citizen)}`,
      }),
    );
    // Police of another commune or province, or the civil-status officers here, neither see nor decide it.
    const elsewhere = population.find(
      (c) => c.permanentResidence.provinceCode === PROVINCE && c.permanentResidence.communeCode !== commune,
    )?.permanentResidence.communeCode;
    for (const token of [
      await api.officerToken(officerPin(1), police(elsewhere)),
      await api.officerToken(officerPin(1), police(undefined, '01')),
      await api.officerToken(officerPin(1), { agency: 'civil-status', role: 'supervisor', provinceCode: PROVINCE }),
    ]) {
      expect((await api.decide(token, task, 'approve')).status).toBe(404);
    }

    expect((await api.approve(here, task)).status).toBe(200);
    const done = await api.waitForStatus(id, citizen.pin, 'completed');
    expect(done.steps[0]?.result).toMatchObject({
      corrected: ['fullName'],
      notified: [{ clientId: 'bank-vcb', fields: ['fullName'] }],
    });
    expect((await api.citizen(citizen.pin))?.fullName).toBe(renamed(citizen));
    const history = await api.history(citizen.pin);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: 'record-corrected',
      actor: officerPin(0),
      changed: ['fullName'],
      before: { fullName: citizen.fullName },
      after: { fullName: renamed(citizen) },
      reason: expect.stringContaining(`dossier ${id}: ${form.reason}`),
    });
    const notices = async () =>
      (await accessLogOf(citizen.pin)).filter((e) => e.purpose === 'record-correction-notice');
    expect(await notices()).toEqual([
      expect.objectContaining({
        who: expect.objectContaining({ kind: 'agency', clientId: 'bank-vcb' }),
        fields: ['fullName'],
      }),
    ]);

    // Deciding again (a retried request) writes nothing twice.
    expect((await api.approve(here, task)).status).toBe(200);
    expect(await api.history(citizen.pin)).toHaveLength(1);
    expect(await notices()).toHaveLength(1);

    // The feed: one 'Record Corrected' event, with only what the tax purpose allows.
    const deliveries = await waitFor(async () => {
      const found = await taxDeliveriesAbout(citizen.pin);
      return found.length > 0 ? found : undefined;
    }, 20_000);
    expect(deliveries).toEqual([
      expect.objectContaining({
        type: 'Record Corrected',
        eventId: `${citizen.pin}-${String(history[0]?.version)}`,
        data: { fullName: renamed(citizen) },
      }),
    ]);
  });

  it('on rejection changes nothing, and the citizen may ask again', async () => {
    const citizen = take();
    const id = await filedId(citizen.pin, nameFix(citizen));
    const token = await api.officerToken(officerPin(2), police(citizen.permanentResidence.communeCode));
    await api.waitForTask(token, taskId(id, 'ServiceDecision'));
    const rejected = await api.decide(
      token,
      taskId(id, 'ServiceDecision'),
      'reject',
      'the birth certificate agrees with the record',
    );
    expect(rejected.status).toBe(200);
    expect((await api.waitForStatus(id, citizen.pin, 'rejected')).outcome?.en).toContain('birth certificate');
    expect((await api.citizen(citizen.pin))?.fullName).toBe(citizen.fullName);
    expect(await api.history(citizen.pin)).toEqual([]);
    expect((await accessLogOf(citizen.pin)).filter((e) => e.purpose === 'record-correction-notice')).toEqual([]);
    expect((await file(citizen.pin, nameFix(citizen))).status).toBe(202);
  });
});
