import { describe, expect, it } from 'vitest';
import type { AccessEntryInput, StoredAccessEntry } from '../../../../shared/access-log/access-entry.ts';
import type { Principal } from '../../../../shared/auth/principal.ts';
import {
  listAccessesByAccessor,
  OVERSIGHT_PURPOSE,
  OversightQuerySchema,
} from '../../../../shared/oversight/list-accesses-by-accessor.ts';
import type { AccessorLogReader, AccessorQueryOptions } from '../../../../shared/oversight/ports.ts';

const INSPECTOR_PIN = '079086500001';
const inspector: Principal = {
  kind: 'citizen',
  pin: INSPECTOR_PIN,
  level: 2,
  clientId: 'citizen-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: [],
  inspector: 'A05',
};

const entry = (subjectPin: string, seq: number): StoredAccessEntry => ({
  subjectPin,
  accessor: { type: 'agency', id: 'hospital-bach-mai', name: 'Bệnh viện Bạch Mai' },
  fields: ['healthInsurance.number'],
  purpose: 'hospital-check-in',
  legalBasis: 'Circular 46/2022/TT-BCA',
  outcome: 'granted',
  at: '2026-07-01T01:00:00.000Z',
  requestId: `r-${seq}`,
  seq,
  previousHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

const setup = (entries: StoredAccessEntry[], options: { failRecording?: boolean } = {}) => {
  const queries: { accessorId: string; options?: AccessorQueryOptions }[] = [];
  const recorded: AccessEntryInput[] = [];
  const reader: AccessorLogReader = {
    listByAccessor: async (accessorId, queryOptions) => {
      queries.push({ accessorId, ...(queryOptions ? { options: queryOptions } : {}) });
      return { entries, nextCursor: 'next' };
    },
  };
  const recorder = {
    recordMany: async (inputs: readonly AccessEntryInput[]) => {
      if (options.failRecording) throw new Error('AccessLog unavailable');
      recorded.push(...inputs);
    },
  };
  return { oversee: listAccessesByAccessor({ accessLog: reader, recorder }), queries, recorded };
};

const query = (raw: Record<string, string>) => OversightQuerySchema.parse(raw);

describe('oversight of the access log by accessor', () => {
  it("returns the accessor's entries and records the inspector's read once for each citizen on the page", async () => {
    const { oversee, queries, recorded } = setup([
      entry('001099500001', 2),
      entry('037092500001', 1),
      entry('001099500001', 1),
    ]);
    const page = await oversee(inspector, query({ accessor: 'agency#hospital-bach-mai', limit: '3' }), 'req-1');
    expect(page.entries).toHaveLength(3);
    expect(page.nextCursor).toBe('next');
    expect(queries).toEqual([{ accessorId: 'agency#hospital-bach-mai', options: { limit: 3 } }]);
    expect(recorded.map((r) => r.subjectPin).sort()).toEqual(['001099500001', '037092500001']);
    expect(recorded[0]).toMatchObject({
      accessor: { type: 'officer', id: INSPECTOR_PIN, agency: 'A05' },
      purpose: OVERSIGHT_PURPOSE,
      onBehalfOf: 'oversight of agency#hospital-bach-mai',
      outcome: 'granted',
      requestId: 'req-1',
    });
  });

  it('records nothing when the page is empty: nothing was disclosed', async () => {
    const { oversee, recorded } = setup([]);
    expect((await oversee(inspector, query({ accessor: 'officer#001194500001' }), 'r')).entries).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('discloses nothing when the read cannot be recorded', async () => {
    const { oversee } = setup([entry('001099500001', 1)], { failRecording: true });
    await expect(oversee(inspector, query({ accessor: 'agency#bank-vcb' }), 'r')).rejects.toThrow(/unavailable/);
  });

  it.each([
    ['a citizen', { ...inspector, inspector: undefined }],
    [
      'an officer of an agency',
      {
        ...inspector,
        inspector: undefined,
        officerRoles: [{ agency: 'police', role: 'supervisor', provinceCode: '01' }],
      },
    ],
    ['an inspector signed in at level 1', { ...inspector, level: 1 }],
    ['an agency system', { kind: 'agency', clientId: 'bank-vcb', scopes: ['ekyc:identity'] }],
    ['nobody', undefined],
  ] as const)('refuses %s with 403 and reads nothing', async (_who, principal) => {
    const { oversee, queries, recorded } = setup([entry('001099500001', 1)]);
    await expect(
      oversee(principal as Principal | undefined, query({ accessor: 'agency#bank-vcb' }), 'r'),
    ).rejects.toMatchObject({ httpStatus: 403 });
    expect(queries).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('refuses a window that ends before it starts, naming "from", and reads nothing', async () => {
    const { oversee, queries } = setup([]);
    await expect(
      oversee(
        inspector,
        query({ accessor: 'agency#bank-vcb', from: '2026-07-02T00:00:00Z', to: '2026-07-01T00:00:00Z' }),
        'r',
      ),
    ).rejects.toMatchObject({ httpStatus: 400, problems: [{ field: 'from' }] });
    expect(queries).toEqual([]);
  });

  it.each([
    [{}, 'accessor'],
    [{ accessor: 'hospital-bach-mai' }, 'accessor'],
    [{ accessor: 'officer#123' }, 'accessor'],
    [{ accessor: 'agency#bank-vcb', from: 'yesterday' }, 'from'],
    [{ accessor: 'agency#bank-vcb', limit: '500' }, 'limit'],
    [{ accessor: 'agency#bank-vcb', pin: '001099500001' }, ''],
  ])('rejects the query %j at the field %s', (raw, field) => {
    const parsed = OversightQuerySchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(field);
  });
});
