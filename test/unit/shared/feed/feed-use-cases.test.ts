import { describe, expect, it } from 'vitest';
import type { AccessRecord } from '../../../../shared/citizen/ports.ts';
import { deliverLifeEvent } from '../../../../shared/feed/deliver-life-event.ts';
import { LIFE_EVENT_SOURCE, type LifeEvent, lifeEventOf } from '../../../../shared/feed/life-event.ts';
import type { Delivery } from '../../../../shared/feed/ports.ts';
import { publishLifeEvents } from '../../../../shared/feed/publish-life-events.ts';
import { minimise } from '../../../../shared/feed/subscribers.ts';

const PIN = '001200500123';
const residence = { communeCode: '00004', provinceCode: '01', addressLine: 'Số 1 Phố Huế', since: '2026-12-01' };

const history = (version: number, action: string, after: Record<string, unknown>) => ({
  pk: `CITIZEN#${PIN}`,
  sk: `HISTORY#${String(version).padStart(6, '0')}`,
  type: 'history',
  version,
  action,
  actor: '001085012345',
  at: '2026-12-05T08:00:00.000Z',
  changed: Object.keys(after).sort(),
  after,
});

describe('lifeEventOf', () => {
  it('names the event after the action, with the citizen version as sequence and the event ID from both', () => {
    const event = lifeEventOf(history(3, 'death-registered', { status: 'deceased', deathDate: '2026-12-01' }) as never);
    expect(event).toMatchObject({
      eventId: `${PIN}-3`,
      type: 'Death Registered',
      sequence: 3,
      data: { status: 'deceased', deathDate: '2026-12-01' },
    });
  });

  it('classifies an unknown action by the fields it changed', () => {
    const of = (after: Record<string, unknown>) => lifeEventOf(history(2, 'officer-edit', after) as never).type;
    expect(of({ spousePin: '001085012345' })).toBe('Marriage Registered');
    expect(of({ permanentResidence: residence })).toBe('Residence Changed');
    expect(of({ fullName: 'Nguyễn Văn An' })).toBe('Record Corrected');
  });
});

describe('minimise', () => {
  it('keeps only allowed fields, reaching into objects by dotted path, and lists what it disclosed', () => {
    const { data, fields } = minimise(['fullName', 'permanentResidence.communeCode', 'deathDate'], {
      fullName: 'Trần Thị Bình',
      permanentResidence: residence,
      healthInsurance: { number: 'TE1010123456789' },
    });
    expect(data).toEqual({ fullName: 'Trần Thị Bình', permanentResidence: { communeCode: '00004' } });
    expect(fields).toEqual(['fullName', 'permanentResidence.communeCode']);
  });
});

describe('publishLifeEvents', () => {
  const record = (n: number, image: Record<string, unknown> | undefined) => ({
    sequenceNumber: `seq-${n}`,
    newImage: image,
  });

  it('publishes history items in order, ten per call, and skips anything else', async () => {
    const calls: LifeEvent[][] = [];
    const publish = publishLifeEvents({
      bus: {
        publish: async (events) => {
          calls.push([...events]);
          return events.length;
        },
      },
    });
    const records = [
      record(0, { pk: 'STATS', sk: 'PROVINCE#01', type: 'stats' }),
      ...Array.from({ length: 12 }, (_, i) => record(i + 1, history(i + 1, 'record-corrected', { fullName: `N${i}` }))),
    ];
    const result = await publish(records);
    expect(result).toEqual({ published: 12, skipped: 1 });
    expect(calls.map((c) => c.length)).toEqual([10, 2]);
    expect(calls.flat().map((e) => e.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('stops at the first refused event and resumes from its record, so nothing after it overtakes it', async () => {
    const publish = publishLifeEvents({ bus: { publish: async () => 1 } });
    const records = [1, 2, 3].map((n) => record(n, history(n, 'record-corrected', { fullName: `N${n}` })));
    expect(await publish(records)).toEqual({ published: 1, skipped: 0, retryFrom: 'seq-2' });
  });
});

describe('deliverLifeEvent', () => {
  const setup = (failSend = false) => {
    const logged: AccessRecord[] = [];
    const sent: Array<[string, Delivery]> = [];
    const deliver = deliverLifeEvent({
      accessLog: { recordMany: async (entries) => logged.push(...entries) },
      queues: {
        send: async (id, delivery) => {
          if (failSend) throw new Error('queue unavailable');
          sent.push([id, delivery]);
        },
      },
    });
    return { logged, sent, deliver };
  };
  const birth = lifeEventOf(
    history(1, 'birth-registered', {
      pin: PIN,
      fullName: 'Lê Minh Châu',
      birthDate: '2026-11-30',
      sex: 'female',
      ethnicity: 'Kinh',
      motherPin: '001190012345',
      permanentResidence: residence,
    }) as never,
  );
  const envelope = (detail: LifeEvent, extra: Record<string, unknown> = {}) => ({
    id: 'evt-1',
    source: LIFE_EVENT_SOURCE,
    'detail-type': detail.type,
    detail,
    ...extra,
  });

  it('sends only the fields the purpose allows and logs exactly those in the citizen’s access log first', async () => {
    const { logged, sent, deliver } = setup();
    await deliver({ subscriber: 'education', event: envelope(birth) });
    expect(sent).toEqual([
      [
        'education',
        {
          eventId: `${PIN}-1`,
          type: 'Birth Registered',
          pin: PIN,
          sequence: 1,
          occurredAt: '2026-12-05T08:00:00.000Z',
          data: {
            fullName: 'Lê Minh Châu',
            birthDate: '2026-11-30',
            sex: 'female',
            permanentResidence: { communeCode: '00004', provinceCode: '01' },
          },
        },
      ],
    ]);
    expect(logged).toEqual([
      expect.objectContaining({
        subjectPin: PIN,
        accessor: expect.objectContaining({ type: 'agency', id: 'moet-feed' }),
        fields: [
          'pin',
          'fullName',
          'birthDate',
          'sex',
          'permanentResidence.communeCode',
          'permanentResidence.provinceCode',
        ],
        purpose: 'school-enrolment-planning',
        requestId: `feed:education:${PIN}-1`,
      }),
    ]);
  });

  it('delivers nothing of a type the agency did not subscribe to', async () => {
    const { logged, sent, deliver } = setup();
    expect(await deliver({ subscriber: 'tax', event: envelope(birth) })).toMatchObject({ delivered: false });
    expect([logged, sent]).toEqual([[], []]);
  });

  it('marks a replayed delivery with the replay’s name and logs it as its own request', async () => {
    const { logged, sent, deliver } = setup();
    await deliver({ subscriber: 'vss', event: envelope(birth, { 'replay-name': 'vss-20261205' }) });
    expect(sent[0]?.[1].replay).toBe('vss-20261205');
    expect(logged[0]?.requestId).toBe(`feed:vss:${PIN}-1:replay:vss-20261205`);
  });

  it('fails (for the rule to retry) on an unknown subscriber, a malformed event or a queue failure', async () => {
    await expect(setup().deliver({ subscriber: 'bank', event: envelope(birth) })).rejects.toThrow(/No subscriber/);
    await expect(setup().deliver({ subscriber: 'vss', event: { ...envelope(birth), detail: {} } })).rejects.toThrow();
    await expect(setup(true).deliver({ subscriber: 'vss', event: envelope(birth) })).rejects.toThrow(/unavailable/);
  });
});
