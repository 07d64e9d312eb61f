import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../shared/auth/principal.ts';
import {
  completedOnTime,
  countAlike,
  type KpiDossier,
  kpiCellOf,
  kpiOnSubmission,
  kpiOnTransition,
  kpiRow,
  kpiTotals,
  transitionCounts,
} from '../../../../shared/statistics/dossier-kpis.ts';
import {
  DossierStatisticsQuerySchema,
  getDossierStatistics,
  kpiCsv,
  requireStatisticsReader,
} from '../../../../shared/statistics/get-dossier-statistics.ts';
import type { KpiCellCounts } from '../../../../shared/statistics/ports.ts';

// Submitted 2026-03-31 20:00 UTC: already 1 April in Vietnam (UTC+7).
const dossier: KpiDossier = {
  submittedAt: '2026-03-31T20:00:00.000Z',
  provinceCode: '01',
  group: 'birth-group',
  expectedBy: '2026-04-03',
};
const AT = '2026-04-02T03:00:00.000Z';
const CELL = { month: '2026-04', provinceCode: '01', group: 'birth-group' } as const;

describe('the indicator cell of a dossier', () => {
  it('is the month of submission in Vietnam, its province and group', () => {
    expect(kpiCellOf(dossier)).toEqual(CELL);
    expect(kpiOnSubmission(dossier)).toEqual({ cell: CELL, delta: { submitted: 1 } });
  });

  it('counts a completion on time up to the end of the statutory date in Vietnam', () => {
    expect(completedOnTime(dossier, '2026-04-03T16:59:59.000Z')).toBe(true); // 23:59 on the 3rd in Vietnam
    expect(completedOnTime(dossier, '2026-04-03T17:00:00.000Z')).toBe(false); // 00:00 on the 4th
  });
});

describe('kpiOnTransition', () => {
  it('moves nothing between open statuses', () => {
    expect(transitionCounts(['submitted'], 'processing')).toBe(false);
    expect(kpiOnTransition(dossier, ['submitted'], 'processing', AT)).toBeUndefined();
  });

  it('counts a completion, on time or late', () => {
    expect(kpiOnTransition(dossier, ['processing', 'submitted'], 'completed', '2026-04-02T03:00:00Z')).toEqual({
      cell: CELL,
      delta: { completed: 1, completedOnTime: 1 },
    });
    expect(kpiOnTransition(dossier, ['processing'], 'completed', '2026-04-10T03:00:00Z')?.delta).toEqual({
      completed: 1,
    });
  });

  it.each(['rejected', 'failed', 'revoked'] as const)('counts an open dossier that ends %s', (to) => {
    expect(kpiOnTransition(dossier, ['processing', 'submitted'], to, AT)?.delta).toEqual({ [to]: 1 });
  });

  it('takes a revoked completion out of what it was counted in (on time or not) into revoked', () => {
    expect(kpiOnTransition({ ...dossier, countedOnTime: true }, ['completed'], 'revoked', AT)?.delta).toEqual({
      completed: -1,
      completedOnTime: -1,
      revoked: 1,
    });
    expect(kpiOnTransition(dossier, ['completed'], 'revoked', AT)?.delta).toEqual({ completed: -1, revoked: 1 });
    expect(kpiOnTransition(dossier, ['rejected'], 'revoked', AT)?.delta).toEqual({ rejected: -1, revoked: 1 });
  });

  it('refuses a list of statuses that count differently (the store must narrow it to the status read)', () => {
    expect(countAlike(dossier, ['processing', 'submitted'])).toBe(true);
    expect(countAlike(dossier, ['completed', 'processing'])).toBe(false);
    expect(() => kpiOnTransition(dossier, ['completed', 'processing'], 'revoked', AT)).toThrow(/count differently/);
  });
});

describe('rows and totals', () => {
  it('derives open and the on-time percentage', () => {
    const row = kpiRow(CELL, { submitted: 10, completed: 6, completedOnTime: 5, rejected: 1, failed: 1, revoked: 0 });
    expect(row).toMatchObject({ serviceCode: 17, open: 2, onTimePercent: 83.3 });
    expect(kpiRow({ ...CELL, group: 'death-group' }, { submitted: 1 })).toMatchObject({
      serviceCode: 18,
      open: 1,
      completed: 0,
      onTimePercent: null,
    });
    expect(kpiTotals([row, row])).toMatchObject({ submitted: 20, completed: 12, open: 4, onTimePercent: 83.3 });
  });
});

const supervisor: Principal = {
  kind: 'citizen',
  pin: '001094500001',
  level: 2,
  clientId: 'citizen-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: [{ agency: 'police', role: 'supervisor', provinceCode: '01' }],
};
const ministry: Principal = { kind: 'agency', clientId: 'ministry-health', scopes: ['npdb:statistics'] };

describe('who may read the indicators', () => {
  it.each([
    ['nobody signed in', undefined],
    ['a citizen', { ...supervisor, officerRoles: [] }],
    [
      'an officer who does not supervise',
      { ...supervisor, officerRoles: [{ ...supervisor.officerRoles[0], role: 'officer' }] },
    ],
    ['a supervisor at level 1', { ...supervisor, level: 1 }],
    ['an agency without the scope', { ...ministry, scopes: ['hospital:checkin'] }],
    ['a citizen whose token carries npdb:statistics', { ...supervisor, officerRoles: [], scopes: ['npdb:statistics'] }],
    [
      'an officer who does not supervise, with npdb:statistics in the token',
      {
        ...supervisor,
        scopes: ['citizen', 'officer', 'npdb:statistics'],
        officerRoles: [{ ...supervisor.officerRoles[0], role: 'officer' }],
      },
    ],
    [
      'a supervisor at level 1 with npdb:statistics in the token',
      { ...supervisor, level: 1, scopes: ['officer', 'npdb:statistics'] },
    ],
  ] as [string, Principal | undefined][])('refuses %s (403)', (_who, principal) => {
    expect(() => requireStatisticsReader(principal)).toThrow(expect.objectContaining({ httpStatus: 403 }));
  });

  it('accepts a supervisor at level 2 and an agency client with npdb:statistics', () => {
    expect(requireStatisticsReader(supervisor)).toBe(supervisor);
    expect(requireStatisticsReader(ministry)).toBe(ministry);
  });
});

describe('the query', () => {
  const problems = (query: Record<string, string>) => {
    const result = DossierStatisticsQuerySchema.safeParse(query);
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
  };
  it.each([
    [{ from: '2026-13' }, 'from'],
    [{ to: '2026-1' }, 'to'],
    [{ province: '99' }, 'province'],
    [{ group: 'marriage' }, 'group'],
    [{ format: 'xml' }, 'format'],
    [{ from: '2026-05', to: '2026-04' }, 'to'],
    [{ from: '2020-01', to: '2026-01' }, 'from'],
  ])('names the wrong field in %o', (query, field) => {
    expect(problems(query)).toEqual([field]);
  });

  it('refuses unknown parameters and accepts a full query', () => {
    expect(DossierStatisticsQuerySchema.safeParse({ limit: '5' }).success).toBe(false);
    expect(problems({ province: '01', group: 'death-group', from: '2026-01', to: '2026-12', format: 'csv' })).toEqual(
      [],
    );
  });
});

describe('getDossierStatistics', () => {
  const cells: KpiCellCounts[] = [
    { cell: { month: '2026-05', provinceCode: '37', group: 'death-group' }, counts: counts({ submitted: 2 }) },
    {
      cell: { month: '2026-04', provinceCode: '01', group: 'birth-group' },
      counts: counts({ submitted: 3, completed: 1 }),
    },
    {
      cell: { month: '2026-04', provinceCode: '01', group: 'death-group' },
      counts: counts({ submitted: 1, rejected: 1 }),
    },
  ];
  const asked: unknown[] = [];
  const statistics = getDossierStatistics({
    kpis: {
      readCells: async (from, to, province) => {
        asked.push([from, to, province]);
        return cells.filter((c) => !province || c.cell.provinceCode === province);
      },
    },
    clock: { now: () => new Date('2026-11-23T03:00:00Z') },
  });

  it('defaults to the twelve months up to this month in Vietnam, sorted by month, province and group', async () => {
    const result = await statistics(supervisor, {});
    expect(asked.at(-1)).toEqual(['2025-12', '2026-11', undefined]);
    expect(result.rows.map((r) => `${r.month} ${r.province} ${r.group}`)).toEqual([
      '2026-04 01 birth-group',
      '2026-04 01 death-group',
      '2026-05 37 death-group',
    ]);
    expect(result.totals).toMatchObject({ submitted: 6, completed: 1, rejected: 1, open: 4 });
  });

  it('filters by province and group', async () => {
    const result = await statistics(ministry, { province: '01', group: 'death-group', from: '2026-01' });
    expect(asked.at(-1)).toEqual(['2026-01', '2026-12', '01']);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ group: 'death-group', rejected: 1, open: 0 });
  });

  it('writes RFC 4180 CSV with a header row', async () => {
    const result = await statistics(supervisor, {});
    const csv = kpiCsv(result.rows);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'month,province,group,serviceCode,submitted,completed,completedOnTime,onTimePercent,rejected,failed,revoked,open',
    );
    expect(lines[1]).toBe('2026-04,01,birth-group,17,3,1,0,0,0,0,0,2');
    expect(lines[2]).toBe('2026-04,01,death-group,18,1,0,0,,1,0,0,0');
    expect(lines.at(-1)).toBe('');
  });
});

function counts(partial: Partial<Record<string, number>>) {
  return { submitted: 0, completed: 0, completedOnTime: 0, rejected: 0, failed: 0, revoked: 0, ...partial };
}
