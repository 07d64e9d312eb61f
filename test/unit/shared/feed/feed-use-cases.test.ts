import { describe, expect, it } from 'vitest';
import { type LifeEvent, lifeEventOf } from '../../../../shared/feed/life-event.ts';
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
