/**
 * Fee exemptions on the shared local cloud, with service 12 (criminal-record certificate, 200,000 đ) in province 92:
 * a declared ground waives the fee at intake (no payment step) and the officer sees the never-passed check
 * `fee-exemption-evidence` before approving; an applicant of 60 or over is exempt by the NPDB's birth date alone; a
 * bad claim is a 4xx naming the field with nothing written.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { ageInYears } from '../../../shared/domain/dates.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import { DossierClient, officerCitizens, seededPopulation, taskId, today } from '../../support/dossiers.ts';

const PROVINCE = '92';
const SLUG = 'criminal-record-certificate';
const FORM = { certificateType: 2, purpose: 'Bổ sung hồ sơ xin việc', copies: 1 };
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

// Officers beyond those the residence and public-security tests of the province take.
const officers = officerCitizens(population, PROVINCE).slice(16, 18);
const used = new Set(officers.map((o) => o.pin));
const supervisor: OfficerRole = { agency: 'police', role: 'supervisor', provinceCode: PROVINCE };

/** A living citizen of the province in the age band, from the far end of the seed (checked on the stored record). */
const take = async (minAge: number, maxAge: number): Promise<Citizen> => {
  for (const c of [...population].reverse()) {
    const age = ageInYears(c.birthDate, today());
    if (c.permanentResidence.provinceCode !== PROVINCE || age < minAge || age > maxAge || used.has(c.pin)) continue;
    const stored = await api.citizen(c.pin);
    if (stored?.status !== 'alive' || stored.permanentResidence.provinceCode !== PROVINCE) continue;
    if (stored.permanentResidenceDeleted) continue;
    used.add(c.pin);
    return stored;
  }
  throw new Error(`No free citizen aged ${minAge}-${maxAge} left in province ${PROVINCE}`);
};

const file = async (slug: string, pin: string, form: unknown, key: string = randomUUID()) =>
  api.call(`/v1/services/${slug}/dossiers`, await api.citizenToken(pin, 2), {
    method: 'POST',
    body: JSON.stringify({ form }),
    headers: { 'Idempotency-Key': key },
  });

interface ExemptView {
  readonly payment?: unknown;
  readonly feeExemption?: Record<string, unknown>;
}

describe('fee exemptions (service 12)', () => {
  it('waives a declared ground at intake; the officer sees the evidence check and approves', async () => {
    const citizen = await take(56, 59);
    const form = { ...FORM, feeExemption: { ground: 'disability', evidenceReference: 'KT-92-000123' } };
    const key = randomUUID();
    const response = await file(SLUG, citizen.pin, form, key);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body.status).toBe('submitted');
    const id = String(response.body.id);
    // A retry with the same key is the same dossier.
    const replay = await file(SLUG, citizen.pin, form, key);
    expect(replay.status).toBe(202);
    expect(replay.body.id).toBe(id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const token = await api.officerToken(officers[0]?.pin ?? '', supervisor);
    const task = await api.waitForTask(token, taskId(id, 'ServiceDecision'));
    expect(task.findings).toContainEqual(
      expect.objectContaining({
        check: 'fee-exemption-evidence',
        passed: false,
        detail: expect.stringContaining('KT-92-000123'),
      }),
    );
    const view = (await api.view(id, citizen.pin)) as unknown as ExemptView;
    expect(view.payment).toBeUndefined();
    expect(view.feeExemption).toMatchObject({
      id: 'disability',
      establishedBy: 'declaration',
      evidenceReference: 'KT-92-000123',
      waived: { amountVnd: 200_000 },
    });
    expect((await api.decide(token, task.taskId, 'approve', 'Không có án tích.')).status).toBe(200);
    await api.waitForStatus(id, citizen.pin, 'completed');
  });

  it('exempts an applicant of 60 or over from the NPDB alone: no payment step, no claim', async () => {
    const citizen = await take(61, 90);
    const response = await file(SLUG, citizen.pin, FORM);
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body.status).toBe('submitted');
    const id = String(response.body.id);
    const view = (await api.view(id, citizen.pin)) as unknown as ExemptView;
    expect(view.payment).toBeUndefined();
    expect(view.feeExemption).toMatchObject({ id: 'elderly', establishedBy: 'npdb', waived: { amountVnd: 200_000 } });
    const token = await api.officerToken(officers[1]?.pin ?? '', supervisor);
    const task = await api.waitForTask(token, taskId(id, 'ServiceDecision'));
    expect(task.findings.map((f) => f.check)).not.toContain('fee-exemption-evidence');
  });

  it('refuses a bad claim with a 4xx naming the field, writing nothing', async () => {
    const citizen = await take(20, 55);
    const cases: [string, unknown, string][] = [
      [
        SLUG,
        { ...FORM, feeExemption: { ground: 'left-handed', evidenceReference: 'X-1234' } },
        'body.form.feeExemption.ground',
      ],
      [
        SLUG,
        { ...FORM, feeExemption: { ground: 'elderly', evidenceReference: 'X-1234' } },
        'body.form.feeExemption.ground',
      ],
      [SLUG, { ...FORM, feeExemption: { ground: 'disability' } }, 'body.form.feeExemption.evidenceReference'],
      [
        'temporary-absence-declaration',
        {
          from: today(),
          until: today(),
          destination: 'Thành phố Hồ Chí Minh',
          reason: 'Công tác dài ngày',
          feeExemption: { ground: 'disability', evidenceReference: 'X-1234' },
        },
        'feeExemption',
      ],
    ];
    for (const [slug, form, field] of cases) {
      const response = await file(slug, citizen.pin, form);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
    }
    expect(await api.dossiersOf(citizen.pin)).toEqual([]);
  });
});
