import { describe, expect, it } from 'vitest';
import type { OfficerRole, Principal } from '../../../../shared/auth/principal.ts';
import { countEntries, getOfficerOverview } from '../../../../shared/dossiers/officer-overview.ts';
import type { InboxEntry, InboxIndexReader } from '../../../../shared/dossiers/ports.ts';

const NOW = new Date('2026-11-23T03:00:00.000Z');
const PAST = '2026-11-20T10:00:00.000Z';
const FUTURE = '2026-11-25T10:00:00.000Z';

const officer = (roles: OfficerRole[], level: 1 | 2 = 2): Principal => ({
  kind: 'citizen',
  pin: '001094500001',
  level,
  clientId: 'citizen-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: roles,
});
const supervisor = (agency: OfficerRole['agency'], provinceCode: string, communeCode?: string): OfficerRole => ({
  agency,
  role: 'supervisor',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});

const INBOXES: Record<string, InboxEntry[]> = {
  'civil-status#01': [
    { communeCode: '00070', dueAt: PAST, status: 'awaiting-officer' },
    { communeCode: '00070', dueAt: FUTURE, status: 'awaiting-officer' },
    { communeCode: '00082', dueAt: FUTURE, status: 'awaiting-officer' },
    // Decided, the workflow not yet told: not open any more.
    { communeCode: '00082', dueAt: PAST, status: 'approved' },
  ],
  'police#01': [{ communeCode: '00082', dueAt: PAST, status: 'awaiting-officer' }],
  'police#37': [{ communeCode: '13684', dueAt: PAST, status: 'awaiting-officer' }],
};

const reads: unknown[] = [];
const inbox: InboxIndexReader = {
  listInboxEntries: async (agency, provinceCode, options) => {
    reads.push([agency, provinceCode, options.communeCode]);
    const entries = (INBOXES[`${agency}#${provinceCode}`] ?? []).filter(
      (e) => !options.communeCode || e.communeCode === options.communeCode,
    );
    return { entries, truncated: false };
  },
};
const overview = getOfficerOverview({ inbox, now: () => NOW });

describe('countEntries', () => {
  it('counts steps waiting for an officer, and those past their deadline', () => {
    expect(countEntries(INBOXES['civil-status#01'] ?? [], NOW.toISOString())).toEqual({ open: 3, overdue: 1 });
  });
});

describe("a supervisor's overview", () => {
  it.each([
    ['nobody signed in', undefined],
    ['a citizen', officer([])],
    ['an officer who does not supervise', officer([{ ...supervisor('police', '01'), role: 'officer' }])],
    ['a supervisor at level 1', officer([supervisor('police', '01')], 1)],
  ] as [string, Principal | undefined][])('refuses %s (403)', async (_who, principal) => {
    await expect(overview(principal)).rejects.toMatchObject({ httpStatus: 403 });
  });

  it('counts per commune (most overdue first) and per agency for every role in the province', async () => {
    const result = await overview(officer([supervisor('civil-status', '01'), supervisor('police', '01')]));
    expect(result.province).toBe('01');
    expect(result.communes).toEqual([
      { communeCode: '00070', communeName: expect.any(String), open: 2, overdue: 1 },
      { communeCode: '00082', communeName: expect.any(String), open: 2, overdue: 1 },
    ]);
    expect(result.byAgency).toEqual([
      { agency: 'civil-status', open: 3, overdue: 1 },
      { agency: 'police', open: 1, overdue: 1 },
    ]);
    expect(result.totals).toEqual({ open: 4, overdue: 2 });
  });

  it('reads only its own inbox for a commune supervisor', async () => {
    const result = await overview(officer([supervisor('civil-status', '01', '00082')]));
    expect(reads.at(-1)).toEqual(['civil-status', '01', '00082']);
    expect(result.communes).toEqual([{ communeCode: '00082', communeName: expect.any(String), open: 1, overdue: 0 }]);
  });

  it('answers for another province the caller supervises, and refuses one they do not (403)', async () => {
    const roles = [supervisor('police', '01'), supervisor('police', '37')];
    const result = await overview(officer(roles), { province: '37' });
    expect(result).toMatchObject({ province: '37', provinces: ['01', '37'], totals: { open: 1, overdue: 1 } });
    await expect(overview(officer(roles), { province: '79' })).rejects.toMatchObject({ httpStatus: 403 });
  });
});
