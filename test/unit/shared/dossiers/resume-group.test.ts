import { describe, expect, it } from 'vitest';
import type { OfficerRole, Principal } from '../../../../shared/auth/principal.ts';
import { NotFoundError } from '../../../../shared/domain/errors.ts';
import type { StepId } from '../../../../shared/dossiers/catalogue.ts';
import { finishDossier } from '../../../../shared/dossiers/finish-dossier.ts';
import {
  failedStepOf,
  resumeDossier,
  resumeDossierAsOfficer,
  resumptionExecutionName,
} from '../../../../shared/dossiers/resume-group.ts';
import { decide, openHumanStep } from '../../../../shared/dossiers/run-step.ts';
import { viewDossier } from '../../../../shared/dossiers/view-dossier.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  DEATH_DOSSIER_ID,
  deathDossier,
  NOW,
  PINS,
  type World,
  world,
} from './fixtures.ts';

const SUBJECT = 'birth#subject';
const REASON = 'the household head confirmed in person';
const police: OfficerRole = { agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00070' };
const civil: OfficerRole = { agency: 'civil-status', role: 'officer', provinceCode: '01', communeCode: '00070' };
const officer = (roles: OfficerRole[], pin: string = PINS.officer): Principal => ({
  kind: 'citizen',
  pin,
  level: 2,
  clientId: 'officer-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: roles,
});
const deps = (w: World) => ({ store: w.store.asStore(), workflow: w.workflow, now: () => w.clock.now });
const steps = (w: World, id = BIRTH_DOSSIER_ID) =>
  Object.fromEntries(
    (['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance'] as StepId[]).map((s) => [
      s,
      w.store.peekStep(id, s)?.status,
    ]),
  );

/** A birth group refused at the residence step after the PIN was issued, as the workflow leaves it. */
const refusedAfterPin = async (w: World = world()) => {
  w.store.seed(birthDossier(), SUBJECT);
  const dossier = birthDossier();
  await openHumanStep(w.deps)({ dossierId: dossier.id, stepId: 'RegisterBirth', taskToken: 't1' });
  await decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: PINS.officer });
  await openHumanStep(w.deps)({ dossierId: dossier.id, stepId: 'RegisterPermanentResidence', taskToken: 't2' });
  await decide(w.deps, dossier, 'RegisterPermanentResidence', {
    decision: 'reject',
    actor: PINS.officer,
    reason: 'the household head did not confirm',
  });
  await finishDossier(w.deps)({
    dossierId: dossier.id,
    outcome: 'rejected',
    error: { Cause: JSON.stringify({ stepId: 'RegisterPermanentResidence', reason: 'no confirmation' }) },
  });
  return w;
};

describe('resumeDossier', () => {
  it("leaves the dossier in sight of the resumed step's officers while that step is cleared, and of no one else", async () => {
    const w = await refusedAfterPin();
    await resumeDossierAsOfficer(deps(w))(officer([police]), BIRTH_DOSSIER_ID, { reason: REASON });
    // Cleared, not yet opened again by the new execution.
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence')).toBeUndefined();
    const view = viewDossier({ store: w.store });
    await expect(view(officer([police]), BIRTH_DOSSIER_ID)).resolves.toMatchObject({ status: 'processing' });
    const socialSecurity: OfficerRole = { ...police, agency: 'social-security' };
    await expect(view(officer([socialSecurity]), BIRTH_DOSSIER_ID)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('takes a refused birth with a PIN up again from the refused step, keeping what was approved', async () => {
    const w = await refusedAfterPin();
    const pin = (await w.store.get(BIRTH_DOSSIER_ID))?.documents.pin;
    expect(pin).toBeDefined();
    expect(w.store.subjects.get(SUBJECT)).toBe(BIRTH_DOSSIER_ID);

    const result = await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON });

    const resumption = {
      count: 1,
      fromStep: 'RegisterPermanentResidence',
      after: 'rejected',
      at: NOW.toISOString(),
      by: 'operator:ops',
      reason: REASON,
    };
    expect(result).toEqual({
      dossierId: BIRTH_DOSSIER_ID,
      status: 'processing',
      resumption,
      executionName: `${BIRTH_DOSSIER_ID}-resume-1`,
      alreadyResumed: false,
    });
    const stored = await w.store.get(BIRTH_DOSSIER_ID);
    expect(stored).toMatchObject({ status: 'processing', resumption, documents: { pin } });
    expect(stored?.outcome).toBeUndefined();
    expect(steps(w)).toEqual({
      RegisterBirth: 'approved',
      RegisterPermanentResidence: undefined,
      IssueChildHealthInsurance: undefined,
    });
    expect(w.workflow.starts).toEqual([
      {
        workflowId: 'BirthGroup',
        name: `${BIRTH_DOSSIER_ID}-resume-1`,
        input: { dossierId: BIRTH_DOSSIER_ID, resumeFrom: 'RegisterPermanentResidence' },
      },
    ]);
    const resumed = w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'resumed');
    expect(resumed).toEqual([expect.objectContaining({ stepId: 'RegisterPermanentResidence', actor: 'operator:ops' })]);
    expect(resumed[0]?.text.en).toContain(REASON);
    expect(w.store.outbox.filter((n) => n.id === `${BIRTH_DOSSIER_ID}#resumed#1`)).toHaveLength(1);

    // The resumed workflow: the step opens again, is approved, and the PIN is the one issued before.
    w.auto.approves = () => true;
    await openHumanStep(w.deps)({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterPermanentResidence', taskToken: 't3' });
    await openHumanStep(w.deps)({ dossierId: BIRTH_DOSSIER_ID, stepId: 'IssueChildHealthInsurance', taskToken: 't4' });
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'completed' });
    const done = await w.store.get(BIRTH_DOSSIER_ID);
    expect(done?.status).toBe('completed');
    expect(done?.documents.pin).toBe(pin);
    expect([...w.population.claims.values()]).toEqual([pin]);
  });

  it('asked again, finds the same resumption and only makes sure its execution runs', async () => {
    const w = await refusedAfterPin();
    w.workflow.startError = new Error('Step Functions is unreachable');
    await expect(resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON })).rejects.toThrow(
      'unreachable',
    );
    w.workflow.startError = undefined;

    const retried = await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON });
    const again = await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, {
      actor: 'operator:other',
      reason: REASON,
      fromStep: 'RegisterPermanentResidence',
    });

    expect(retried).toMatchObject({ alreadyResumed: true, executionName: `${BIRTH_DOSSIER_ID}-resume-1` });
    expect(again).toMatchObject({ alreadyResumed: true, resumption: { count: 1, by: 'operator:ops' } });
    expect(new Set(w.workflow.starts.map((s) => s.name))).toEqual(new Set([`${BIRTH_DOSSIER_ID}-resume-1`]));
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'resumed')).toHaveLength(1);
  });

  it('records one of two resumptions racing for the same failure; the other answers with it', async () => {
    const w = await refusedAfterPin();
    const [a, b] = await Promise.all([
      resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:a', reason: REASON }),
      resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:b', reason: REASON }),
    ]);
    expect([a.alreadyResumed, b.alreadyResumed].sort()).toEqual([false, true]);
    expect(a.resumption).toEqual(b.resumption);
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'resumed')).toHaveLength(1);
  });

  it('a second failure is resumed as the second resumption, in an execution of its own', async () => {
    const w = await refusedAfterPin();
    await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON });
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    expect(steps(w).RegisterPermanentResidence).toBe('cancelled');

    const second = await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON });

    expect(second.resumption).toMatchObject({ count: 2, after: 'failed', fromStep: 'RegisterPermanentResidence' });
    expect(second.executionName).toBe(resumptionExecutionName(BIRTH_DOSSIER_ID, 2));
  });

  it('claims the subject again for a failed group that had released it, unless the family applied again since', async () => {
    const w = world();
    w.store.seed(birthDossier(), SUBJECT);
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    expect(w.store.subjects.has(SUBJECT)).toBe(false);

    const taken = world();
    taken.store.seed(birthDossier(), SUBJECT);
    await finishDossier(taken.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    taken.store.subjects.set(SUBJECT, 'HS01-20261124-NEWDOSSIER');
    await expect(
      resumeDossier(deps(taken))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 409, message: expect.stringContaining('HS01-20261124-NEWDOSSIER') });
    expect((await taken.store.get(BIRTH_DOSSIER_ID))?.status).toBe('failed');
    expect(taken.workflow.starts).toEqual([]);

    const result = await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON });
    expect(result.resumption).toMatchObject({ fromStep: 'RegisterBirth', after: 'failed' });
    expect(w.store.subjects.get(SUBJECT)).toBe(BIRTH_DOSSIER_ID);
    expect(Object.values(steps(w)).every((s) => s === undefined)).toBe(true);
  });

  it('resumes from an earlier step, clearing only the steps not approved', async () => {
    const w = await refusedAfterPin();
    const result = await resumeDossier(deps(w))(BIRTH_DOSSIER_ID, {
      actor: 'operator:ops',
      reason: REASON,
      fromStep: 'RegisterBirth',
    });
    expect(result.resumption.fromStep).toBe('RegisterBirth');
    expect(steps(w)).toMatchObject({ RegisterBirth: 'approved', RegisterPermanentResidence: undefined });
    expect(w.workflow.starts[0]?.input).toMatchObject({ resumeFrom: 'RegisterBirth' });
  });

  it.each([
    ['a step after the one that failed (409)', 'IssueChildHealthInsurance', 409],
    ['a step the dossier does not run (400)', 'RegisterDeath', 400],
  ] as const)('refuses to resume from %s, writing nothing', async (_, fromStep, status) => {
    const w = await refusedAfterPin();
    await expect(
      resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON, fromStep }),
    ).rejects.toMatchObject({ httpStatus: status });
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('rejected');
    expect(w.workflow.starts).toEqual([]);
  });

  it.each([
    ['completed', 'completed'],
    ['still processing (never resumed)', 'processing'],
    ['submitted', 'submitted'],
    ['revoked', 'revoked'],
  ] as const)('refuses a dossier %s with a 409', async (_, status) => {
    const w = world();
    w.store.seed(birthDossier({ status }), SUBJECT);
    await expect(
      resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    expect(w.workflow.starts).toEqual([]);
  });

  it('refuses a short reason (400) and an unknown dossier (404)', async () => {
    const w = await refusedAfterPin();
    await expect(
      resumeDossier(deps(w))(BIRTH_DOSSIER_ID, { actor: 'operator:ops', reason: 'retry' }),
    ).rejects.toMatchObject({ httpStatus: 400, problems: [{ field: 'reason' }] });
    await expect(
      resumeDossier(deps(w))('HS01-20261123-ZZZZZZZZZZ', { actor: 'operator:ops', reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 404 });
  });
});

describe('resumeDossierAsOfficer', () => {
  it('lets an officer of the failed step’s agency and commune resume it, recorded under their PIN', async () => {
    const w = await refusedAfterPin();
    const result = await resumeDossierAsOfficer(deps(w))(officer([police]), BIRTH_DOSSIER_ID, { reason: REASON });
    expect(result.resumption).toMatchObject({ by: PINS.officer, fromStep: 'RegisterPermanentResidence' });
    // A retry of the same request answers the same.
    const retried = await resumeDossierAsOfficer(deps(w))(officer([police]), BIRTH_DOSSIER_ID, { reason: REASON });
    expect(retried).toMatchObject({ alreadyResumed: true, resumption: result.resumption });
  });

  it.each([
    ['of another agency', [civil]],
    ['of the agency in another commune', [{ ...police, communeCode: '00082' }]],
    ['of the agency in another province', [{ ...police, provinceCode: '79', communeCode: undefined }]],
  ])('answers 404 to an officer %s, writing nothing', async (_, roles) => {
    const w = await refusedAfterPin();
    await expect(
      resumeDossierAsOfficer(deps(w))(officer(roles as OfficerRole[]), BIRTH_DOSSIER_ID, { reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 404 });
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('rejected');
  });

  it('refuses an officer who is a party to the dossier (403) and a citizen without a role (403)', async () => {
    const w = await refusedAfterPin();
    await expect(
      resumeDossierAsOfficer(deps(w))(officer([police], PINS.mother), BIRTH_DOSSIER_ID, { reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 403 });
    await expect(
      resumeDossierAsOfficer(deps(w))(officer([]), BIRTH_DOSSIER_ID, { reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 403 });
  });

  it('tells an officer with jurisdiction that a completed group has nothing to resume (409)', async () => {
    const w = world();
    w.store.seed(deathDossier({ status: 'completed' }), 'death#subject');
    await expect(
      resumeDossierAsOfficer(deps(w))(officer([civil]), DEATH_DOSSIER_ID, { reason: REASON }),
    ).rejects.toMatchObject({ httpStatus: 409 });
  });
});

describe('failedStepOf', () => {
  it('is the first step of the dossier not approved', () => {
    const dossier = birthDossier();
    expect(failedStepOf(dossier, [{ stepId: 'RegisterBirth', status: 'approved' }])).toBe('RegisterPermanentResidence');
    expect(
      failedStepOf(
        dossier,
        dossier.steps.map((stepId) => ({ stepId, status: 'approved' as const })),
      ),
    ).toBeUndefined();
  });
});
