import { describe, expect, it } from 'vitest';
import type { AccessEntry } from '../../../../shared/access-log/access-entry.ts';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { createAccessRecorder } from '../../../../shared/access-log/record-access.ts';
import { deliverLifeEvent, PartialDeliveryError } from '../../../../shared/feed/deliver-life-event.ts';
import { LIFE_EVENT_SOURCE, type LifeEvent, lifeEventOf } from '../../../../shared/feed/life-event.ts';
import type { Delivery } from '../../../../shared/feed/ports.ts';

const PIN = '001200500123';
const residence = { communeCode: '00004', provinceCode: '01', addressLine: 'Số 1 Phố Huế', since: '2026-12-01' };

const birth = lifeEventOf({
  pk: `CITIZEN#${PIN}`,
  sk: 'HISTORY#000001',
  type: 'history',
  version: 1,
  action: 'birth-registered',
  at: '2026-12-05T08:00:00.000Z',
  changed: ['birthDate', 'ethnicity', 'fullName', 'motherPin', 'permanentResidence', 'pin', 'sex'],
  after: {
    pin: PIN,
    fullName: 'Lê Minh Châu',
    birthDate: '2026-11-30',
    sex: 'female',
    ethnicity: 'Kinh',
    motherPin: '001190012345',
    permanentResidence: residence,
  },
});

const envelope = (detail: LifeEvent, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'evt-1',
  source: LIFE_EVENT_SOURCE,
  'detail-type': detail.type,
  account: '000000000000',
  time: '2026-12-05T08:00:01Z',
  region: 'ap-southeast-1',
  resources: [],
  detail,
  ...extra,
});

/** The real recorder over the in-memory store (claims as in DynamoDB); counts the store's calls, logs the order. */
const setup = (options: { readonly failing?: ReadonlySet<string>; readonly failLog?: boolean } = {}) => {
  const store = new InMemoryAccessLog();
  const steps: string[] = [];
  const appendCalls: AccessEntry[][] = [];
  const sent: Array<[string, Delivery]> = [];
  const failing = new Set(options.failing ?? []);
  const deliver = deliverLifeEvent({
    accessLog: createAccessRecorder(
      {
        append: (entry) => store.append(entry),
        appendMany: async (entries) => {
          if (options.failLog) throw new Error('access log unavailable');
          appendCalls.push([...entries]);
          steps.push('log');
          return store.appendMany(entries);
        },
      },
      { now: () => new Date('2026-12-05T08:00:02.000Z') },
    ),
    queues: {
      send: async (id, delivery) => {
        steps.push(`send ${id}`);
        if (failing.has(id)) throw new Error(`queue of ${id} unavailable`);
        sent.push([id, delivery]);
      },
    },
  });
  const chain = async () => (await store.readChain(PIN)).entries;
  return { deliver, sent, steps, appendCalls, chain, failing };
};

describe('deliverLifeEvent: a live event, once, for all agencies', () => {
  it('sends to every agency whose pattern matches, each minimised to its own purpose', async () => {
    const { deliver, sent } = setup();
    const outcome = await deliver({ event: envelope(birth) });

    expect(outcome.delivered.map((d) => d.subscriber)).toEqual(['vss', 'health', 'education']);
    const data = Object.fromEntries(sent.map(([id, d]) => [id, d.data]));
    expect(data).toEqual({
      vss: {
        fullName: 'Lê Minh Châu',
        birthDate: '2026-11-30',
        sex: 'female',
        permanentResidence: residence,
        motherPin: '001190012345',
      },
      health: { fullName: 'Lê Minh Châu', birthDate: '2026-11-30', sex: 'female' },
      education: {
        fullName: 'Lê Minh Châu',
        birthDate: '2026-11-30',
        sex: 'female',
        permanentResidence: { communeCode: '00004', provinceCode: '01' },
      },
    });
    expect(JSON.stringify(sent)).not.toContain('Kinh');
    expect(sent.every(([, d]) => d.eventId === `${PIN}-1` && d.pin === PIN && d.replay === undefined)).toBe(true);
  });

  it('appends all the agencies’ entries about the citizen in one call, before anything is sent', async () => {
    const { deliver, steps, appendCalls, chain } = setup();
    await deliver({ event: envelope(birth) });

    expect(appendCalls).toHaveLength(1);
    expect(steps[0]).toBe('log');
    expect(steps.slice(1).sort()).toEqual(['send education', 'send health', 'send vss']);
    const entries = await chain();
    expect(entries.map((e) => [e.accessor.id, e.requestId, e.purpose])).toEqual([
      ['vss-feed', `feed:vss:${PIN}-1`, 'social-insurance-records'],
      ['moh-feed', `feed:health:${PIN}-1`, 'health-records'],
      ['moet-feed', `feed:education:${PIN}-1`, 'school-enrolment-planning'],
    ]);
    expect(entries.find((e) => e.accessor.id === 'moet-feed')?.fields).toEqual([
      'pin',
      'fullName',
      'birthDate',
      'sex',
      'permanentResidence.communeCode',
      'permanentResidence.provinceCode',
    ]);
  });

  it('sends nothing when the access log cannot be written', async () => {
    const { deliver, sent } = setup({ failLog: true });
    await expect(deliver({ event: envelope(birth) })).rejects.toThrow(/access log unavailable/);
    expect(sent).toEqual([]);
  });

  it('still delivers to the others when one agency’s queue fails, then fails for EventBridge to retry', async () => {
    const { deliver, sent, failing, chain } = setup({ failing: new Set(['health']) });

    const error = await deliver({ event: envelope(birth) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialDeliveryError);
    expect([...(error as PartialDeliveryError).failed.keys()]).toEqual(['health']);
    expect((error as PartialDeliveryError).delivered).toEqual(['vss', 'education']);
    expect(sent.map(([id]) => id).sort()).toEqual(['education', 'vss']);
    expect(await chain()).toHaveLength(3);

    // EventBridge's retry, once the queue is back: health gets it, the log gains nothing, the others get it again
    // with the same event ID (they deduplicate on it).
    failing.clear();
    await deliver({ event: envelope(birth) });
    expect(sent.filter(([id]) => id === 'health')).toHaveLength(1);
    expect(new Set(sent.map(([, d]) => d.eventId))).toEqual(new Set([`${PIN}-1`]));
    const entries = await chain();
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(3);
  });

  it('appends nothing twice when the same event is delivered again (a retry or a duplicate)', async () => {
    const { deliver, chain, appendCalls } = setup();
    await deliver({ event: envelope(birth) });
    const first = await chain();
    await deliver({ event: envelope(birth, { id: 'evt-duplicate' }) });

    expect(appendCalls).toHaveLength(2);
    expect(await chain()).toEqual(first);
  });
});

describe('deliverLifeEvent: a replay, for the one agency its rule names', () => {
  it('delivers to that agency only, marked with the replay’s name and logged as its own request', async () => {
    const { deliver, sent, chain } = setup();
    await deliver({ subscriber: 'vss', event: envelope(birth, { 'replay-name': 'vss-20261205' }) });

    expect(sent.map(([id]) => id)).toEqual(['vss']);
    expect(sent[0]?.[1].replay).toBe('vss-20261205');
    expect((await chain()).map((e) => e.requestId)).toEqual([`feed:vss:${PIN}-1:replay:vss-20261205`]);
  });

  it('delivers nothing of a type the agency did not subscribe to', async () => {
    const { deliver, sent, chain } = setup();
    const outcome = await deliver({ subscriber: 'tax', event: envelope(birth, { 'replay-name': 'r' }) });
    expect(outcome).toEqual({ delivered: [], reason: 'tax does not subscribe to Birth Registered' });
    expect([sent, await chain()]).toEqual([[], []]);
  });
});

describe('deliverLifeEvent: bad input', () => {
  it('fails (for the rule to retry and park) on an unknown subscriber or a malformed event, writing nothing', async () => {
    const { deliver, sent, chain } = setup();
    await expect(deliver({ subscriber: 'bank', event: envelope(birth) })).rejects.toThrow(/No subscriber "bank"/);
    await expect(deliver({ event: { ...envelope(birth), detail: {} } })).rejects.toThrow(/detail/);
    await expect(deliver({ event: { ...envelope(birth), source: 'elsewhere' } })).rejects.toThrow(/source/);
    await expect(deliver({ subscriber: '', event: envelope(birth) })).rejects.toThrow(/subscriber/);
    expect([sent, await chain()]).toEqual([[], []]);
  });
});
