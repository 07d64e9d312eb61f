/**
 * Interconnected group 1 (birth → PIN → permanent residence → TE health-insurance card) decided by officers, on
 * the shared local cloud. Province 01 keeps the repository's configuration: the commune civil-status officer
 * registers the birth, the commune police record the residence, the PIN and the card are issued automatically.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { communesOfProvince, findCommune } from '../../../shared/domain/admin-units/communes.ts';
import { parsePin } from '../../../shared/domain/pin.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import {
  birthFamilies,
  birthRequest,
  childName,
  DossierClient,
  type DossierView,
  expectedTeValidUntil,
  type Family,
  officerCitizens,
  seededPopulation,
  taskId,
  waitFor,
} from '../../support/dossiers.ts';

const PROVINCE = '01';
// Newborns that get a PIN here are boys: api/population-statistics.test.ts writes girls born in 2026 with fixed PINs
// (001326000001...) in the range the live PIN issuer starts from, and would find them taken.
const population = seededPopulation(inject('seededCitizens'));
const families = birthFamilies(population, PROVINCE);
const officers = officerCitizens(population, PROVINCE);
const api = new DossierClient();
afterAll(() => api.destroy());

const officerPin = (index: number) => {
  const officer = officers[index];
  if (!officer) throw new Error(`No officer ${index} among the seeded adults of ${PROVINCE}`);
  return officer.pin;
};
const role = (agency: OfficerRole['agency'], communeCode?: string, provinceCode = PROVINCE): OfficerRole => ({
  agency,
  role: communeCode ? 'officer' : 'supervisor',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});
const family = (index: number): Family => {
  const found = families[index];
  if (!found) throw new Error(`The seeded population has only ${families.length} families in ${PROVINCE}`);
  return found;
};
const communeOf = (f: Family) => f.applicant.permanentResidence.communeCode;

/** Checks the PIN issued to a child born in `communeCode`: the format and what its digits say. */
const expectValidChildPin = (pin: string | undefined, communeCode: string, sex: string, birthDate: string) => {
  expect(pin).toMatch(/^\d{12}$/);
  const legacy = findCommune(communeCode)?.legacyProvinceCode;
  expect(legacy).toMatch(/^\d{3}$/);
  expect(pin?.slice(0, 3)).toBe(legacy);
  const parsed = parsePin(pin ?? '');
  expect(parsed.ok).toBe(true);
  if (parsed.ok) {
    expect(parsed.pin.sex).toBe(sex);
    expect(parsed.pin.centuryStart + parsed.pin.birthYearTwoDigits).toBe(Number(birthDate.slice(0, 4)));
  }
};

const stepOf = (view: DossierView, stepId: string) => view.steps.find((s) => s.stepId === stepId);

describe('birth group decided by officers (province 01)', () => {
  it('the commune officers register the birth and the residence; the PIN and the TE card follow; the parent hears of each step', async () => {
    const f = family(0);
    const commune = communeOf(f);
    const otherCommune = communesOfProvince(PROVINCE).find((c) => c.code !== commune)?.code;
    const civil = await api.officerToken(officerPin(0), role('civil-status', commune));
    const police = await api.officerToken(officerPin(1), role('police', commune));
    const outsiders = {
      'a civil-status officer of another commune': await api.officerToken(
        officerPin(2),
        role('civil-status', otherCommune),
      ),
      'a civil-status supervisor of another province': await api.officerToken(
        officerPin(3),
        role('civil-status', undefined, '37'),
      ),
      'a police officer of the same commune': police,
      'a social-security supervisor of the province': await api.officerToken(officerPin(4), role('social-security')),
    };
    const child = { given: 'Khôi', sex: 'male' as const };
    const request = birthRequest(f, child);
    const birthDate = request.form.child.birthDate;
    const childrenBefore = await api.childrenOf(f.mother.pin);

    const id = await api.submitAccepted(f.applicant.pin, request);
    const registerBirth = taskId(id, 'RegisterBirth');
    const task = await api.waitForTask(civil, registerBirth);
    expect(task).toMatchObject({ dossierId: id, stepId: 'RegisterBirth', agency: 'civil-status', overdue: false });
    expect(task.communeCode).toBe(commune);
    expect(task.findings.map((x) => x.check).sort()).toEqual(
      [
        'applicant-is-parent',
        'birth-certificate',
        'father-in-npdb',
        'mother-in-npdb',
        'no-child-registered-that-day',
        'within-60-days',
      ].filter((c) => c !== 'father-in-npdb' || f.father),
    );
    expect(task.findings.every((x) => x.passed)).toBe(true);

    // Officers without jurisdiction neither see the task nor can decide it.
    for (const [who, token] of Object.entries(outsiders)) {
      expect(
        (await api.inbox(token)).map((t) => t.dossierId),
        who,
      ).not.toContain(id);
      const refused = await api.decide(token, registerBirth, 'approve');
      expect(refused.status, who).toBe(404);
    }
    // A citizen without an officer role has no inbox, and only the applicant sees the dossier.
    expect((await api.call('/v1/officer/tasks', await api.citizenToken(f.applicant.pin))).status).toBe(403);
    const otherParent = families.at(-1)?.applicant.pin ?? '';
    expect((await api.call(`/v1/dossiers/${id}`, await api.citizenToken(otherParent))).status).toBe(404);
    expect(stepOf(await api.view(id, f.applicant.pin), 'RegisterBirth')?.status).toBe('awaiting-officer');

    // The officer clicks twice at once: both answers are the approval, the PIN is issued once.
    const [first, second] = await Promise.all([
      api.decide(civil, registerBirth, 'approve'),
      api.decide(civil, registerBirth, 'approve'),
    ]);
    for (const answer of [first, second]) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ status: 'approved', decidedBy: officerPin(0), stepId: 'RegisterBirth' });
    }

    const atResidence = await api.waitForStep(id, f.applicant.pin, 'RegisterPermanentResidence', 'awaiting-officer');
    const pin = atResidence.documents.pin;
    expectValidChildPin(pin, commune, 'male', birthDate);
    expect(atResidence.documents.birthCertificateNumber).toBe(`KS${id.slice(2)}`);
    const newborn = await api.citizen(pin ?? '');
    expect(newborn).toMatchObject({
      pin,
      fullName: childName(f, child),
      sex: 'male',
      birthDate,
      status: 'alive',
      motherPin: f.mother.pin,
      ...(f.father ? { fatherPin: f.father.pin } : {}),
    });
    expect(newborn?.householdId).toBeUndefined();
    expect(await api.childrenOf(f.mother.pin)).toEqual([...childrenBefore, pin].sort());
    if (f.father) expect(await api.childrenOf(f.father.pin)).toContain(pin);

    // The commune police record the residence; a second click is the same answer, a rejection after it a 409.
    const residence = taskId(id, 'RegisterPermanentResidence');
    const residenceTask = await api.waitForTask(police, residence);
    expect(residenceTask.findings.every((x) => x.passed)).toBe(true);
    expect((await api.inbox(civil)).map((t) => t.dossierId)).not.toContain(id);
    const approved = await api.approve(police, residence);
    const again = await api.approve(police, residence);
    expect(again.body).toMatchObject({ status: 'approved', decidedAt: approved.body.decidedAt });
    const reversal = await api.decide(police, residence, 'reject', 'The household head did not confirm in time.');
    expect(reversal.status).toBe(409);
    expect(String(reversal.body.message)).toContain(`already approved by ${officerPin(1)}`);

    const done = await api.waitForStatus(id, f.applicant.pin, 'completed');
    expect(done.steps.map((s) => [s.stepId, s.status, s.decidedBy, s.automatic ?? false])).toEqual([
      ['RegisterBirth', 'approved', officerPin(0), false],
      ['RegisterPermanentResidence', 'approved', officerPin(1), false],
      ['IssueChildHealthInsurance', 'approved', 'system:auto-approval', true],
    ]);
    expect(done.documents.pin).toBe(pin);
    const card = done.documents.healthInsuranceCardNumber;
    expect(card).toMatch(/^TE101\d{10}$/);
    expect(done.documents.healthInsuranceValidUntil).toBe(expectedTeValidUntil(birthDate));

    const registered = await api.citizen(pin ?? '');
    expect(registered).toMatchObject({
      householdId: f.applicant.householdId,
      relationToHead: 'child',
      healthInsurance: { number: card, validFrom: birthDate, validUntil: expectedTeValidUntil(birthDate) },
    });
    expect(registered?.permanentResidence.communeCode).toBe(commune);
    expect((await api.householdMembers(f.applicant.householdId ?? '')).map((m) => m.pin)).toContain(pin);
    // One child, one PIN, one card: nothing was issued twice.
    expect(await api.childrenOf(f.mother.pin)).toEqual([...childrenBefore, pin].sort());
    for (const stepId of ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance']) {
      expect(
        done.timeline.filter((e) => e.kind === 'step-approved' && e.stepId === stepId),
        stepId,
      ).toHaveLength(1);
    }
    expect(done.timeline.filter((e) => e.kind === 'completed')).toHaveLength(1);

    // One on receipt, one per step an officer decided (the birth's tells the PIN), one at the end that also tells what
    // the steps approved without an officer did (the card): each result is in exactly one message.
    const texts = (await api.outbox(f.applicant.pin)).map((m) => m.text);
    const name = childName(f, child);
    const expected = [
      `Hồ sơ ${id} (`,
      `Đã đăng ký khai sinh cho ${name}; số trích lục KS${id.slice(2)}`,
      `Đã cấp số định danh cá nhân ${pin} cho ${name}`,
      `Đã đăng ký thường trú cho ${name}`,
      `Đã cấp thẻ bảo hiểm y tế ${card} cho ${name}, có giá trị đến ${expectedTeValidUntil(birthDate)}`,
      `Hồ sơ ${id} đã hoàn thành`,
    ];
    for (const text of expected)
      expect(
        texts.filter((t) => t.includes(text)),
        text,
      ).toHaveLength(1);
    expect(texts).toHaveLength(4);
    expect(texts.find((t) => t.includes('Đã đăng ký khai sinh'))).toContain(`Đã cấp số định danh cá nhân ${pin}`);
    expect(texts.find((t) => t.includes(`Hồ sơ ${id} đã hoàn thành`))).toContain(`Đã cấp thẻ bảo hiểm y tế ${card}`);

    for (const token of [civil, police]) expect((await api.inbox(token)).map((t) => t.dossierId)).not.toContain(id);
    expect((await api.executions('BirthGroup', id)).map((e) => e.status)).toEqual(['SUCCEEDED']);
  });

  it('a rejected birth registration ends the dossier with the reason, cancels the later steps and creates no one', async () => {
    const f = family(1);
    const civil = await api.officerToken(officerPin(5), role('civil-status', communeOf(f)));
    const childrenBefore = await api.childrenOf(f.mother.pin);
    const request = birthRequest(f, { given: 'Ngân', sex: 'female' });
    const id = await api.submitAccepted(f.applicant.pin, request);
    const registerBirth = taskId(id, 'RegisterBirth');
    await api.waitForTask(civil, registerBirth);

    const tooShort = await api.decide(civil, registerBirth, 'reject', 'no paper');
    expect(tooShort.status).toBe(400);
    expect(String(tooShort.body.message)).toMatch(/reason for the refusal \(at least 10 characters\)/);
    expect((await api.inbox(civil)).map((t) => t.taskId)).toContain(registerBirth);

    const reason = 'Số giấy chứng sinh không khớp với dữ liệu của bệnh viện';
    const rejected = await api.decide(civil, registerBirth, 'reject', reason);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason, decidedBy: officerPin(5) });

    const view = await api.waitForStatus(id, f.applicant.pin, 'rejected');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['RegisterBirth', 'rejected'],
      ['RegisterPermanentResidence', 'cancelled'],
      ['IssueChildHealthInsurance', 'cancelled'],
    ]);
    expect(stepOf(view, 'RegisterBirth')?.reason).toBe(reason);
    expect(view.outcome?.vi).toContain(reason);
    expect(view.outcome?.en).toContain(reason);
    expect(view.documents.pin).toBeUndefined();
    expect((await api.inbox(civil)).map((t) => t.dossierId)).not.toContain(id);
    expect(await api.childrenOf(f.mother.pin)).toEqual(childrenBefore);
    expect((await api.outbox(f.applicant.pin)).map((m) => m.text).filter((t) => t.includes(reason))).toHaveLength(2);
    expect((await api.executions('BirthGroup', id)).map((e) => e.status)).toEqual(['SUCCEEDED']);

    // The refusal frees the birth: the parent may apply again with the right papers.
    const retry = await api.submit(f.applicant.pin, request);
    expect(retry.status).toBe(202);
    expect(retry.body.id).not.toBe(id);
  });

  it('a residence refused after the PIN was issued keeps the one child; applying again for that birth is refused', async () => {
    const f = family(12);
    const civil = await api.officerToken(officerPin(8), role('civil-status', communeOf(f)));
    const police = await api.officerToken(officerPin(9), role('police', communeOf(f)));
    const request = birthRequest(f, { given: 'Tâm', sex: 'male' });
    const id = await api.submitAccepted(f.applicant.pin, request);
    await api.waitForTask(civil, taskId(id, 'RegisterBirth'));
    await api.approve(civil, taskId(id, 'RegisterBirth'));
    await api.waitForTask(police, taskId(id, 'RegisterPermanentResidence'));
    const reason = 'Chủ hộ chưa xác nhận đồng ý cho đăng ký thường trú';
    expect((await api.decide(police, taskId(id, 'RegisterPermanentResidence'), 'reject', reason)).status).toBe(200);

    const view = await api.waitForStatus(id, f.applicant.pin, 'rejected');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['RegisterBirth', 'approved'],
      ['RegisterPermanentResidence', 'rejected'],
      ['IssueChildHealthInsurance', 'cancelled'],
    ]);
    // The registered birth and its PIN stay valid.
    const pin = view.documents.pin ?? '';
    expect(await api.citizen(pin)).toMatchObject({ fullName: request.form.child.fullName, status: 'alive' });
    const children = await api.childrenOf(f.mother.pin);
    expect(children).toContain(pin);

    // The child exists: a new application for the same birth would register them a second time, with a second PIN.
    const again = await api.submit(f.applicant.pin, request);
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(String(again.body.message)).toContain(
      `already registered by dossier ${id} (personal identification number ${pin})`,
    );
    expect(await api.childrenOf(f.mother.pin)).toEqual(children);
  });

  it('10 births submitted and approved at once get 10 distinct PINs and one child record each', async () => {
    const batch = Array.from({ length: 10 }, (_, i) => family(2 + i));
    const civil = await api.officerToken(officerPin(6), role('civil-status'));
    const police = await api.officerToken(officerPin(7), role('police'));
    const children = ['An', 'Bảo', 'Cường', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Long', 'Minh', 'Nam'];
    const before = await Promise.all(batch.map((f) => api.childrenOf(f.mother.pin)));
    const requests = batch.map((f, i) => birthRequest(f, { given: children[i] ?? 'Tú', sex: 'male' }));

    const ids = await Promise.all(batch.map((f, i) => api.submitAccepted(f.applicant.pin, requests[i])));
    expect(new Set(ids).size).toBe(10);
    await waitFor(async () => {
      const open = new Set((await api.inbox(civil, 'limit=200')).map((t) => t.taskId));
      return ids.every((id) => open.has(taskId(id, 'RegisterBirth')));
    }, 20_000);
    const births = await Promise.all(ids.map((id) => api.decide(civil, taskId(id, 'RegisterBirth'), 'approve')));
    expect(births.map((r) => r.status)).toEqual(Array(10).fill(200));

    await waitFor(async () => {
      const open = new Set((await api.inbox(police, 'limit=200')).map((t) => t.taskId));
      return ids.every((id) => open.has(taskId(id, 'RegisterPermanentResidence')));
    }, 20_000);
    const residences = await Promise.all(
      ids.map((id) => api.decide(police, taskId(id, 'RegisterPermanentResidence'), 'approve')),
    );
    expect(residences.map((r) => r.status)).toEqual(Array(10).fill(200));

    const done = await Promise.all(
      ids.map((id, i) => api.waitForStatus(id, batch[i]?.applicant.pin ?? '', 'completed')),
    );
    const pins = done.map((d) => d.documents.pin ?? '');
    expect(new Set(pins).size).toBe(10);
    expect(new Set(done.map((d) => d.documents.healthInsuranceCardNumber)).size).toBe(10);
    for (const [i, f] of batch.entries()) {
      const pin = pins[i] ?? '';
      expectValidChildPin(pin, communeOf(f), 'male', requests[i]?.form.child.birthDate ?? '');
      expect(await api.childrenOf(f.mother.pin)).toEqual([...(before[i] ?? []), pin].sort());
      expect(await api.citizen(pin)).toMatchObject({
        fullName: requests[i]?.form.child.fullName,
        motherPin: f.mother.pin,
        householdId: f.applicant.householdId,
      });
    }
    // Nothing had to be retried: concurrent births do not conflict over serials, households or cards.
    for (const id of ids) {
      const failures = (await api.executionHistory('BirthGroup', id)).filter((e) =>
        /Failed|TimedOut/.test(e.type ?? ''),
      );
      expect(failures, id).toEqual([]);
    }
  });
});
