/**
 * Services 3-6 and the residence confirmation on the shared local cloud, with real effects on the NPDB: each runs as
 * a single-agency dossier (its own function, the province intake queue, the officers' inbox, no workflow) and is
 * decided by the commune police of province 92 (officers decide there), or approved at once in the auto-approval
 * province. Bad input is a 4xx naming the field with nothing written; officers elsewhere get 404.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { addDays, ageInYears } from '../../../shared/domain/dates.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import { DossierClient, officerCitizens, seededPopulation, taskId, today, waitFor } from '../../support/dossiers.ts';
import { payDossier } from '../../support/payments.ts';

const PROVINCE = '92';
const AUTO = inject('autoApprovalProvince');
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

const officers = officerCitizens(population, PROVINCE);
const used = new Set(officers.slice(0, 6).map((o) => o.pin));
/** Living adults of a province who head no household, each handed out once. */
const adults = (province: string) =>
  population.filter(
    (c) =>
      c.status === 'alive' &&
      c.permanentResidence.provinceCode === province &&
      ageInYears(c.birthDate, today()) >= 20 &&
      c.relationToHead !== 'head' &&
      !used.has(c.pin),
  );
const take = (province = PROVINCE, where: (c: Citizen) => boolean = () => true): Citizen => {
  const found = adults(province).find(where);
  if (!found) throw new Error(`No free adult left in province ${province}`);
  used.add(found.pin);
  return found;
};
const headOf = (province: string, notHousehold: string | undefined) => {
  const head = population.find(
    (c) =>
      c.status === 'alive' &&
      c.relationToHead === 'head' &&
      c.permanentResidence.provinceCode === province &&
      c.householdId !== notHousehold &&
      !used.has(c.pin),
  );
  if (!head) throw new Error(`No household head in ${province}`);
  used.add(head.pin);
  return head;
};
const officerPin = (i: number) => officers[i]?.pin ?? '';
const police = (communeCode?: string, provinceCode = PROVINCE): OfficerRole => ({
  agency: 'police',
  role: communeCode ? 'officer' : 'supervisor',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});

const file = async (slug: string, pin: string, form: unknown, key: string = randomUUID(), level: 1 | 2 = 2) =>
  api.call(`/v1/services/${slug}/dossiers`, await api.citizenToken(pin, level), {
    method: 'POST',
    body: JSON.stringify({ form }),
    headers: { 'Idempotency-Key': key },
  });

/** Files a dossier and, for a service with a fee (3 and 4: 10,000 and 7,000 đồng online), pays it. */
const filedId = async (slug: string, pin: string, form: unknown) => {
  const response = await file(slug, pin, form);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const id = String(response.body.id);
  if (response.body.status === 'awaiting-payment') await payDossier(api, id, pin);
  return id;
};

/** Expects a refusal naming `field`, and no dossier written for the applicant. */
const expectRefused = async (slug: string, pin: string, form: unknown, status: number, field: string) => {
  const before = (await api.dossiersOf(pin)).length;
  const response = await file(slug, pin, form);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(JSON.stringify(response.body)).toContain(field);
  expect((await api.dossiersOf(pin)).length).toBe(before);
};

const approveAsPolice = async (dossierId: string, communeCode: string, officer = officerPin(0)) => {
  const token = await api.officerToken(officer, police(communeCode));
  await api.waitForTask(token, taskId(dossierId, 'ServiceDecision'));
  const response = await api.approve(token, taskId(dossierId, 'ServiceDecision'));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response;
};

const verifyNotice = async (number: string, code: string) => {
  const response = await api.call(`/v1/documents/${number}?code=${code}`, undefined);
  expect(response.status).toBe(200);
  expect(response.body.valid).toBe(true);
  return response.body;
};

describe('service 4: temporary residence registration (province 92, commune police decide)', () => {
  const applicant = take();
  const owner = headOf(PROVINCE, applicant.householdId);
  const elsewhere = population.find(
    (c) =>
      c.permanentResidence.provinceCode === PROVINCE &&
      c.permanentResidence.communeCode !== applicant.permanentResidence.communeCode,
  );
  const communeCode = elsewhere?.permanentResidence.communeCode ?? applicant.permanentResidence.communeCode;
  const form = {
    address: { communeCode, addressLine: 'Số 12 ngõ 4, tổ 3' },
    from: today(),
    until: addDays(today(), 180),
    accommodation: 'rented',
    ownerPin: owner.pin,
    persons: [applicant.pin],
  };

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    await expectRefused(
      'temporary-residence-registration',
      applicant.pin,
      { ...form, until: addDays(today(), -1) },
      400,
      'body.form.until',
    );
    await expectRefused(
      'temporary-residence-registration',
      applicant.pin,
      { ...form, until: addDays(today(), 800) },
      400,
      'body.form.until',
    );
    await expectRefused(
      'temporary-residence-registration',
      applicant.pin,
      { ...form, from: '2026-02-30' },
      400,
      'body.form.from',
    );
    await expectRefused('temporary-residence-registration', applicant.pin, { ...form, extra: 1 }, 400, 'extra');
    await expectRefused(
      'temporary-residence-registration',
      applicant.pin,
      { ...form, persons: [owner.pin] },
      422,
      'body.form.persons.0',
    );
    await expectRefused(
      'temporary-residence-registration',
      applicant.pin,
      { ...form, address: { ...form.address, communeCode: '99999' } },
      400,
      'body.form.address.communeCode',
    );
  });

  it('is filed once per Idempotency-Key, decided by the police of the address, and recorded with its history', async () => {
    const key = randomUUID();
    const first = await file('temporary-residence-registration', applicant.pin, form, key);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const replay = await file('temporary-residence-registration', applicant.pin, form, key);
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    const id = String(first.body.id);
    // A second application while this one is pending is refused.
    expect((await file('temporary-residence-registration', applicant.pin, form)).status).toBe(409);
    // The fee (7,000 đồng filed online) comes first: nothing reaches an officer before it is paid.
    expect(first.body.status).toBe('awaiting-payment');
    await payDossier(api, id, applicant.pin);

    const task = taskId(id, 'ServiceDecision');
    const here = await api.officerToken(officerPin(0), police(communeCode));
    await api.waitForTask(here, task);
    // Officers of another province, or of another agency here, neither see nor decide it.
    for (const token of [
      await api.officerToken(officerPin(1), police(undefined, '01')),
      await api.officerToken(officerPin(1), { agency: 'civil-status', role: 'supervisor', provinceCode: PROVINCE }),
    ]) {
      expect((await api.inbox(token, 'limit=200')).some((t) => t.taskId === task)).toBe(false);
      expect((await api.decide(token, task, 'approve')).status).toBe(404);
      expect((await api.call(`/v1/dossiers/${id}`, token)).status).toBe(404);
    }
    // The owner, a party to the dossier, may not decide it even as a police officer here.
    expect((await api.decide(await api.officerToken(owner.pin, police(communeCode)), task, 'approve')).status).toBe(
      403,
    );

    await approveAsPolice(id, communeCode);
    const done = await api.waitForStatus(id, applicant.pin, 'completed');
    expect(done.steps).toEqual([
      expect.objectContaining({ stepId: 'ServiceDecision', agency: 'police', status: 'approved' }),
    ]);
    const record = await api.citizen(applicant.pin);
    expect(record?.temporaryResidence).toMatchObject({
      communeCode,
      addressLine: form.address.addressLine,
      since: form.from,
      until: form.until,
    });
    expect(record?.permanentResidence).toEqual(applicant.permanentResidence);
    const history = await api.history(applicant.pin);
    expect(history.at(-1)).toMatchObject({ action: 'temporary-residence-registered', actor: officerPin(0) });
    const number = String(done.documents.noticeNumber);
    const result = done.steps[0]?.result as { verificationCode: string };
    expect((await verifyNotice(number, result.verificationCode)).statement).toMatchObject({
      en: expect.stringContaining(form.until),
    });
    expect((await api.call(`/v1/documents/${number}?code=000000000000`, undefined)).status).toBe(404);
    // Deciding again is harmless; a rejection now is a conflict.
    const again = await api.officerToken(officerPin(0), police(communeCode));
    expect((await api.decide(again, task, 'reject', 'changed my mind entirely')).status).toBe(409);
  });
});

describe('service 3: permanent residence registration', () => {
  const mover = take();
  const head = headOf(PROVINCE, mover.householdId);
  const headCommune = head.permanentResidence.communeCode;

  it('refuses a stranger to register, and a commune code of no commune, writing nothing', async () => {
    const stranger = take();
    const form = {
      householdHeadPin: head.pin,
      householdCommuneCode: headCommune,
      persons: [{ pin: stranger.pin, relationToHead: 'other' }],
    };
    await expectRefused('permanent-residence-registration', mover.pin, form, 422, 'body.form.persons.0');
    await expectRefused(
      'permanent-residence-registration',
      mover.pin,
      { ...form, householdCommuneCode: '99999', persons: [{ pin: mover.pin, relationToHead: 'other' }] },
      400,
      'body.form.householdCommuneCode',
    );
  });

  it('routes on the commune stated alone: a real head elsewhere and a non-head answer alike, and are refused', async () => {
    // Intake used to route to the named head's commune when the PIN headed a household and to the applicant's own
    // otherwise, and the commune shows in the 202, the dossier ID and the dossier view: comparing it with one's own
    // told whether, and where, any PIN heads a household. Now both go to the commune the applicant states.
    const first = take(PROVINCE, (c) => c.householdId !== undefined);
    const second = take(PROVINCE, (c) => c.householdId !== undefined && c.householdId !== first.householdId);
    const realHead = headOf(PROVINCE, first.householdId);
    const member = take(PROVINCE, (c) => c.householdId !== undefined && c.householdId !== second.householdId);
    const stated = population.find(
      (c) =>
        c.permanentResidence.provinceCode === PROVINCE &&
        ![first, second, realHead, member].some(
          (p) => p.permanentResidence.communeCode === c.permanentResidence.communeCode,
        ),
    )?.permanentResidence.communeCode as string;
    expect(stated).toBeDefined();
    const filing = async (applicant: Citizen, householdHeadPin: string) => {
      const form = {
        householdHeadPin,
        householdCommuneCode: stated,
        persons: [{ pin: applicant.pin, relationToHead: 'other' }],
      };
      const response = await file('permanent-residence-registration', applicant.pin, form);
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      const id = String(response.body.id);
      if (response.body.status === 'awaiting-payment') await payDossier(api, id, applicant.pin);
      const view = await api.view(id, applicant.pin);
      return {
        id,
        answered: { communeCode: response.body.communeCode, provinceCode: response.body.provinceCode },
        idProvince: id.slice(2, 4),
        handledBy: view.handledBy,
      };
    };
    const toRealHead = await filing(first, realHead.pin);
    const toNonHead = await filing(second, member.pin);
    for (const routed of [toRealHead, toNonHead]) {
      expect(routed).toMatchObject({
        answered: { communeCode: stated, provinceCode: PROVINCE },
        idProvince: PROVINCE,
        handledBy: { communeCode: stated, provinceCode: PROVINCE },
      });
    }

    // The police of the commune stated find what the applicant was not told, and approval refuses it.
    const token = await api.officerToken(officerPin(2), police(stated));
    const elsewhere = await api.waitForTask(token, taskId(toRealHead.id, 'ServiceDecision'));
    expect(elsewhere.findings).toContainEqual(
      expect.objectContaining({ check: 'household-head', passed: true, detail: `household ${realHead.householdId}` }),
    );
    expect(elsewhere.findings).toContainEqual({
      check: 'household-commune',
      passed: false,
      detail: 'The household of this PIN does not live in the commune stated.',
    });
    const notHead = await api.waitForTask(token, taskId(toNonHead.id, 'ServiceDecision'));
    expect(notHead.findings).toContainEqual({
      check: 'household-head',
      passed: false,
      detail: 'This PIN is not the head of a household in the NPDB.',
    });
    for (const [routed, refusal] of [
      [toRealHead, `does not live in commune ${stated}`],
      [toNonHead, 'does not head a household'],
    ] as const) {
      const approval = await api.decide(token, taskId(routed.id, 'ServiceDecision'), 'approve');
      expect(approval.status, JSON.stringify(approval.body)).toBe(409);
      expect(String(approval.body.message)).toContain(refusal);
      const reason = 'Thông tin chủ hộ hoặc nơi cư trú của hộ không đúng.';
      expect((await api.decide(token, taskId(routed.id, 'ServiceDecision'), 'reject', reason)).status).toBe(200);
    }
    await api.waitForStatus(toRealHead.id, first.pin, 'rejected');
    await api.waitForStatus(toNonHead.id, second.pin, 'rejected');
    expect((await api.citizen(first.pin))?.householdId).toBe(first.householdId);
    expect((await api.citizen(second.pin))?.householdId).toBe(second.householdId);
  });

  it('moves the person into the household with the household address, once approved; a refusal changes nothing', async () => {
    const form = {
      householdHeadPin: head.pin,
      householdCommuneCode: headCommune,
      persons: [{ pin: mover.pin, relationToHead: 'other' }],
    };
    const refused = await filedId('permanent-residence-registration', mover.pin, form);
    const commune = headCommune;
    const token = await api.officerToken(officerPin(2), police(commune));
    await api.waitForTask(token, taskId(refused, 'ServiceDecision'));
    const task = (await api.inbox(token, 'limit=200')).find((t) => t.taskId === taskId(refused, 'ServiceDecision'));
    expect(task?.findings).toContainEqual(expect.objectContaining({ check: 'household-head-consents', passed: false }));
    expect(
      (await api.decide(token, taskId(refused, 'ServiceDecision'), 'reject', 'the household head did not consent'))
        .status,
    ).toBe(200);
    expect((await api.waitForStatus(refused, mover.pin, 'rejected')).outcome?.en).toContain('did not consent');
    expect((await api.citizen(mover.pin))?.householdId).toBe(mover.householdId);

    // The subject is free again: the applicant files anew and the police approve.
    const id = await filedId('permanent-residence-registration', mover.pin, form);
    await approveAsPolice(id, commune, officerPin(2));
    await api.waitForStatus(id, mover.pin, 'completed');
    const record = await api.citizen(mover.pin);
    expect(record).toMatchObject({ householdId: head.householdId, relationToHead: 'other' });
    expect(record?.permanentResidence).toMatchObject({
      communeCode: commune,
      addressLine: head.permanentResidence.addressLine,
      since: today(),
    });
    const members = await api.householdMembers(head.householdId ?? '');
    expect(members.map((m) => m.pin)).toContain(mover.pin);
    const history = await api.history(mover.pin);
    expect(history.at(-1)).toMatchObject({ action: 'permanent-residence-registered', actor: officerPin(2) });
  });
});

describe('service 5: temporary-absence declaration', () => {
  it('records the absence on the record once the police acknowledge it; a past start is refused', async () => {
    const citizen = take();
    const form = {
      from: today(),
      until: addDays(today(), 90),
      destination: 'Thành phố Đà Nẵng',
      reason: 'Đi làm theo hợp đồng',
    };
    await expectRefused(
      'temporary-absence-declaration',
      citizen.pin,
      { ...form, from: addDays(today(), -3) },
      400,
      'body.form.from',
    );
    await expectRefused('temporary-absence-declaration', citizen.pin, { ...form, reason: 1 }, 400, 'body.form.reason');
    const id = await filedId('temporary-absence-declaration', citizen.pin, form);
    await approveAsPolice(id, citizen.permanentResidence.communeCode, officerPin(3));
    await api.waitForStatus(id, citizen.pin, 'completed');
    expect((await api.citizen(citizen.pin))?.temporaryAbsence).toEqual({ ...form, dossierId: id });
  });

  it(`completes without an officer where the province auto-approves (${AUTO})`, async () => {
    const citizen = take(AUTO);
    const form = { from: today(), until: addDays(today(), 30), destination: 'Hà Nội', reason: 'Chăm sóc người thân' };
    const id = await filedId('temporary-absence-declaration', citizen.pin, form);
    const done = await api.waitForStatus(id, citizen.pin, 'completed');
    expect(done.steps[0]).toMatchObject({ status: 'approved', automatic: true, decidedBy: 'system:auto-approval' });
    expect((await api.citizen(citizen.pin))?.temporaryAbsence?.dossierId).toBe(id);
  });
});

describe('service 6: overnight-stay notification by a host', () => {
  it("records the stay on the guest's record, naming the host; the host cannot name themselves or an unknown PIN", async () => {
    const host = take();
    const guest = take(PROVINCE, (c) => c.householdId !== host.householdId);
    const form = { guests: [guest.pin], from: today(), until: addDays(today(), 3) };
    await expectRefused(
      'overnight-stay-notification',
      host.pin,
      { ...form, guests: [host.pin] },
      422,
      'body.form.guests.0',
    );
    await expectRefused(
      'overnight-stay-notification',
      host.pin,
      { ...form, guests: [`${guest.pin.slice(0, 6)}999999`] },
      422,
      'body.form.guests.0',
    );
    await expectRefused(
      'overnight-stay-notification',
      host.pin,
      { ...form, until: addDays(today(), 40) },
      400,
      'body.form.until',
    );
    const id = await filedId('overnight-stay-notification', host.pin, form);
    await approveAsPolice(id, host.permanentResidence.communeCode, officerPin(4));
    await api.waitForStatus(id, host.pin, 'completed');
    expect((await api.citizen(guest.pin))?.overnightStay).toEqual({
      hostPin: host.pin,
      communeCode: host.permanentResidence.communeCode,
      addressLine: host.permanentResidence.addressLine,
      from: form.from,
      until: form.until,
      dossierId: id,
    });
    expect((await api.history(guest.pin)).at(-1)).toMatchObject({ action: 'overnight-stay-notified' });
  });
});

describe('residence confirmation from the NPDB', () => {
  it('issues a verifiable confirmation of the residence the NPDB holds, and logs the issue and the check', async () => {
    const citizen = take();
    const token = await api.citizenToken(citizen.pin, 2);
    const issued = await api.call('/v1/services/residence-confirmations', token, { method: 'POST', body: '{}' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({
      type: 'residence-confirmation',
      permanentResidence: citizen.permanentResidence,
    });
    const shown = await verifyNotice(String(issued.body.number), String(issued.body.verificationCode));
    expect(shown).toMatchObject({ type: 'residence-confirmation', subject: { pin: citizen.pin } });
    expect(shown).not.toHaveProperty('verificationCode');
    const log = await api.call('/v1/me/access-log?limit=10', token);
    expect((log.body.entries as { purpose: string }[]).map((e) => e.purpose)).toEqual(
      expect.arrayContaining(['residence-confirmation', 'document-verification']),
    );
    const low = await api.call('/v1/services/residence-confirmations', await api.citizenToken(citizen.pin, 1), {
      method: 'POST',
      body: '{}',
    });
    expect(low.status).toBe(403);
    expect(
      (
        await api.call('/v1/services/residence-confirmations', token, {
          method: 'POST',
          body: '{"pin":"001085000001"}',
        })
      ).status,
    ).toBe(400);
  });
});

describe("services decided in the owner agency's own system", () => {
  it("wait in that agency's inbox only, and end with the decision its officer records", async () => {
    const citizen = take();
    const id = await filedId('individual-tax-registration', citizen.pin, { dependants: 1 });
    const task = taskId(id, 'ServiceDecision');
    const commune = citizen.permanentResidence.communeCode;
    const policeHere = await api.officerToken(officerPin(5), police(commune));
    const finance = await api.officerToken(officerPin(5), {
      agency: 'finance',
      role: 'supervisor',
      provinceCode: PROVINCE,
    });
    const waiting = await api.waitForTask(finance, task);
    expect(waiting.findings).toContainEqual(
      expect.objectContaining({ check: 'decided-in-owner-system', passed: false }),
    );
    expect((await api.decide(policeHere, task, 'approve')).status).toBe(404);
    expect((await api.approve(finance, task)).status).toBe(200);
    const done = await api.waitForStatus(id, citizen.pin, 'completed');
    expect(done.steps[0]).toMatchObject({ agency: 'finance', result: { decidedIn: 'finance' } });
    await expectRefused('individual-tax-registration', citizen.pin, { dependants: -1 }, 400, 'body.form.dependants');
    await expectRefused(
      'low-voltage-power-connection',
      citizen.pin,
      { purpose: 'household' },
      400,
      'body.form.supplyAddress',
    );
  });
});

describe('service 16: marriage registration', () => {
  it('tells no one a partner is married, and records both as spouses once the civil-status officer approves', async () => {
    const single = (c: Citizen) => c.spousePin === undefined && ageInYears(c.birthDate, today()) >= 20;
    const man = take(PROVINCE, (c) => single(c) && c.sex === 'male');
    const woman = take(
      PROVINCE,
      (c) => single(c) && c.sex === 'female' && c.motherPin !== man.motherPin && c.fatherPin !== man.fatherPin,
    );
    const married = population.find(
      (c) => c.status === 'alive' && c.spousePin !== undefined && c.sex === 'female' && !used.has(c.pin),
    );
    await expectRefused('marriage-registration', man.pin, { partnerPin: man.pin }, 422, 'body.form.partnerPin');
    await expectRefused('marriage-registration', man.pin, { partnerPin: woman.pin, witness: 'x' }, 400, 'witness');
    const commune = man.permanentResidence.communeCode;
    const token = await api.officerToken(officerPin(5), {
      agency: 'civil-status',
      role: 'officer',
      provinceCode: PROVINCE,
      communeCode: commune,
    });
    // A married partner is filed as any other: intake tells whoever types a PIN nothing of its holder. The officer
    // finds it, and refuses.
    expect(married, 'a married woman in the seed').toBeDefined();
    if (married) {
      const refused = await filedId('marriage-registration', man.pin, { partnerPin: married.pin });
      const pending = await api.waitForTask(token, taskId(refused, 'ServiceDecision'));
      expect(pending.findings).toContainEqual(
        expect.objectContaining({
          check: 'no-impediment',
          passed: false,
          detail: 'The partner is married according to the NPDB.',
        }),
      );
      expect((await api.decide(token, pending.taskId, 'reject', 'Người được nêu tên đang có vợ/chồng.')).status).toBe(
        200,
      );
      await api.waitForStatus(refused, man.pin, 'rejected');
    }

    const id = await filedId('marriage-registration', man.pin, { partnerPin: woman.pin });
    const task = await api.waitForTask(token, taskId(id, 'ServiceDecision'));
    expect(task.findings).toContainEqual(expect.objectContaining({ check: 'both-parties-consent', passed: false }));
    // The police of the same commune do not decide a marriage.
    expect(
      (await api.decide(await api.officerToken(officerPin(5), police(commune)), task.taskId, 'approve')).status,
    ).toBe(404);
    expect((await api.approve(token, task.taskId)).status).toBe(200);
    const done = await api.waitForStatus(id, man.pin, 'completed');
    expect((await api.citizen(man.pin))?.spousePin).toBe(woman.pin);
    expect((await api.citizen(woman.pin))?.spousePin).toBe(man.pin);
    expect((await api.history(woman.pin)).at(-1)).toMatchObject({
      action: 'marriage-registered',
      actor: officerPin(5),
    });
    const result = done.steps[0]?.result as { certificateNumber: string; verificationCode: string };
    await verifyNotice(result.certificateNumber, result.verificationCode);
    // Now married, neither can marry again.
    await expectRefused('marriage-registration', woman.pin, { partnerPin: man.pin }, 422, 'body');
  });
});

describe('service 4 fee: paid before the police see it, refunded when they refuse', () => {
  const applicant = take();
  const owner = headOf(PROVINCE, applicant.householdId);
  const communeCode = applicant.permanentResidence.communeCode;
  const form = {
    address: { communeCode, addressLine: 'Số 8 ngõ 2, tổ 5' },
    from: today(),
    until: addDays(today(), 90),
    accommodation: 'rented',
    ownerPin: owner.pin,
    persons: [applicant.pin],
  };

  it('waits for the online fee with its receipt line, and refunds it once after a refusal', async () => {
    const filed = await file('temporary-residence-registration', applicant.pin, form);
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    expect(filed.body.status).toBe('awaiting-payment');
    const id = String(filed.body.id);
    const waiting = (await api.view(id, applicant.pin)) as unknown as {
      payment: { amountVnd: number; lines: { item: string; unitVnd: number }[] };
      steps: { status: string }[];
    };
    expect(waiting.payment).toMatchObject({ amountVnd: 7_000, lines: [{ item: 'service-4', unitVnd: 7_000 }] });
    const token = await api.officerToken(officerPin(2), police(communeCode));
    const task = taskId(id, 'ServiceDecision');
    // Unpaid, it is in nobody's inbox and cannot be decided.
    expect((await api.inbox(token, 'limit=200')).some((t) => t.taskId === task)).toBe(false);
    expect((await api.decide(token, task, 'approve')).status).toBe(404);

    const txnRef = await payDossier(api, id, applicant.pin);
    await api.waitForTask(token, task);
    expect((await api.decide(token, task, 'reject', 'The tenancy agreement is not signed by the owner.')).status).toBe(
      200,
    );
    await api.waitForStatus(id, applicant.pin, 'rejected');
    const refunded = await waitFor(
      async () => {
        const view = (await api.view(id, applicant.pin)) as unknown as {
          payment?: { receipt?: { txnRef: string }; refund?: { amountVnd: number } };
        };
        return view.payment?.refund ? view : undefined;
      },
      90_000,
      'the refund by the payment sweep',
    );
    expect(refunded.payment?.receipt?.txnRef).toBe(txnRef);
    expect(refunded.payment?.refund).toMatchObject({ amountVnd: 7_000 });
    expect((await api.citizen(applicant.pin))?.temporaryResidence).toEqual(applicant.temporaryResidence);
  });
});
