import { describe, expect, it } from 'vitest';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { listMyAccessLog, MyAccessLogQuerySchema } from '../../../../shared/access-log/list-my-access-log.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import { anEntry, CITIZEN } from './fixtures.ts';

const logWith = async (count: number) => {
  const log = new InMemoryAccessLog();
  for (let i = 1; i <= count; i++) await log.append(anEntry({ requestId: `req-${i}` }));
  return log;
};

describe('listMyAccessLog', () => {
  it('shows who read my data, when, which fields, for what purpose and on what legal basis', async () => {
    const log = await logWith(1);
    const page = await listMyAccessLog({ accessLog: log })(CITIZEN);
    expect(page).toEqual({
      entries: [
        {
          seq: 1,
          at: '2026-03-01T02:03:04.005Z',
          who: { kind: 'agency', label: 'Bệnh viện Bạch Mai', agency: 'Bộ Y tế', clientId: 'bach-mai-hospital' },
          fields: ['fullName', 'birthDate', 'healthInsurance.number'],
          purpose: 'hospital-check-in',
          legalBasis: 'Law on Identification 2023 art. 10',
          outcome: 'granted',
          channel: 'api',
        },
      ],
    });
  });

  it('names an officer with their agency but does not show the officer’s PIN', async () => {
    const log = new InMemoryAccessLog();
    await log.append(
      anEntry({
        accessor: { type: 'officer', id: '001080000007', name: 'Trần Văn Bình', agency: 'Công an phường Ba Đình' },
        purpose: 'confirm-old-id',
        legalBasis: 'Circular 46/2022/TT-BCA',
      }),
    );
    const [entry] = (await listMyAccessLog({ accessLog: log })(CITIZEN)).entries;
    expect(entry?.who).toEqual({
      kind: 'officer',
      label: 'Trần Văn Bình (Công an phường Ba Đình)',
      agency: 'Công an phường Ba Đình',
    });
    expect(JSON.stringify(entry)).not.toContain('001080000007');
  });

  it('shows my own reads as "You" and a refused read with its reason', async () => {
    const log = new InMemoryAccessLog();
    await log.append(anEntry({ accessor: { type: 'citizen', id: CITIZEN }, purpose: 'citizen-self-service' }));
    await log.append(
      anEntry({
        accessor: { type: 'agency', id: 'vcb-ekyc', name: 'Vietcombank' },
        purpose: 'ekyc',
        legalBasis: 'consent:c-42',
        outcome: 'denied',
        fields: [],
        reason: 'The consent was withdrawn.',
        requestId: 'req-2',
      }),
    );
    const { entries } = await listMyAccessLog({ accessLog: log })(CITIZEN);
    expect(entries.map((e) => [e.who.label, e.outcome, e.reason])).toEqual([
      ['Vietcombank', 'denied', 'The consent was withdrawn.'],
      ['You', 'granted', undefined],
    ]);
  });

  it('pages newest first and stops when there is nothing older', async () => {
    const list = listMyAccessLog({ accessLog: await logWith(5) });
    const first = await list(CITIZEN, { limit: 2 });
    const second = await list(CITIZEN, { limit: 2, cursor: first.nextCursor });
    const third = await list(CITIZEN, { limit: 2, cursor: second.nextCursor });
    expect([first, second, third].map((p) => p.entries.map((e) => e.seq))).toEqual([[5, 4], [3, 2], [1]]);
    expect(third.nextCursor).toBeUndefined();
  });

  it('gives no cursor when the last page is exactly full', async () => {
    const page = await listMyAccessLog({ accessLog: await logWith(2) })(CITIZEN, { limit: 2 });
    expect(page.nextCursor).toBeUndefined();
  });

  it('shows 50 entries unless asked for another number', async () => {
    const page = await listMyAccessLog({ accessLog: await logWith(51) })(CITIZEN);
    expect(page.entries).toHaveLength(50);
    expect(page.nextCursor).toBeDefined();
  });

  it('refuses a malformed cursor with a ValidationError', async () => {
    const list = listMyAccessLog({ accessLog: await logWith(1) });
    await expect(list(CITIZEN, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(ValidationError);
  });

  it('is empty for a citizen nobody has read', async () => {
    expect(await listMyAccessLog({ accessLog: new InMemoryAccessLog() })(CITIZEN)).toEqual({ entries: [] });
  });
});

describe('MyAccessLogQuerySchema', () => {
  it('reads the limit from the query string and refuses more than 100', () => {
    expect(MyAccessLogQuerySchema.parse({ limit: '20' })).toEqual({ limit: 20 });
    expect(MyAccessLogQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('refuses unknown parameters with a sentence', () => {
    const result = MyAccessLogQuerySchema.safeParse({ page: '2' });
    expect(result.error?.issues[0]?.message).toBe('Only "limit", "cursor", "accessor" and "purpose" are accepted.');
  });

  it('accepts the accessor kinds and purpose codes the filters use, and refuses others', () => {
    expect(MyAccessLogQuerySchema.parse({ accessor: 'officer', purpose: 'hospital-check-in' })).toEqual({
      accessor: 'officer',
      purpose: 'hospital-check-in',
    });
    expect(MyAccessLogQuerySchema.safeParse({ accessor: 'robot' }).success).toBe(false);
    expect(MyAccessLogQuerySchema.safeParse({ purpose: 'DROP TABLE' }).success).toBe(false);
  });
});

describe('listMyAccessLog with filters', () => {
  const mixedLog = async () => {
    const log = new InMemoryAccessLog();
    for (let i = 1; i <= 12; i++) {
      await log.append(
        i % 4 === 0
          ? anEntry({
              requestId: `officer-${i}`,
              accessor: { type: 'officer', id: '001080000007', name: 'Trần Văn Bình', agency: 'police' },
              purpose: 'officer-dossier-review',
              legalBasis: 'Decree 63/2024',
            })
          : anEntry({ requestId: `hospital-${i}` }),
      );
    }
    return log;
  };

  it('keeps only the entries of the asked kind of accessor, reading further pages until the page is full', async () => {
    const page = await listMyAccessLog({ accessLog: await mixedLog() })(CITIZEN, { accessor: 'officer', limit: 2 });
    expect(page.entries.map((e) => e.seq)).toEqual([12, 8]);
    expect(page.entries.every((e) => e.who.kind === 'officer')).toBe(true);
    const next = await listMyAccessLog({ accessLog: await mixedLog() })(CITIZEN, {
      accessor: 'officer',
      limit: 2,
      ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
    });
    expect(next.entries.map((e) => e.seq)).toEqual([4]);
    expect(next.nextCursor).toBeUndefined();
  });

  it('keeps only the entries with the asked purpose', async () => {
    const page = await listMyAccessLog({ accessLog: await mixedLog() })(CITIZEN, { purpose: 'hospital-check-in' });
    expect(page.entries).toHaveLength(9);
    expect(new Set(page.entries.map((e) => e.purpose))).toEqual(new Set(['hospital-check-in']));
  });
});
