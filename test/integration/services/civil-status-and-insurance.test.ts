/**
 * Services 14 (birth registration on its own), 15 (death registration on its own) and 20 (household health insurance
 * with the family discount) on the shared local cloud, with their real effects on the NPDB, in province 91, which no
 * other test files dossiers in. Each is a single-agency dossier: the commune civil-status officer decides 14 and 15,
 * Vietnam Social Security 20. Bad input is a 4xx naming the field with nothing written; officers elsewhere get 404.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DynamoAccountStore } from '../../../shared/adapters/dynamodb/identity-store.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { addDays, ageInYears } from '../../../shared/domain/dates.ts';
import { householdPremium } from '../../../shared/domain/household-health-insurance.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import {
  birthFamilies,
  birthRequest,
  DossierClient,
  deathCases,
  officerCitizens,
  seededPopulation,
  taskId,
  today,
} from '../../support/dossiers.ts';
import { payDossier } from '../../support/payments.ts';

const PROVINCE = '91';
const population = seededPopulation(inject('seededCitizens'));
const api = new DossierClient();
afterAll(() => api.destroy());

const families = birthFamilies(population, PROVINCE).slice(0, 2);
const deaths = deathCases(population, PROVINCE).slice(0, 3);
/** Households whose people these tests change already: the 20 test keeps out of them, officers too. */
const taken = new Set<string | undefined>([
  ...families.map((f) => f.applicant.householdId),
  ...deaths.map((d) => d.deceased.householdId),
]);

/** Who may renew in service 20 now: alive, 6 or older, no card, an expired one, or a household card ending soon. */
const renewable = (c: Citizen) =>
  c.status === 'alive' &&
  ageInYears(c.birthDate, today()) >= 6 &&
  (!c.healthInsurance ||
    c.healthInsurance.validUntil < today() ||
    (c.healthInsurance.number.startsWith('GD') && c.healthInsurance.validUntil <= addDays(today(), 60)));
/** Covered by another scheme today: a card of another category (an employee's, a pensioner's...), or under 6 (TE). */
const coveredElsewhere = (c: Citizen) =>
  c.status === 'alive' &&
  (ageInYears(c.birthDate, today()) < 6 ||
    (c.healthInsurance !== undefined &&
      !c.healthInsurance.number.startsWith('GD') &&
      c.healthInsurance.validUntil >= today()));

const insuredHousehold = (() => {
  const households = new Map<string, Citizen[]>();
  for (const c of population) {
    if (c.permanentResidence.provinceCode !== PROVINCE || !c.householdId || taken.has(c.householdId)) continue;
    households.set(c.householdId, [...(households.get(c.householdId) ?? []), c]);
  }
  for (const members of households.values()) {
    const renewing = members.filter(renewable);
    const covered = members.find(coveredElsewhere);
    const applicant = renewing.find((c) => ageInYears(c.birthDate, today()) >= 18);
    if (renewing.length >= 2 && covered && applicant) return { applicant, renewing: renewing.slice(0, 2), covered };
  }
  throw new Error(`No household in province ${PROVINCE} with two members to renew and one covered elsewhere`);
})();
taken.add(insuredHousehold.applicant.householdId);

const officers = officerCitizens(population, PROVINCE).filter((o) => !taken.has(o.householdId));
const officerPin = (i: number) => officers[i]?.pin ?? '';
const role = (agency: OfficerRole['agency'], communeCode?: string, provinceCode = PROVINCE): OfficerRole => ({
  agency,
  role: communeCode ? 'officer' : 'supervisor',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});

const file = async (slug: string, pin: string, form: unknown, key: string = randomUUID()) =>
  api.call(`/v1/services/${slug}/dossiers`, await api.citizenToken(pin, 2), {
    method: 'POST',
    body: JSON.stringify({ form }),
    headers: { 'Idempotency-Key': key },
  });

const filedId = async (slug: string, pin: string, form: unknown) => {
  const response = await file(slug, pin, form);
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return String(response.body.id);
};

/** Expects a refusal with `status` naming `field`, and no dossier written for the applicant. */
const expectRefused = async (slug: string, pin: string, form: unknown, status: number, field: string) => {
  const before = (await api.dossiersOf(pin)).length;
  const response = await file(slug, pin, form);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(JSON.stringify(response.body)).toContain(field);
  expect((await api.dossiersOf(pin)).length).toBe(before);
};

/** Officers who must neither see nor decide the task: another province's, and another agency's here. */
const expectHiddenFrom = async (dossierId: string, tokens: readonly string[]) => {
  const task = taskId(dossierId, 'ServiceDecision');
  for (const token of tokens) {
    expect((await api.inbox(token, 'limit=200')).some((t) => t.taskId === task)).toBe(false);
    expect((await api.decide(token, task, 'approve')).status).toBe(404);
    expect((await api.call(`/v1/dossiers/${dossierId}`, token)).status).toBe(404);
  }
};

const verify = async (number: string, code: string) => {
  const response = await api.call(`/v1/documents/${number}?code=${code}`, undefined);
  expect(response.status).toBe(200);
  expect(response.body.valid).toBe(true);
  return response.body;
};

describe('service 14: birth registration on its own', () => {
  const [family, refusedFamily] = families;
  if (!family || !refusedFamily) throw new Error(`Not enough birth families in province ${PROVINCE}`);
  const { form } = birthRequest(family, { given: 'Khang', sex: 'male' });
  const slug = 'birth-registration';

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const pin = family.applicant.pin;
    await expectRefused(
      slug,
      pin,
      { ...form, child: { ...form.child, birthDate: addDays(today(), 2) } },
      400,
      'body.form.child.birthDate',
    );
    await expectRefused(slug, pin, { ...form, householdOf: pin }, 400, 'householdOf');
    const { fatherPin: _f, ...withoutFather } = form as typeof form & { fatherPin?: string };
    await expectRefused(
      slug,
      pin,
      { ...withoutFather, motherPin: refusedFamily.mother.pin },
      422,
      'body.form.motherPin',
    );
  });

  it('issues one PIN and a verifiable certificate, however often the officer approves; no residence step', async () => {
    const key = randomUUID();
    const first = await file(slug, family.applicant.pin, form, key);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const replay = await file(slug, family.applicant.pin, form, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    const id = String(first.body.id);
    // The same child cannot be registered twice at once, alone or with group 17.
    expect((await file(slug, family.applicant.pin, form)).status).toBe(409);
    expect((await api.submit(family.applicant.pin, { group: 'birth-group', form })).status).toBe(409);

    const commune = family.applicant.permanentResidence.communeCode;
    const civil = await api.officerToken(officerPin(0), role('civil-status', commune));
    const task = await api.waitForTask(civil, taskId(id, 'ServiceDecision'));
    expect(task.findings).toContainEqual(expect.objectContaining({ check: 'decided-by-officer', passed: false }));
    await expectHiddenFrom(id, [
      await api.officerToken(officerPin(1), role('civil-status', undefined, '01')),
      await api.officerToken(officerPin(1), role('police', commune)),
    ]);
    const childrenBefore = await api.childrenOf(family.mother.pin);
    // Two approvals at once and a retry: one child, one PIN.
    // (the engine may answer the second 409 while the first is being recorded; neither issues a second PIN).
    const decisions = await Promise.all([
      api.decide(civil, task.taskId, 'approve'),
      api.decide(civil, task.taskId, 'approve'),
    ]);
    expect(decisions.map((d) => d.status)).toContain(200);
    for (const d of decisions) expect([200, 409]).toContain(d.status);
    expect((await api.decide(civil, task.taskId, 'approve')).status).toBe(200);
    const done = await api.waitForStatus(id, family.applicant.pin, 'completed');
    const pin = String(done.documents.pin);
    const children = await api.childrenOf(family.mother.pin);
    expect(children.filter((c) => !childrenBefore.includes(c))).toEqual([pin]);
    const child = await api.citizen(pin);
    expect(child).toMatchObject({
      fullName: form.child.fullName,
      birthDate: form.child.birthDate,
      motherPin: family.mother.pin,
    });
    expect(child?.householdId).toBeUndefined();
    expect(child?.healthInsurance).toBeUndefined();
    expect((await api.history(pin)).map((h) => h.action)).toEqual(['birth-registered']);
    const result = done.steps[0]?.result as { birthCertificateNumber: string; verificationCode: string };
    expect(String(done.documents.birthCertificateNumber)).toBe(result.birthCertificateNumber);
    // The certificate states the child's PIN, issued with it.
    expect((await verify(result.birthCertificateNumber, result.verificationCode)).subject).toMatchObject({ pin });
  });

  it('creates no child when the officer refuses', async () => {
    const { form: refusedForm } = birthRequest(refusedFamily, { given: 'Lan', sex: 'female' });
    const id = await filedId(slug, refusedFamily.applicant.pin, refusedForm);
    const commune = refusedFamily.applicant.permanentResidence.communeCode;
    const civil = await api.officerToken(officerPin(0), role('civil-status', commune));
    await api.waitForTask(civil, taskId(id, 'ServiceDecision'));
    const before = await api.childrenOf(refusedFamily.mother.pin);
    const refusal = await api.decide(
      civil,
      taskId(id, 'ServiceDecision'),
      'reject',
      'The hospital birth certificate is not legible.',
    );
    expect(refusal.status).toBe(200);
    const done = await api.waitForStatus(id, refusedFamily.applicant.pin, 'rejected');
    expect(done.outcome?.en).toContain('not legible');
    expect(done.documents.pin).toBeUndefined();
    expect(await api.childrenOf(refusedFamily.mother.pin)).toEqual(before);
  });
});

describe('service 15: death registration on its own', () => {
  const [death, refusedDeath] = deaths;
  if (!death || !refusedDeath) throw new Error(`Not enough death cases in province ${PROVINCE}`);
  const slug = 'death-registration';
  const formFor = (deceasedPin: string) => ({
    deceasedPin,
    deathDate: addDays(today(), -2),
    deathNotice: {
      number: `GBT-${randomUUID().slice(0, 8)}`,
      issuedBy: 'Trạm Y tế xã',
      issuedOn: addDays(today(), -2),
    },
  });

  it('refuses bad input, an allowance request and a stranger, writing nothing', async () => {
    const form = formFor(death.deceased.pin);
    await expectRefused(
      slug,
      death.applicant.pin,
      { ...form, deathDate: addDays(today(), 1) },
      400,
      'body.form.deathDate',
    );
    await expectRefused(slug, death.applicant.pin, { ...form, alsoRequest: ['funeral-allowance'] }, 400, 'alsoRequest');
    await expectRefused(slug, refusedDeath.applicant.pin, form, 403, 'death');
  });

  it('records the death, disables sign-in and issues the extract; the residence stays (no deletion here)', async () => {
    const id = await filedId(slug, death.applicant.pin, formFor(death.deceased.pin));
    const commune = death.deceased.permanentResidence.communeCode;
    const civil = await api.officerToken(officerPin(2), role('civil-status', commune));
    await api.waitForTask(civil, taskId(id, 'ServiceDecision'));
    await expectHiddenFrom(id, [await api.officerToken(officerPin(3), role('social-security', commune))]);
    await api.approve(civil, taskId(id, 'ServiceDecision'));
    const done = await api.waitForStatus(id, death.applicant.pin, 'completed');
    const record = await api.citizen(death.deceased.pin);
    expect(record).toMatchObject({
      status: 'deceased',
      deathDate: addDays(today(), -2),
      householdId: death.deceased.householdId,
    });
    expect(record?.permanentResidenceDeleted).toBeUndefined();
    expect((await api.history(death.deceased.pin)).at(-1)).toMatchObject({
      action: 'death-registered',
      actor: officerPin(2),
    });
    const result = done.steps[0]?.result as {
      deathExtractNumber: string;
      verificationCode: string;
      accountDisabled: boolean;
    };
    expect(typeof result.accountDisabled).toBe('boolean');
    expect((await verify(result.deathExtractNumber, result.verificationCode)).statement).toMatchObject({
      en: expect.stringContaining(death.deceased.pin),
    });
  });

  it('is revoked as the group is: the citizen alive again, the account re-enabled, the extract no longer valid', async () => {
    const revoked = deaths[2];
    if (!revoked) throw new Error(`Not enough death cases in province ${PROVINCE}`);
    const { deceased, applicant } = revoked;
    const at = new Date().toISOString();
    await new DynamoAccountStore(api.db, 'Identity').create({
      pin: deceased.pin,
      level: 2,
      status: 'active',
      officerRoles: [],
      createdAt: at,
      updatedAt: at,
      level2: { activatedAt: at, activatedBy: officerPin(2) },
    });
    const id = await filedId(slug, applicant.pin, formFor(deceased.pin));
    const commune = deceased.permanentResidence.communeCode;
    const civil = await api.officerToken(officerPin(2), role('civil-status', commune));
    await api.waitForTask(civil, taskId(id, 'ServiceDecision'));
    // Nothing to revoke before the decision.
    expect((await api.revoke(civil, id, 'The death notice was forged.')).status).toBe(409);
    await api.approve(civil, taskId(id, 'ServiceDecision'));
    const done = await api.waitForStatus(id, applicant.pin, 'completed');
    expect(await api.account(deceased.pin)).toMatchObject({ status: 'disabled', disabledBy: id });
    const reason = 'The death notice was issued for another person.';
    const police = await api.officerToken(officerPin(3), role('police', commune));
    expect((await api.revoke(police, id, reason)).status).toBe(404);
    const answer = await api.revoke(civil, id, reason);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ dossierId: id, status: 'revoked', alreadyRevoked: false });
    const restored = await api.citizen(deceased.pin);
    expect(restored).toMatchObject({ status: 'alive', householdId: deceased.householdId });
    expect(restored?.deathDate).toBeUndefined();
    expect((await api.account(deceased.pin))?.status).toBe('active');
    expect((await api.history(deceased.pin)).slice(-2).map((h) => [h.action, h.actor])).toEqual([
      ['death-registered', officerPin(2)],
      ['death-registration-revoked', officerPin(2)],
    ]);
    const view = await api.view(id, applicant.pin);
    expect(view.status).toBe('revoked');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([['ServiceDecision', 'reversed']]);
    const result = done.steps[0]?.result as { deathExtractNumber: string; verificationCode: string };
    const extract = await api.call(
      `/v1/documents/${result.deathExtractNumber}?code=${result.verificationCode}`,
      undefined,
    );
    expect(extract.body.valid).toBe(false);
    expect((await api.revoke(civil, id, reason)).body).toMatchObject({ status: 'revoked', alreadyRevoked: true });
  });

  it('leaves the citizen alive when the officer refuses', async () => {
    const id = await filedId(slug, refusedDeath.applicant.pin, formFor(refusedDeath.deceased.pin));
    const civil = await api.officerToken(
      officerPin(2),
      role('civil-status', refusedDeath.deceased.permanentResidence.communeCode),
    );
    await api.waitForTask(civil, taskId(id, 'ServiceDecision'));
    expect(
      (await api.decide(civil, taskId(id, 'ServiceDecision'), 'reject', 'The death notice does not match.')).status,
    ).toBe(200);
    await api.waitForStatus(id, refusedDeath.applicant.pin, 'rejected');
    expect((await api.citizen(refusedDeath.deceased.pin))?.status).toBe('alive');
  });
});

describe('service 20: household health insurance with the family discount', () => {
  const { applicant, renewing, covered } = insuredHousehold;
  const slug = 'household-health-insurance';
  const members = renewing.map((c) => c.pin);
  const facilityCode = `${PROVINCE}001`;
  const form = { members, facilityCode };
  const commune = applicant.permanentResidence.communeCode;
  const stranger = families[0]?.applicant;

  it('refuses a member covered by another scheme or outside the household, naming them, and writes nothing', async () => {
    await expectRefused(
      slug,
      applicant.pin,
      { ...form, members: [...members, covered.pin] },
      422,
      'body.form.members.2',
    );
    await expectRefused(slug, applicant.pin, { ...form, members: [stranger?.pin ?? ''] }, 422, 'body.form.members.0');
    await expectRefused(slug, applicant.pin, { ...form, months: 24 }, 400, 'months');
    await expectRefused(slug, applicant.pin, { ...form, facilityCode: '1' }, 400, 'body.form.facilityCode');
  });

  it('charges the discounted premium, then VSS renews each card once; a refusal changes nothing', async () => {
    // Refused first (after payment): the cards stay as they were and the household may file again.
    const refusedId = await filedId(slug, applicant.pin, form);
    await payDossier(api, refusedId, applicant.pin);
    const vss = await api.officerToken(officerPin(4), role('social-security', commune));
    await api.waitForTask(vss, taskId(refusedId, 'ServiceDecision'));
    const reason = 'The household list is being updated; file again next week.';
    expect((await api.decide(vss, taskId(refusedId, 'ServiceDecision'), 'reject', reason)).status).toBe(200);
    await api.waitForStatus(refusedId, applicant.pin, 'rejected');
    for (const member of renewing)
      expect((await api.citizen(member.pin))?.healthInsurance).toEqual(member.healthInsurance);

    const key = randomUUID();
    const filed = await file(slug, applicant.pin, form, key);
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    expect(filed.body.status).toBe('awaiting-payment');
    const id = String(filed.body.id);
    expect((await file(slug, applicant.pin, form, key)).body.id).toBe(id);
    const waiting = (await api.view(id, applicant.pin)) as unknown as {
      payment: { amountVnd: number; lines: { item: string; amountVnd: number }[] };
    };
    // 4.5% of the base salary x 12 for the first member, 70% of that for the second (the arithmetic's own unit test
    // pins the amounts: 1,263,600 and 884,520 đ at 2,340,000 đ).
    const premium = householdPremium(2, today());
    expect(premium.members.map((m) => m.sharePercent)).toEqual([100, 70]);
    expect(waiting.payment.amountVnd).toBe(premium.totalVnd);
    expect(waiting.payment.lines).toEqual(
      premium.members.map((m) =>
        expect.objectContaining({ item: `health-insurance-member-${m.position}`, amountVnd: m.amountVnd }),
      ),
    );
    await payDossier(api, id, applicant.pin);
    const task = await api.waitForTask(vss, taskId(id, 'ServiceDecision'));
    expect(task.findings).toEqual([
      expect.objectContaining({ check: 'members-may-renew', passed: true }),
      expect.objectContaining({ check: 'premium-paid', passed: true }),
    ]);
    await expectHiddenFrom(id, [
      await api.officerToken(officerPin(5), role('social-security', undefined, '01')),
      await api.officerToken(officerPin(5), role('police', commune)),
    ]);
    await api.approve(vss, task.taskId);
    expect((await api.decide(vss, task.taskId, 'approve')).status).toBe(200);
    const done = await api.waitForStatus(id, applicant.pin, 'completed');
    expect(done.steps[0]).toMatchObject({ agency: 'social-security', result: { premiumTotalVnd: premium.totalVnd } });
    for (const member of renewing) {
      const card = (await api.citizen(member.pin))?.healthInsurance;
      const old = member.healthInsurance;
      const from = old?.number.startsWith('GD') && old.validUntil >= today() ? addDays(old.validUntil, 1) : today();
      expect(card).toMatchObject({ number: expect.stringMatching(/^GD491\d{10}$/), validFrom: from, dossierId: id });
      // 12 months: the day before the same date a year later.
      expect(card?.validUntil).toBe(addDays(`${Number(from.slice(0, 4)) + 1}${from.slice(4)}`, -1));
      const renewed = (await api.history(member.pin)).filter((h) => h.action === 'health-insurance-renewed');
      expect(renewed).toHaveLength(1);
    }
  });
});
