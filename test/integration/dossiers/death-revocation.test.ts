/**
 * Interconnected group 2 decided by officers in province 01, and the revocation of a registered death: what the
 * death deactivated (the citizen, the household membership, the e-ID account) is active again, with the officer
 * and the reason in the citizen's history.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoAccountStore } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { communesOfProvince } from '../../../shared/domain/admin-units/communes.ts';
import type { OfficerRole } from '../../../shared/identity/account.ts';
import {
  DossierClient,
  deathCases,
  deathRequest,
  officerCitizens,
  seededPopulation,
  taskId,
} from '../../support/dossiers.ts';

const PROVINCE = '01';
const population = seededPopulation(inject('seededCitizens'));
const deaths = deathCases(population, PROVINCE);
const officers = officerCitizens(population, PROVINCE).slice(-10);
const api = new DossierClient();
afterAll(() => api.destroy());

const death = (index: number) => {
  const found = deaths[index];
  if (!found) throw new Error(`No death case ${index} in ${PROVINCE}`);
  return found;
};
const officerPin = (index: number) => officers[index]?.pin ?? '';
const commune = (index: number) => death(index).deceased.permanentResidence.communeCode;
const officer = (index: number, agency: OfficerRole['agency'], communeCode: string) =>
  api.officerToken(officerPin(index), { agency, role: 'officer', provinceCode: PROVINCE, communeCode });

beforeAll(async () => {
  // The first deceased holds an active e-ID account (created here: demo accounts belong to other tests).
  const at = new Date().toISOString();
  await new DynamoAccountStore(api.db, 'Identity').create({
    pin: death(0).deceased.pin,
    level: 2,
    status: 'active',
    officerRoles: [],
    createdAt: at,
    updatedAt: at,
    level2: { activatedAt: at, activatedBy: officerPin(9) },
  });
});

describe('death registration and its revocation (province 01)', () => {
  it('officers register a death and delete the residence; a revocation restores the citizen, household and account', async () => {
    const { deceased, applicant } = death(0);
    const householdId = deceased.householdId ?? '';
    const before = await api.citizen(deceased.pin);
    const historyBefore = await api.history(deceased.pin);
    expect(before?.status).toBe('alive');
    expect((await api.account(deceased.pin))?.status).toBe('active');
    const civil = await officer(0, 'civil-status', commune(0));
    const police = await officer(1, 'police', commune(0));

    const request = deathRequest(death(0));
    const id = await api.submitAccepted(applicant.pin, request);
    const registerDeath = taskId(id, 'RegisterDeath');
    const task = await api.waitForTask(civil, registerDeath);
    expect(task.findings.every((f) => f.passed)).toBe(true);
    await api.approve(civil, registerDeath);

    const residence = taskId(id, 'DeletePermanentResidence');
    await api.waitForTask(police, residence);
    expect(await api.citizen(deceased.pin)).toMatchObject({ status: 'deceased', deathDate: request.form.deathDate });
    expect(await api.account(deceased.pin)).toMatchObject({ status: 'disabled', disabledBy: id });
    await api.approve(police, residence);

    const completed = await api.waitForStatus(id, applicant.pin, 'completed');
    expect(completed.documents.deathExtractNumber).toBe(`KT${id.slice(2)}`);
    const dead = await api.citizen(deceased.pin);
    expect(dead?.permanentResidenceDeleted).toMatchObject({
      reason: 'death',
      dossierId: id,
      householdId,
      relationToHead: before?.relationToHead,
    });
    expect(dead?.householdId).toBeUndefined();
    expect((await api.householdMembers(householdId)).map((m) => m.pin)).not.toContain(deceased.pin);

    // Only a civil-status officer with jurisdiction over the commune may revoke, and only with a reason.
    const reason = 'Giấy báo tử cấp nhầm người; người này vẫn còn sống';
    const elsewhere = communesOfProvince(PROVINCE).find((c) => c.code !== commune(0))?.code ?? '';
    for (const [who, token] of [
      ['the commune police', police],
      ['a civil-status officer of another commune', await officer(2, 'civil-status', elsewhere)],
      ['the applicant', await api.citizenToken(applicant.pin)],
    ] as const) {
      const refused = await api.revoke(token, id, reason);
      expect([403, 404], who).toContain(refused.status);
    }
    expect((await api.revoke(civil, id, 'mistake')).status).toBe(400);
    expect((await api.citizen(deceased.pin))?.status).toBe('deceased');

    const revoked = await api.revoke(civil, id, reason);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({ dossierId: id, status: 'revoked', alreadyRevoked: false });

    const restored = await api.citizen(deceased.pin);
    expect(restored).toMatchObject({
      status: 'alive',
      householdId,
      relationToHead: before?.relationToHead,
      permanentResidence: before?.permanentResidence,
    });
    expect(restored?.deathDate).toBeUndefined();
    expect(restored?.permanentResidenceDeleted).toBeUndefined();
    expect((await api.householdMembers(householdId)).map((m) => m.pin)).toContain(deceased.pin);
    const account = await api.account(deceased.pin);
    expect(account?.status).toBe('active');
    expect(account?.disabledBy).toBeUndefined();

    const view = await api.view(id, applicant.pin);
    expect(view.status).toBe('revoked');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['RegisterDeath', 'reversed'],
      ['DeletePermanentResidence', 'reversed'],
    ]);
    expect(view.outcome?.vi).toContain(reason);
    expect(view.timeline.filter((e) => e.kind === 'step-reversed')).toHaveLength(2);
    expect(view.timeline.filter((e) => e.kind === 'revoked').map((e) => e.actor)).toEqual([officerPin(0)]);

    const history = (await api.history(deceased.pin)).slice(historyBefore.length);
    expect(history.map((h) => [h.action, h.actor])).toEqual([
      ['death-registered', officerPin(0)],
      ['permanent-residence-deleted', officerPin(1)],
      ['death-registration-revoked', officerPin(0)],
    ]);
    expect(history[2]).toMatchObject({ reason });
    expect(history[2]?.changed).toEqual(expect.arrayContaining(['status', 'deathDate', 'householdId']));
    for (const pin of [applicant.pin, deceased.pin]) {
      expect(
        (await api.outbox(pin)).filter((m) => m.text.includes(reason)),
        pin,
      ).toHaveLength(1);
    }

    // A second revocation changes nothing.
    const again = await api.revoke(civil, id, reason);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'revoked', alreadyRevoked: true });
    expect(await api.history(deceased.pin)).toHaveLength(historyBefore.length + 3);
    expect(await api.citizen(deceased.pin)).toMatchObject({ status: 'alive', version: restored?.version });
    expect((await api.account(deceased.pin))?.status).toBe('active');
    expect((await api.view(id, applicant.pin)).timeline.filter((e) => e.kind === 'revoked')).toHaveLength(1);
  });

  it('a death approved and rejected at the same moment by two officers ends one way only, with matching records', async () => {
    for (const index of [2, 3]) {
      const { deceased, applicant } = death(index);
      const approver = await officer(5, 'civil-status', commune(index));
      const refuser = await api.officerToken(officerPin(6), {
        agency: 'civil-status',
        role: 'supervisor',
        provinceCode: PROVINCE,
      });
      const id = await api.submitAccepted(applicant.pin, deathRequest(death(index)));
      const registerDeath = taskId(id, 'RegisterDeath');
      await api.waitForTask(approver, registerDeath);
      const [approval, refusal] = await Promise.all([
        api.decide(approver, registerDeath, 'approve'),
        api.decide(refuser, registerDeath, 'reject', 'Giấy báo tử không hợp lệ, cần xác minh lại'),
      ]);
      expect([approval.status, refusal.status].sort(), JSON.stringify([approval.body, refusal.body])).toEqual([
        200, 409,
      ]);
      const view = await api.waitForStep(
        id,
        applicant.pin,
        'RegisterDeath',
        approval.status === 200 ? 'approved' : 'rejected',
      );
      const record = await api.citizen(deceased.pin);
      if (approval.status === 200) {
        expect(record?.status).toBe('deceased');
        expect(view.documents.deathExtractNumber).toBe(`KT${id.slice(2)}`);
      } else {
        // The refusal won: nothing of the registration may remain.
        expect(record?.status).toBe('alive');
        expect(record?.deathDate).toBeUndefined();
        expect((await api.waitForStatus(id, applicant.pin, 'rejected')).documents.deathExtractNumber).toBeUndefined();
      }
    }
  });

  it('a death whose funeral allowance was refused can still be revoked', async () => {
    const { deceased, applicant } = death(4);
    const before = await api.citizen(deceased.pin);
    const civil = await officer(7, 'civil-status', commune(4));
    const police = await officer(8, 'police', commune(4));
    const socialSecurity = await api.officerToken(officerPin(8), {
      agency: 'social-security',
      role: 'officer',
      provinceCode: PROVINCE,
    });
    const id = await api.submitAccepted(
      applicant.pin,
      deathRequest(death(4), { alsoRequest: ['funeral-allowance'], basis: 'pensioner' }),
    );
    for (const [token, stepId] of [
      [civil, 'RegisterDeath'],
      [police, 'DeletePermanentResidence'],
    ] as const) {
      await api.waitForTask(token, taskId(id, stepId));
      await api.approve(token, taskId(id, stepId));
    }
    await api.waitForTask(socialSecurity, taskId(id, 'GrantFuneralAllowance'));
    const refused = await api.decide(
      socialSecurity,
      taskId(id, 'GrantFuneralAllowance'),
      'reject',
      'Không có quyết định hưởng lương hưu',
    );
    expect(refused.status).toBe(200);
    await api.waitForStatus(id, applicant.pin, 'rejected');
    expect((await api.citizen(deceased.pin))?.status).toBe('deceased');

    const reason = 'Người được báo tử vẫn còn sống, đã trình diện';
    const revoked = await api.revoke(civil, id, reason);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const view = await api.view(id, applicant.pin);
    expect(view.status).toBe('revoked');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['RegisterDeath', 'reversed'],
      ['DeletePermanentResidence', 'reversed'],
      ['GrantFuneralAllowance', 'rejected'],
    ]);
    expect(await api.citizen(deceased.pin)).toMatchObject({ status: 'alive', householdId: before?.householdId });
    expect((await api.outbox(deceased.pin)).filter((m) => m.text.includes(reason))).toHaveLength(1);
    // Asking again is harmless.
    expect((await api.revoke(civil, id, reason)).body).toMatchObject({ status: 'revoked', alreadyRevoked: true });
  });

  it('revoking while the residence step still waits stops the group and cancels that step', async () => {
    const { deceased, applicant } = death(1);
    const civil = await officer(3, 'civil-status', commune(1));
    const police = await officer(4, 'police', commune(1));
    const before = await api.citizen(deceased.pin);
    const id = await api.submitAccepted(applicant.pin, deathRequest(death(1)));
    await api.waitForTask(civil, taskId(id, 'RegisterDeath'));
    await api.approve(civil, taskId(id, 'RegisterDeath'));
    const residence = taskId(id, 'DeletePermanentResidence');
    await api.waitForTask(police, residence);
    expect((await api.citizen(deceased.pin))?.status).toBe('deceased');

    const revoked = await api.revoke(civil, id, 'Người được báo tử đã đến trình diện tại xã');
    expect(revoked.status).toBe(200);
    const view = await api.view(id, applicant.pin);
    expect(view.status).toBe('revoked');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['RegisterDeath', 'reversed'],
      ['DeletePermanentResidence', 'cancelled'],
    ]);
    expect((await api.inbox(police)).map((t) => t.dossierId)).not.toContain(id);
    expect((await api.decide(police, residence, 'approve')).status).toBe(409);
    expect((await api.executions('DeathGroup', id)).map((e) => e.status)).toEqual(['ABORTED']);
    expect(await api.citizen(deceased.pin)).toMatchObject({
      status: 'alive',
      householdId: before?.householdId,
      relationToHead: before?.relationToHead,
    });
    expect((await api.view(id, applicant.pin)).status).toBe('revoked');
  });
});
