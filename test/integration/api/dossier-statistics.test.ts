/**
 * The dossier indicators and the supervisors' overview through the HTTP API of the shared local cloud: who may call,
 * bad queries, CSV, and counters that follow a real dossier and never count a retried change twice.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DossierStore } from '../../../shared/adapters/dynamodb/dossier-store.ts';
import { vietnamMonth } from '../../../shared/domain/clock.ts';
import { type Dossier, newDossierId, type TimelineEvent } from '../../../shared/dossiers/dossier.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import {
  birthFamilies,
  birthRequest,
  DossierClient,
  officerCitizens,
  seededPopulation,
  taskId,
  waitFor,
} from '../../support/dossiers.ts';

const PROVINCE = '01';
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

const officers = officerCitizens(population, PROVINCE);
const pinOf = (index: number) => officers[index]?.pin ?? '';
const role = (agency: OfficerRole['agency'], kind: OfficerRole['role'], communeCode?: string): OfficerRole => ({
  agency,
  role: kind,
  provinceCode: PROVINCE,
  ...(communeCode ? { communeCode } : {}),
});

interface Row {
  month: string;
  province: string;
  group: string;
  serviceCode: number;
  submitted: number;
  completed: number;
  completedOnTime: number;
  onTimePercent: number | null;
  rejected: number;
  failed: number;
  revoked: number;
  open: number;
}
interface Communes {
  communes: { communeCode: string; communeName?: string; open: number; overdue: number }[];
  byAgency: { agency: string; open: number; overdue: number }[];
}

const statistics = async (token: string | undefined, query: string) =>
  api.call(`/v1/statistics/dossiers?${query}`, token);

const rowOf = async (token: string, month: string, group = 'birth-group'): Promise<Row | undefined> => {
  const response = await statistics(token, `province=${PROVINCE}&group=${group}&from=${month}&to=${month}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.rows as Row[])[0];
};

describe('GET /v1/statistics/dossiers', () => {
  it('is for supervisors and npdb:statistics only: 401 without a token, 403 for others', async () => {
    expect((await statistics(undefined, '')).status).toBe(401);
    const refused = {
      citizen: await api.citizenToken(pinOf(0)),
      'commune officer': await api.officerToken(pinOf(1), role('civil-status', 'officer', '00562')),
      'agency without the scope': await mintAgency('hospital-bach-mai', ['hospital:checkin']),
    };
    for (const [who, token] of Object.entries(refused)) {
      const response = await statistics(token, '');
      expect(response.status, who).toBe(403);
      expect(String(response.body.message)).toContain('npdb:statistics');
    }
    const allowed = {
      supervisor: await api.officerToken(pinOf(2), role('police', 'supervisor')),
      ministry: await mintAgency('ministry-health', ['npdb:statistics']),
    };
    for (const [who, token] of Object.entries(allowed)) {
      const response = await statistics(token, 'from=2026-01&to=2026-12');
      expect(response.status, who).toBe(200);
      expect(response.body).toMatchObject({ from: '2026-01', to: '2026-12', rows: expect.any(Array) });
    }
  });

  it('answers 400 naming the wrong field of the query, and writes nothing', async () => {
    const token = await mintAgency('ministry-health', ['npdb:statistics']);
    for (const [query, field] of [
      ['from=2026-13', 'query.from'],
      ['to=26-01', 'query.to'],
      ['province=99', 'query.province'],
      ['group=marriage', 'query.group'],
      ['format=xml', 'query.format'],
      ['from=2026-06&to=2026-05', 'query.to'],
    ] as const) {
      const response = await statistics(token, query);
      expect(response.status, query).toBe(400);
      expect(
        (response.body.problems as { field: string }[]).map((p) => p.field),
        query,
      ).toEqual([field]);
    }
  });

  it('never counts a retried submission or status change twice (counters written with the change)', async () => {
    // A dossier of March 2019, a month no other test touches, written and moved through the real store.
    const store = new DossierStore(api.db, 'Dossiers', 'Identity');
    const dossier: Dossier = {
      id: newDossierId(PROVINCE, '2019-03-10'),
      group: 'death-group',
      applicantPin: pinOf(3),
      communeCode: '00562',
      provinceCode: PROVINCE,
      form: { deceasedPin: pinOf(4) } as Dossier['form'],
      steps: ['RegisterDeath'],
      status: 'submitted',
      submittedAt: '2019-03-10T02:00:00.000Z',
      receiptDate: '2019-03-11',
      expectedBy: '2019-03-15',
      documents: {},
    };
    const event = (kind: TimelineEvent['kind'], at: string): TimelineEvent => ({
      at,
      kind,
      actor: 'system',
      text: { vi: kind, en: kind },
    });
    const token = await mintAgency('ministry-health', ['npdb:statistics']);
    const before = await rowOf(token, '2019-03', 'death-group');
    const idempotency = { key: randomUUID(), fingerprint: 'f' };
    expect((await store.create(dossier, idempotency)).created).toBe(true);
    expect((await store.create(dossier, idempotency)).created).toBe(false);
    for (let i = 0; i < 2; i++) {
      await store.moveStatus(
        dossier.id,
        ['processing', 'submitted'],
        'completed',
        event('completed', '2019-03-13T03:00:00.000Z'),
      );
    }
    const completed = await rowOf(token, '2019-03', 'death-group');
    expect(delta(before, completed)).toEqual({ submitted: 1, completed: 1, completedOnTime: 1 });
    for (let i = 0; i < 2; i++) {
      await store.moveStatus(
        dossier.id,
        ['completed', 'processing', 'submitted', 'rejected', 'failed'],
        'revoked',
        event('revoked', '2019-04-01T03:00:00.000Z'),
      );
    }
    const revoked = await rowOf(token, '2019-03', 'death-group');
    expect(delta(before, revoked)).toEqual({ submitted: 1, revoked: 1 });
    expect(revoked?.open).toBe((before?.open ?? 0) + 0);
  });

  it('follows a real dossier: submitted once despite a replay, open in the overview, then rejected', async () => {
    const f = birthFamilies(population, PROVINCE).at(-2);
    if (!f) throw new Error('no family in 01');
    const commune = f.applicant.permanentResidence.communeCode;
    const month = vietnamMonth(new Date());
    const ministry = await mintAgency('ministry-health', ['npdb:statistics']);
    const supervisor = await api.officerToken(pinOf(5), role('civil-status', 'supervisor'));
    const civil = await api.officerToken(pinOf(6), role('civil-status', 'officer', commune));
    const before = await rowOf(ministry, month);
    const overviewBefore = await overviewOf(supervisor);

    const request = birthRequest(f, { given: 'Thống', sex: 'male' });
    const key = randomUUID();
    const id = await api.submitAccepted(f.applicant.pin, request, key);
    expect(await api.submitAccepted(f.applicant.pin, request, key)).toBe(id);
    await api.waitForTask(civil, taskId(id, 'RegisterBirth'));
    expect(delta(before, await rowOf(ministry, month))).toMatchObject({ submitted: 1 });

    const overviewOpen = await overviewOf(supervisor);
    expect(openIn(overviewOpen, commune)).toBe(openIn(overviewBefore, commune) + 1);
    expect(overviewOpen.byAgency.map((a) => a.agency)).toEqual(['civil-status']);

    const rejected = await api.decide(
      civil,
      taskId(id, 'RegisterBirth'),
      'reject',
      'The birth certificate is not legible.',
    );
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    await api.waitForStatus(id, f.applicant.pin, 'rejected');
    const after = await waitFor(
      async () => {
        const row = await rowOf(ministry, month);
        return (row?.rejected ?? 0) > (before?.rejected ?? 0) ? row : undefined;
      },
      20_000,
      'the rejection to be counted',
    );
    expect(delta(before, after)).toEqual({ submitted: 1, rejected: 1 });
    expect(after?.open).toBe(before?.open ?? 0);
    expect(openIn(await overviewOf(supervisor), commune)).toBe(openIn(overviewBefore, commune));

    // The same rows as CSV, by format=csv or by Accept: text/csv.
    const query = `province=${PROVINCE}&group=birth-group&from=${month}&to=${month}`;
    const ways: { path: string; headers: Record<string, string> }[] = [
      { path: `${query}&format=csv`, headers: {} },
      { path: query, headers: { accept: 'text/csv' } },
    ];
    for (const init of ways) {
      const response = await fetch(`${api.cloud.apiUrl}/v1/statistics/dossiers?${init.path}`, {
        headers: { authorization: `Bearer ${ministry}`, ...init.headers },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="p06-kpis-.*\.csv"/);
      const lines = (await response.text()).split('\r\n');
      expect(lines[0]).toBe(
        'month,province,group,serviceCode,submitted,completed,completedOnTime,onTimePercent,rejected,failed,revoked,open',
      );
      const [m, p, g, code, submitted, , , , rejectedCount] = (lines[1] ?? '').split(',');
      expect([m, p, g, code]).toEqual([month, PROVINCE, 'birth-group', '17']);
      expect(Number(submitted)).toBeGreaterThanOrEqual(after?.submitted ?? 1);
      expect(Number(rejectedCount)).toBeGreaterThanOrEqual(after?.rejected ?? 1);
    }
  });
});

describe('GET /v1/officer/overview', () => {
  it('is for supervisors: 401 without a token, 403 for a citizen or an officer, 400 for a bad province', async () => {
    expect((await api.call('/v1/officer/overview', undefined)).status).toBe(401);
    expect((await api.call('/v1/officer/overview', await api.citizenToken(pinOf(0)))).status).toBe(403);
    const officer = await api.officerToken(pinOf(1), role('police', 'officer', '00562'));
    expect((await api.call('/v1/officer/overview', officer)).status).toBe(403);
    const supervisor = await api.officerToken(pinOf(2), role('police', 'supervisor'));
    const bad = await api.call('/v1/officer/overview?province=1', supervisor);
    expect(bad.status).toBe(400);
    expect((bad.body.problems as { field: string }[])[0]?.field).toBe('query.province');
    expect((await api.call('/v1/officer/overview?province=37', supervisor)).status).toBe(403);
    const ok = await api.call('/v1/officer/overview', supervisor);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ province: PROVINCE, provinces: [PROVINCE], byAgency: [{ agency: 'police' }] });
  });
});

async function overviewOf(token: string): Promise<Communes> {
  const response = await api.call('/v1/officer/overview', token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as Communes;
}

function openIn(overview: Communes, commune: string): number {
  return overview.communes.find((c) => c.communeCode === commune)?.open ?? 0;
}

function delta(before: Row | undefined, after: Row | undefined): Record<string, number> {
  const keys = ['submitted', 'completed', 'completedOnTime', 'rejected', 'failed', 'revoked'] as const;
  return Object.fromEntries(keys.map((k) => [k, (after?.[k] ?? 0) - (before?.[k] ?? 0)]).filter(([, v]) => v !== 0));
}

async function mintAgency(clientId: string, scopes: string[]): Promise<string> {
  const { tokenMinter } = await import('../../support/mint-token.ts');
  return tokenMinter(inject('signingKeysFile'), inject('oidcIssuer')).agency(clientId, scopes);
}
