/**
 * Services 2 (ID card renewal or re-issue) and 12 (criminal-record certificate) on the shared local cloud, decided by
 * the police of province 92: bad input is a 4xx naming the field with nothing written, officers elsewhere get 404, an
 * Idempotency-Key replay answers the same dossier, an approval has its real effect (the new card on the NPDB record;
 * a verifiable certificate) and a refusal changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { addDays, ageInYears } from '../../../shared/domain/dates.ts';
import { idCardExpiry } from '../../../shared/domain/id-card.ts';
import { nextWorkingDay } from '../../../shared/domain/working-days.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import { DossierClient, officerCitizens, seededPopulation, taskId, today } from '../../support/dossiers.ts';
import { payDossier } from '../../support/payments.ts';

const PROVINCE = '92';
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

// Officers from the far end of the list the residence tests take theirs from; applicants from the end of the seed.
const officers = officerCitizens(population, PROVINCE).slice(10, 13);
const used = new Set(officers.map((o) => o.pin));
const officerPin = (i: number) => officers[i]?.pin ?? '';
const police = (communeCode?: string, provinceCode = PROVINCE): OfficerRole => ({
  agency: 'police',
  role: communeCode ? 'officer' : 'supervisor',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});

/** A living citizen of the province, aged 20 to 55, untouched by earlier test files (checked on the stored record). */
const take = async (where: (c: Citizen) => boolean = () => true): Promise<Citizen> => {
  for (const c of [...population].reverse()) {
    const age = ageInYears(c.birthDate, today());
    if (c.permanentResidence.provinceCode !== PROVINCE || age < 20 || age > 55 || used.has(c.pin) || !where(c))
      continue;
    const stored = await api.citizen(c.pin);
    if (stored?.status !== 'alive' || stored.idCard?.status !== 'valid') continue;
    if (stored.permanentResidence.provinceCode !== PROVINCE || stored.permanentResidenceDeleted) continue;
    used.add(c.pin);
    return stored;
  }
  throw new Error(`No free citizen left in province ${PROVINCE}`);
};

const file = async (slug: string, pin: string, form: unknown, key: string = randomUUID()) =>
  api.call(`/v1/services/${slug}/dossiers`, await api.citizenToken(pin, 2), {
    method: 'POST',
    body: JSON.stringify({ form }),
    headers: { 'Idempotency-Key': key },
  });

/** Expects a refusal naming `field`, and no dossier written for the applicant. */
const expectRefused = async (slug: string, pin: string, form: unknown, status: number, field: string) => {
  const before = (await api.dossiersOf(pin)).length;
  const response = await file(slug, pin, form);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(JSON.stringify(response.body)).toContain(field);
  expect((await api.dossiersOf(pin)).length).toBe(before);
};

/** Files, expects the fee, pays it; returns the dossier ID. */
const filedAndPaid = async (slug: string, pin: string, form: unknown, amountVnd: number) => {
  const response = await file(slug, pin, form);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(response.body.status).toBe('awaiting-payment');
  const id = String(response.body.id);
  const view = (await api.view(id, pin)) as unknown as { payment: { amountVnd: number } };
  expect(view.payment.amountVnd).toBe(amountVnd);
  await payDossier(api, id, pin);
  return id;
};

const expectElsewhere404 = async (task: string, dossierId: string) => {
  for (const token of [
    await api.officerToken(officerPin(1), police(undefined, '01')),
    await api.officerToken(officerPin(1), { agency: 'civil-status', role: 'supervisor', provinceCode: PROVINCE }),
  ]) {
    expect((await api.decide(token, task, 'approve', 'Không có án tích.')).status).toBe(404);
    expect((await api.call(`/v1/dossiers/${dossierId}`, token)).status).toBe(404);
  }
};

const appointment = { date: nextWorkingDay(today()), slot: '09:30' };
let saturday = addDays(today(), 1);
while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);

describe('service 2: renewal or re-issue of the ID card (commune police of the residence)', () => {
  const slug = 'id-card-reissue';

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const citizen = await take();
    const form = { kind: 'renewal', reason: 'damaged', appointment };
    const refusals: [unknown, number, string][] = [
      [{ ...form, appointment: { ...appointment, date: today() } }, 400, 'body.form.appointment.date'],
      [{ ...form, appointment: { ...appointment, date: addDays(today(), 31) } }, 400, 'body.form.appointment.date'],
      [{ ...form, appointment: { ...appointment, date: saturday } }, 400, 'body.form.appointment.date'],
      [{ ...form, appointment: { ...appointment, slot: '12:00' } }, 400, 'body.form.appointment.slot'],
      [{ ...form, kind: 'reissue' }, 400, 'body.form.reason'],
      [{ ...form, fullName: citizen.fullName }, 400, 'fullName'],
    ];
    for (const [bad, status, field] of refusals) await expectRefused(slug, citizen.pin, bad, status, field);
    // A child under 14 holds no card in the NPDB: nothing to renew.
    const child = population.find(
      (c) => c.permanentResidence.provinceCode === PROVINCE && c.status === 'alive' && !c.idCard && !used.has(c.pin),
    );
    if (child) await expectRefused(slug, child.pin, form, 422, 'body.form.kind');
  });

  it('is filed once per key, holds the card, and on approval records the new card and the old one replaced', async () => {
    const citizen = await take();
    const form = { kind: 'renewal', reason: 'damaged', appointment };
    const key = randomUUID();
    const first = await file(slug, citizen.pin, form, key);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const replay = await file(slug, citizen.pin, form, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    // The card's replacement is pending: a second request for it is refused while this one lives.
    expect((await file(slug, citizen.pin, { ...form, reason: 'changed-information' })).status).toBe(409);
    const id = String(first.body.id);
    const view = (await api.view(id, citizen.pin)) as unknown as { payment: { amountVnd: number } };
    expect(view.payment.amountVnd).toBe(50_000);
    await payDossier(api, id, citizen.pin);

    const task = taskId(id, 'ServiceDecision');
    const commune = citizen.permanentResidence.communeCode;
    const token = await api.officerToken(officerPin(0), police(commune));
    const waiting = await api.waitForTask(token, task);
    expect(waiting.findings).toContainEqual(expect.objectContaining({ check: 'captured-in-person', passed: false }));
    await expectElsewhere404(task, id);

    expect((await api.decide(token, task, 'approve')).status).toBe(200);
    const done = await api.waitForStatus(id, citizen.pin, 'completed');
    const record = await api.citizen(citizen.pin);
    const expiresOn = idCardExpiry(citizen.birthDate, today());
    expect(record?.idCard).toEqual({
      number: citizen.pin,
      issuedOn: today(),
      ...(expiresOn ? { expiresOn } : {}),
      status: 'valid',
      dossierId: id,
    });
    expect(record?.previousIdCards?.at(-1)).toEqual({
      ...citizen.idCard,
      status: 'replaced',
      endedOn: today(),
      endedBy: id,
    });
    const history = await api.history(citizen.pin);
    expect(history.at(-1)).toMatchObject({ action: 'id-card-renewed', actor: officerPin(0) });
    const result = done.steps[0]?.result as { noticeNumber: string; verificationCode: string };
    const notice = await api.call(`/v1/documents/${result.noticeNumber}?code=${result.verificationCode}`, undefined);
    expect(notice.body).toMatchObject({ valid: true, subject: { pin: citizen.pin } });

    // Deciding again is harmless and writes nothing more.
    expect((await api.decide(token, task, 'approve')).status).toBe(200);
    expect(await api.history(citizen.pin)).toHaveLength(history.length);
  });

  it('re-issue of a lost card: 70,000 đ; a refusal leaves the card and the record as they were', async () => {
    const citizen = await take();
    const id = await filedAndPaid(slug, citizen.pin, { kind: 'reissue', reason: 'lost', appointment }, 70_000);
    const before = await api.citizen(citizen.pin);
    const token = await api.officerToken(officerPin(2), police(citizen.permanentResidence.communeCode));
    const task = taskId(id, 'ServiceDecision');
    await api.waitForTask(token, task);
    expect((await api.decide(token, task, 'reject', 'The applicant did not come to the appointment.')).status).toBe(
      200,
    );
    expect((await api.waitForStatus(id, citizen.pin, 'rejected')).outcome?.en).toContain('did not come');
    expect(await api.citizen(citizen.pin)).toEqual(before);
  });
});

describe('service 12: criminal-record certificate (police of the province)', () => {
  const slug = 'criminal-record-certificate';
  const form = { certificateType: 2, purpose: 'Bổ sung hồ sơ xin việc', copies: 1 };

  it('refuses bad input, and a field the NPDB holds, naming the field', async () => {
    const citizen = await take();
    await expectRefused(slug, citizen.pin, { ...form, includeOfficeBan: true }, 400, 'body.form.includeOfficeBan');
    await expectRefused(slug, citizen.pin, { ...form, copies: 0 }, 400, 'body.form.copies');
    await expectRefused(slug, citizen.pin, { ...form, birthPlace: 'Hà Nội' }, 400, 'birthPlace');
  });

  it("issues a verifiable certificate with the officer's outcome and the NPDB's data; changes no record", async () => {
    const citizen = await take((c) => c.fatherPin !== undefined || c.motherPin !== undefined);
    const history = await api.history(citizen.pin);
    const id = await filedAndPaid(slug, citizen.pin, form, 200_000);
    const task = taskId(id, 'ServiceDecision');
    // A province-wide officer of the police (the judicial-records office) decides.
    const token = await api.officerToken(officerPin(1), police());
    const waiting = await api.waitForTask(token, task);
    expect(waiting.findings).toContainEqual(
      expect.objectContaining({ check: 'judicial-records-checked', passed: false }),
    );
    await expectElsewhere404(task, id);
    // Without the outcome of the check there is no certificate, and the step stays open.
    const bare = await api.decide(token, task, 'approve');
    expect(bare.status, JSON.stringify(bare.body)).toBe(422);
    expect(JSON.stringify(bare.body)).toContain('body.reason');
    expect((await api.decide(token, task, 'approve', 'Không có án tích.')).status).toBe(200);
    const done = await api.waitForStatus(id, citizen.pin, 'completed');
    const result = done.steps[0]?.result as { certificateNumber: string; verificationCode: string };
    const shown = await api.call(
      `/v1/documents/${result.certificateNumber}?code=${result.verificationCode}`,
      undefined,
    );
    expect(shown.status).toBe(200);
    // Only what a verifier needs: the holder, the type, the issue and whether a conviction is recorded; not the
    // entries' text, nor the parents, spouse and residence the certificate states.
    expect(shown.body).toEqual({
      valid: true,
      number: result.certificateNumber,
      type: 'criminal-record-certificate',
      issuedAt: expect.any(String),
      subject: { pin: citizen.pin, fullName: citizen.fullName },
      serviceCode: 12,
      statement: {
        vi: `Phiếu lý lịch tư pháp số 2 của ${citizen.fullName}: không có án tích.`,
        en: `Criminal-record certificate type 2 of ${citizen.fullName}: no conviction recorded.`,
      },
      details: { certificateType: 2, convictionRecorded: false },
    });
    expect((await api.call(`/v1/documents/${result.certificateNumber}?code=000000000000`, undefined)).status).toBe(404);
    expect(await api.history(citizen.pin)).toHaveLength(history.length);
  });
});
