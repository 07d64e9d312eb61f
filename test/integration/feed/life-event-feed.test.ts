/**
 * The life-event feed end to end in a local cloud of this file's own (faults can be injected into its functions,
 * and it is restarted): a change written to the Population table reaches, through the table's stream, the bus and
 * its one fan-out rule (one delivery invocation per event), the queues of exactly the agencies subscribed to its
 * type, minimised to their purpose, with an access-log entry per agency; failures are retried without loss and
 * without a second access-log entry, one agency's broken queue holds back no other, a restart resumes where the
 * stream reader stopped, and a replay re-delivers one agency's events only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayForSubscriber } from '../../../infra/local/feed-replay-cli.ts';
import { type LocalCloud, startLocalCloud } from '../../../infra/local/local-cloud.ts';
import { topology } from '../../../infra/topology.ts';
import { AccessLogStore } from '../../../shared/adapters/dynamodb/access-log-store.ts';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import { subscriberQueueName } from '../../../shared/feed/names.ts';
import type { Delivery } from '../../../shared/feed/ports.ts';
import { SUBSCRIBERS } from '../../../shared/feed/subscribers.ts';
import { seededPopulation, waitFor } from '../../support/dossiers.ts';
import { freePort } from '../../support/free-port.ts';

const SEED = 300;
const population = seededPopulation(SEED);
const dataDir = mkdtempSync(join(tmpdir(), 'p06-feed-'));
const ports = Promise.all([freePort(), freePort(), freePort()]);
const config = { region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

let cloud: LocalCloud;
const start = async () => {
  const [apiPort, awsPort, dynamoDbPort] = await ports;
  cloud = await startLocalCloud({
    topology: topology(['01']),
    dataDir,
    apiPort,
    awsPort,
    dynamoDbPort,
    seedCitizens: SEED,
  });
  return cloud;
};

const clients = () => {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ ...config, endpoint: cloud.dynamoDbEndpoint }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    population: new PopulationStore(dynamo, 'Population'),
    accessLog: new AccessLogStore(dynamo, 'AccessLog'),
    sqs: new SQSClient({ ...config, endpoint: cloud.awsEndpoint }),
  };
};

/** Every message now in a subscriber's queue (received and deleted), as deliveries. */
const drain = async (sqs: SQSClient, subscriberId: string): Promise<Delivery[]> => {
  const deliveries: Delivery[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: `${cloud.awsEndpoint}/000000000000/${subscriberQueueName(subscriberId)}`,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return deliveries;
    for (const message of Messages) {
      deliveries.push(JSON.parse(message.Body ?? '{}') as Delivery);
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: `${cloud.awsEndpoint}/000000000000/${subscriberQueueName(subscriberId)}`,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
  }
};

/** Waits until every subscriber's deliveries of the given events have arrived; returns them per subscriber. */
const collect = async (sqs: SQSClient, expected: Readonly<Record<string, number>>) => {
  const got: Record<string, Delivery[]> = Object.fromEntries(SUBSCRIBERS.map((s) => [s.id, []]));
  await waitFor(
    async () => {
      for (const s of SUBSCRIBERS) got[s.id]?.push(...(await drain(sqs, s.id)));
      return Object.entries(expected).every(([id, n]) => new Set(got[id]?.map((d) => d.eventId)).size >= n);
    },
    30_000,
    'the deliveries',
  );
  await cloud.feed.bus.drain();
  for (const s of SUBSCRIBERS) got[s.id]?.push(...(await drain(sqs, s.id)));
  return got;
};

const citizen = (index: number) => {
  const c = population.filter((p) => p.status === 'alive' && p.permanentResidence.provinceCode === '01')[index];
  if (!c) throw new Error('not enough seeded citizens');
  return c;
};
const change = (action: string) => ({ actor: '001085012345', action, at: new Date().toISOString() });

/** The feed's access-log entries about one event (request IDs `feed:<agency>:<event ID>`), oldest first. */
const feedEntries = async (accessLog: AccessLogStore, pin: string, eventId: string) => {
  const page = await accessLog.listForCitizen(pin, { limit: 100 });
  return page.entries.filter((e) => e.requestId.endsWith(`:${eventId}`)).reverse();
};

/** Records the delivery function's invocations (their input) while `body` runs. */
const watchDeliveries = async <T>(body: (inputs: unknown[]) => Promise<T>): Promise<T> => {
  const inputs: unknown[] = [];
  const runtime = cloud.lambda;
  const invoke = runtime.invoke.bind(runtime);
  runtime.invoke = async (functionId, event) => {
    if (functionId === 'DeliverLifeEvent') inputs.push(event);
    return invoke(functionId, event);
  };
  try {
    return await body(inputs);
  } finally {
    runtime.invoke = invoke;
  }
};

beforeAll(start, 180_000);
afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the life-event feed', () => {
  it('delivers a death to the subscribed agencies only, minimised to each purpose and logged for the citizen', async () => {
    const { population: store, accessLog, sqs } = clients();
    const person = citizen(0);
    const before = await store.getCitizen(person.pin);
    if (!before) throw new Error('seeded citizen missing');
    const { version: _v, ...record } = before;
    const eventId = `${person.pin}-${before.version + 1}`;
    const { got, invocations } = await watchDeliveries(async (inputs) => {
      await store.updateCitizen(
        before,
        { ...record, status: 'deceased', deathDate: '2026-12-01' },
        change('death-registered'),
      );
      const got = await collect(sqs, { vss: 1, tax: 1, health: 1, 'election-roll': 1 });
      return { got, invocations: inputs.filter((i) => JSON.stringify(i).includes(eventId)) };
    });

    // One invocation for the four agencies, by the fan-out rule (no agency named).
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).not.toHaveProperty('subscriber');

    expect(got.education).toEqual([]);
    const vss = got.vss?.find((d) => d.pin === person.pin);
    expect(vss).toMatchObject({
      eventId,
      type: 'Death Registered',
      sequence: before.version + 1,
      data: { status: 'deceased', deathDate: '2026-12-01' },
    });
    const page = await accessLog.listForCitizen(person.pin, {});
    const receivers = page.entries
      .filter((e) => e.requestId.startsWith('feed:'))
      .map((e) => e.accessor.id)
      .sort();
    expect(receivers).toEqual(['election-roll-feed', 'moh-feed', 'tax-feed', 'vss-feed']);
    expect(page.entries.find((e) => e.accessor.id === 'tax-feed')?.fields).toEqual(['pin', 'status', 'deathDate']);
  });

  it('keeps fields outside a purpose inside the NPDB', async () => {
    const { population: store, sqs } = clients();
    const person = citizen(1);
    const before = await store.getCitizen(person.pin);
    if (!before) throw new Error('seeded citizen missing');
    const { version: _v, ...record } = before;
    const moved = { ...record.permanentResidence, addressLine: 'Số 9 Phố Tràng Tiền', since: '2026-12-02' };
    await store.updateCitizen(
      before,
      { ...record, permanentResidence: moved },
      change('permanent-residence-registered'),
    );

    const got = await collect(sqs, { vss: 1, education: 1, 'election-roll': 1, tax: 1 });

    const education = got.education?.find((d) => d.pin === person.pin);
    expect(education?.data).toEqual({
      permanentResidence: { communeCode: moved.communeCode, provinceCode: moved.provinceCode },
    });
    expect(JSON.stringify(got['election-roll'])).not.toContain('Tràng Tiền');
    expect(got.health).toEqual([]);
  });

  it('publishes a change that adds what the record did not have (an empty `before` in the history)', async () => {
    // DynamoDB Local streams an empty map as `{}`; the local stream source must hand it over as DynamoDB would.
    const { population: store, sqs } = clients();
    const person = population.filter(
      (p) => p.status === 'alive' && p.permanentResidence.provinceCode === '01' && !p.temporaryResidence,
    )[10];
    if (!person) throw new Error('not enough seeded citizens');
    const before = await store.getCitizen(person.pin);
    if (!before) throw new Error('seeded citizen missing');
    const { version: _v, ...record } = before;
    const temporaryResidence = {
      ...record.permanentResidence,
      addressLine: 'Số 3 Phố Huế',
      since: '2026-12-03',
      until: '2027-12-03',
    };
    await store.updateCitizen(before, { ...record, temporaryResidence }, change('temporary-residence-registered'));

    const got = await collect(sqs, { education: 1 });
    const education = got.education?.find((d) => d.pin === person.pin);
    expect(education).toMatchObject({ type: 'Residence Changed', sequence: before.version + 1 });
  });

  it('publishes one citizen’s changes once each, with gapless sequences, despite failing functions', async () => {
    const { population: store, sqs } = clients();
    const person = citizen(2);
    cloud.lambda.failNext('PublishLifeEvents', 2);
    cloud.lambda.failNext('DeliverLifeEvent', 2);
    let current = await store.getCitizen(person.pin);
    const first = (current?.version ?? 0) + 1;
    for (const name of ['Nguyễn Văn A', 'Nguyễn Văn B', 'Nguyễn Văn C']) {
      if (!current) throw new Error('seeded citizen missing');
      const { version: _v, ...record } = current;
      current = await store.updateCitizen(current, { ...record, fullName: name }, change('record-corrected'));
    }

    const got = await collect(sqs, { tax: 3 });

    const tax = (got.tax ?? []).filter((d) => d.pin === person.pin);
    const unique = [...new Map(tax.map((d) => [d.eventId, d])).values()];
    expect(unique.map((d) => d.sequence).sort()).toEqual([first, first + 1, first + 2]);
    expect(unique.find((d) => d.sequence === first + 2)?.data).toEqual({ fullName: 'Nguyễn Văn C' });
  });

  it('delivers to the other agencies while one agency’s queue is broken, and to it once it is back', async () => {
    const { population: store, accessLog, sqs } = clients();
    const person = citizen(4);
    const before = await store.getCitizen(person.pin);
    if (!before) throw new Error('seeded citizen missing');
    const { version: _v, ...record } = before;
    const eventId = `${person.pin}-${before.version + 1}`;
    const QueueUrl = `${cloud.awsEndpoint}/000000000000/${subscriberQueueName('education')}`;
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['MessageRetentionPeriod', 'SqsManagedSseEnabled', 'RedrivePolicy'],
      }),
    );
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    const healthy = ['vss', 'tax', 'election-roll'];
    const early: Record<string, Delivery[]> = Object.fromEntries(healthy.map((id) => [id, []]));
    try {
      const moved = { ...record.permanentResidence, addressLine: 'Số 5 Phố Hàng Bài', since: '2026-12-04' };
      await store.updateCitizen(
        before,
        { ...record, permanentResidence: moved },
        change('permanent-residence-registered'),
      );
      await waitFor(
        async () => {
          for (const id of healthy) early[id]?.push(...(await drain(sqs, id)));
          return healthy.every((id) => early[id]?.some((d) => d.eventId === eventId));
        },
        20_000,
        'the deliveries to the agencies whose queues work',
      );
    } finally {
      await sqs.send(new CreateQueueCommand({ QueueName: subscriberQueueName('education'), Attributes }));
    }

    const got = await collect(sqs, { education: 1 });

    expect(got.education?.filter((d) => d.eventId === eventId)).toHaveLength(1);
    // The failed invocation was retried whole: the others may have it twice, under the same event ID.
    for (const id of healthy)
      expect(new Set([...(early[id] ?? []), ...(got[id] ?? [])].map((d) => d.eventId))).toEqual(new Set([eventId]));
    const entries = await feedEntries(accessLog, person.pin, eventId);
    expect(entries.map((e) => e.accessor.id).sort()).toEqual([
      'election-roll-feed',
      'moet-feed',
      'tax-feed',
      'vss-feed',
    ]);
  });

  it('appends nothing twice to the access log when EventBridge retries a delivery that had completed', async () => {
    const { population: store, accessLog, sqs } = clients();
    const person = citizen(5);
    const before = await store.getCitizen(person.pin);
    if (!before) throw new Error('seeded citizen missing');
    const { version: _v, ...record } = before;
    const eventId = `${person.pin}-${before.version + 1}`;
    // The first two runs complete (log written, queues sent) but report a failure, as a timed-out invocation would.
    cloud.lambda.failNext('DeliverLifeEvent', 2, undefined, { afterRun: true });
    await store.updateCitizen(
      before,
      { ...record, status: 'deceased', deathDate: '2026-12-03' },
      change('death-registered'),
    );

    const got = await collect(sqs, { vss: 1, tax: 1, health: 1, 'election-roll': 1 });

    expect(got.tax?.filter((d) => d.eventId === eventId)).toHaveLength(3);
    const entries = await feedEntries(accessLog, person.pin, eventId);
    expect(entries.map((e) => e.accessor.id).sort()).toEqual([
      'election-roll-feed',
      'moh-feed',
      'tax-feed',
      'vss-feed',
    ]);
  });

  it('replays a time range to one agency only, with the original event IDs', async () => {
    const { sqs } = clients();
    const from = new Date(Date.now() - 10 * 60_000);
    const client = new EventBridgeClient({ ...config, endpoint: cloud.awsEndpoint });
    const result = await replayForSubscriber({ client, subscriberId: 'health', from, to: new Date() });
    expect(result.state).toBe('COMPLETED');

    const got = await collect(sqs, { health: 1 });

    expect(got.health?.every((d) => d.replay === result.name)).toBe(true);
    expect(got.health?.map((d) => d.type)).toContain('Death Registered');
    for (const s of SUBSCRIBERS.filter((s) => s.id !== 'health')) expect([s.id, got[s.id]]).toEqual([s.id, []]);
    // The replay's disclosures are logged for the one agency that received them.
    const { accessLog } = clients();
    const page = await accessLog.listForCitizen(citizen(0).pin, { limit: 100 });
    const replayed = page.entries.filter((e) => e.requestId.endsWith(`:replay:${result.name}`));
    expect(replayed.map((e) => e.accessor.id)).toEqual(['moh-feed']);
  });

  it('resumes after a restart from where the stream reader stopped, losing nothing', async () => {
    let { population: store, sqs } = clients();
    const person = citizen(3);
    // The publisher keeps failing until the stop: the change cannot leave before the restart.
    cloud.lambda.failNext('PublishLifeEvents', 1_000_000);
    const before = await store.getCitizen(person.pin);
    if (!before) throw new Error('seeded citizen missing');
    const { version: _v, ...record } = before;
    await store.updateCitizen(before, { ...record, fullName: 'Phạm Thị Dung' }, change('record-corrected'));
    await waitFor(() => cloud.feed.stream.stats.failedInvocations > 0, 15_000, 'a failed publication');
    await cloud.stop();

    await start();
    ({ population: store, sqs } = clients());
    const got = await collect(sqs, { tax: 1 });

    expect(got.tax?.filter((d) => d.pin === person.pin).map((d) => d.data)).toContainEqual({
      fullName: 'Phạm Thị Dung',
    });
  });
});
