import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec } from '../../../../infra/topology.ts';
import { ConflictError, NotFoundError } from '../../../../shared/domain/errors.ts';
import { dueDate, endOfWorkingDay } from '../../../../shared/domain/working-days.ts';
import type { StepId } from '../../../../shared/dossiers/catalogue.ts';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import { finishDossier } from '../../../../shared/dossiers/finish-dossier.ts';
import {
  AUTO_APPROVAL_ACTOR,
  DECISION_CLAIM_SECONDS,
  decide,
  openHumanStep,
  STEP_REJECTED,
} from '../../../../shared/dossiers/run-step.ts';
import { STEP_RULES } from '../../../../shared/dossiers/step-rules.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  DEATH_DOSSIER_ID,
  deathDossier,
  deathForm,
  FAMILY,
  NOW,
  PINS,
  type World,
  world,
} from './fixtures.ts';

const seeded = (dossier = birthDossier(), w: World = world()) => {
  w.store.seed(dossier, dossier.group === 'birth-group' ? 'birth#subject' : 'death#subject');
  return w;
};

const open = (
  w: World,
  stepId: Parameters<ReturnType<typeof openHumanStep>>[0]['stepId'],
  token: string,
  id = BIRTH_DOSSIER_ID,
) => openHumanStep(w.deps)({ dossierId: id, stepId, taskToken: token });

describe('openHumanStep', () => {
  it('approves at once when the province allows it and every check passes, handing the token back', async () => {
    const w = seeded();
    w.auto.approves = (province, step) => province === '01' && step === 'RegisterBirth';
    const result = await open(w, 'RegisterBirth', 'token-1');
    expect(result).toEqual({ stepId: 'RegisterBirth', status: 'approved' });
    expect(w.workflow.successes).toEqual([
      { taskToken: 'token-1', output: { stepId: 'RegisterBirth', status: 'approved' } },
    ]);
    expect(w.workflow.failures).toEqual([]);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({
      status: 'approved',
      automatic: true,
      decidedBy: AUTO_APPROVAL_ACTOR,
      decidedAt: NOW.toISOString(),
      inInbox: false,
    });
    const dossier = await w.store.get(BIRTH_DOSSIER_ID);
    expect(dossier?.documents.birthCertificateNumber).toBe('KS01-20261123-ABCDEFGHJK');
    // Approved without an officer: on the timeline, and told in the completion message rather than on its own.
    expect(w.store.outbox).toEqual([]);
    expect(w.store.timeline(BIRTH_DOSSIER_ID).map((e) => e.kind)).toEqual(['step-approved']);
  });

  it('puts the step in the inbox when a check fails, even where auto-approval is allowed (no callback)', async () => {
    const w = seeded(birthDossier({ applicantPin: PINS.stranger }));
    w.auto.approves = () => true;
    const result = await open(w, 'RegisterBirth', 'token-1');
    expect(result).toEqual({ stepId: 'RegisterBirth', status: 'awaiting-officer' });
    expect(w.workflow.successes).toEqual([]);
    expect(w.workflow.failures).toEqual([]);
    expect(w.documents.documents.size).toBe(0);
    const due = dueDate(NOW, 1);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({
      status: 'awaiting-officer',
      agency: 'civil-status',
      openedAt: NOW.toISOString(),
      dueDate: due,
      dueAt: endOfWorkingDay(due).toISOString(),
      taskToken: 'token-1',
      provinceCode: '01',
      communeCode: '00070',
      group: 'birth-group',
      inInbox: true,
      findings: expect.arrayContaining([expect.objectContaining({ check: 'applicant-is-parent', passed: false })]),
    });
    expect(w.store.timeline(BIRTH_DOSSIER_ID).map((e) => e.kind)).toEqual(['step-opened']);
  });

  it('puts the step in the inbox when every check passes but the province does not auto-approve it', async () => {
    const w = seeded();
    w.auto.approves = (_p, step) => step === 'IssueChildHealthInsurance';
    expect(await open(w, 'RegisterBirth', 'token-1')).toEqual({ stepId: 'RegisterBirth', status: 'awaiting-officer' });
    expect(w.workflow.successes).toEqual([]);
  });

  it("puts a social-protection funeral allowance in the welfare authority's inbox", async () => {
    const w = world();
    const dossier = deathDossier(
      {},
      deathForm({ funeralAllowance: { basis: 'social-protection', recipientPin: PINS.father } }),
    );
    seeded(dossier, w);
    await open(w, 'GrantFuneralAllowance', 't', DEATH_DOSSIER_ID);
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'GrantFuneralAllowance')?.agency).toBe('welfare');
  });

  it('re-delivers the outcome when the step was already decided (a retried task with a new token)', async () => {
    const w = seeded();
    w.auto.approves = () => true;
    await open(w, 'RegisterBirth', 'token-1');
    const issued = w.documents.calls;
    expect(await open(w, 'RegisterBirth', 'token-2')).toEqual({ stepId: 'RegisterBirth', status: 'approved' });
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-1', 'token-2']);
    expect(w.documents.calls).toBe(issued);
  });

  it('re-delivers a rejection as StepRejected to the new token', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = birthDossier();
    await decide(w.deps, dossier, 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Giấy chứng sinh không hợp lệ',
    });
    await open(w, 'RegisterBirth', 'token-2');
    expect(w.workflow.failures.map((f) => [f.taskToken, f.error])).toEqual([
      ['token-1', STEP_REJECTED],
      ['token-2', STEP_REJECTED],
    ]);
  });

  it('replaces the token of a step still awaiting an officer, so the decision reaches the live task', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    await open(w, 'RegisterBirth', 'token-2');
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'step-opened')).toHaveLength(1);
    await decide(w.deps, birthDossier(), 'RegisterBirth', { decision: 'approve', actor: PINS.officer });
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-2']);
  });

  it('answers 404 for an unknown dossier', async () => {
    await expect(open(world(), 'RegisterBirth', 't')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('decide', () => {
  it('approving twice applies the effect once and delivers success each time', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = birthDossier();
    const first = await decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: PINS.officer });
    const second = await decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: '001080000010' });
    expect(first.status).toBe('approved');
    expect(second).toEqual(first);
    expect(second.decidedBy).toBe(PINS.officer);
    expect(w.documents.calls).toBe(1);
    expect(w.workflow.successes).toEqual([
      { taskToken: 'token-1', output: { stepId: 'RegisterBirth', status: 'approved' } },
      { taskToken: 'token-1', output: { stepId: 'RegisterBirth', status: 'approved' } },
    ]);
    expect(w.store.outbox.filter((n) => n.id.endsWith('#approved'))).toHaveLength(1);
  });

  it('refuses to approve a step that was rejected, naming who rejected it (409)', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = birthDossier();
    await decide(w.deps, dossier, 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Thiếu giấy tờ',
    });
    const approving = decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: '001080000010' });
    await expect(approving).rejects.toBeInstanceOf(ConflictError);
    await expect(approving).rejects.toThrow(new RegExp(`already rejected by ${PINS.officer}`));
    expect(w.documents.calls).toBe(0);
    expect(w.workflow.successes).toEqual([]);
  });

  it('rejects: records the reason and fails the task with StepRejected and a JSON cause', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const step = await decide(w.deps, birthDossier(), 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Giấy chứng sinh bị tẩy xóa',
    });
    expect(step).toMatchObject({ status: 'rejected', reason: 'Giấy chứng sinh bị tẩy xóa', decidedBy: PINS.officer });
    expect(w.workflow.failures).toHaveLength(1);
    const [failure] = w.workflow.failures;
    expect(failure?.taskToken).toBe('token-1');
    expect(failure?.error).toBe('StepRejected');
    expect(JSON.parse(String(failure?.cause))).toEqual({
      stepId: 'RegisterBirth',
      reason: 'Giấy chứng sinh bị tẩy xóa',
    });
    expect(w.store.outbox.map((n) => n.id)).toEqual([`${BIRTH_DOSSIER_ID}#RegisterBirth#rejected`]);
    expect(w.store.outbox[0]?.notification.text).toContain('Giấy chứng sinh bị tẩy xóa');
  });

  it('refuses to decide a cancelled step', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    await expect(
      decide(w.deps, birthDossier(), 'RegisterBirth', { decision: 'approve', actor: PINS.officer }),
    ).rejects.toThrow(/cancelled; it can no longer be decided/);
    expect(w.documents.calls).toBe(0);
  });

  it('a concurrent double approval ends approved once, with one document', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = birthDossier();
    const [a, b] = await Promise.all([
      decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: PINS.officer }),
      decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: '001080000010' }),
    ]);
    expect(a.decidedBy).toBe(b.decidedBy);
    expect(w.documents.documents.size).toBe(1);
    expect(w.store.outbox).toHaveLength(1);
  });

  // An approval reserves the step before applying its effect, so a rejection arriving meanwhile is refused
  // (409) and the decision recorded is the one whose effect was applied.
  it('refuses a rejection that arrives while an approval holds the step', async () => {
    const w = seeded(deathDossier());
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const dossier = deathDossier();
    let competing: unknown;
    w.store.beforeDecideStep = async (decision) => {
      if (decision.status !== 'approved') return;
      w.store.beforeDecideStep = undefined;
      competing = await decide(w.deps, dossier, 'RegisterDeath', {
        decision: 'reject',
        actor: '001080000010',
        reason: 'Nhầm người',
      }).catch((error: unknown) => error);
    };
    const step = await decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: PINS.officer });
    expect(competing).toBeInstanceOf(ConflictError);
    expect(step.status).toBe('approved');
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')?.status).toBe('approved');
    expect(w.population.peek(PINS.grandfather)?.status).toBe('deceased');
  });

  /** An approver that claimed the step and wrote the death, then died before recording its decision. */
  const approverDiedAfterApply = async (w: World, claimedAt: Date) => {
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const claim = await w.store.claimDecision(DEATH_DOSSIER_ID, 'RegisterDeath', {
      decision: 'approve',
      actor: PINS.officer,
      at: claimedAt.toISOString(),
      staleBefore: new Date(claimedAt.getTime() - DECISION_CLAIM_SECONDS * 1000).toISOString(),
    });
    expect(claim.claimed).toBe(true);
    await STEP_RULES.RegisterDeath.apply({ dossier: deathDossier(), now: claimedAt, deps: w.deps }, PINS.officer);
    expect(w.population.peek(PINS.grandfather)?.status).toBe('deceased');
  };

  it('refuses a rejection over a stale approval claim (its effect may be written); an approval completes it', async () => {
    const w = seeded(deathDossier());
    await approverDiedAfterApply(w, new Date(NOW.getTime() - 10 * 60_000));
    const dossier = deathDossier();
    const rejecting = decide(w.deps, dossier, 'RegisterDeath', {
      decision: 'reject',
      actor: '001080000010',
      reason: 'Nhầm người đã mất',
    });
    await expect(rejecting).rejects.toBeInstanceOf(ConflictError);
    await expect(rejecting).rejects.toThrow(/approval .* can no longer be rejected/);
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')?.status).toBe('awaiting-officer');
    expect(w.workflow.failures).toEqual([]);
    // The approving retry (anyone's) re-applies the idempotent effect and records the approval.
    const step = await decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: '001080000010' });
    expect(step.status).toBe('approved');
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-1']);
    expect(w.population.history.filter((h) => h.change.action === 'death-registered')).toHaveLength(1);
  });

  /** An approver that claimed the step and died before writing anything. */
  const approverDiedBeforeApply = async (w: World, stepId: 'RegisterDeath' | 'GrantFuneralAllowance', at: Date) => {
    await open(w, stepId, 'token-1', DEATH_DOSSIER_ID);
    await w.store.claimDecision(DEATH_DOSSIER_ID, stepId, {
      decision: 'approve',
      actor: PINS.officer,
      at: at.toISOString(),
      staleBefore: new Date(at.getTime() - DECISION_CLAIM_SECONDS * 1000).toISOString(),
    });
  };

  it('lets a rejection take over an expired approval claim whose effect was never written', async () => {
    const w = seeded(deathDossier());
    await approverDiedBeforeApply(w, 'RegisterDeath', new Date(NOW.getTime() - (DECISION_CLAIM_SECONDS + 1) * 1000));

    const step = await decide(w.deps, deathDossier(), 'RegisterDeath', {
      decision: 'reject',
      actor: '001080000010',
      reason: 'Giấy báo tử không hợp lệ',
    });

    expect(step.status).toBe('rejected');
    expect(w.population.peek(PINS.grandfather)?.status).toBe('alive');
    expect(w.workflow.failures.map((f) => f.taskToken)).toEqual(['token-1']);
  });

  it('still refuses a rejection over an approval claim that has not expired, even with nothing written', async () => {
    const w = seeded(deathDossier());
    await approverDiedBeforeApply(w, 'RegisterDeath', new Date(NOW.getTime() - (DECISION_CLAIM_SECONDS - 1) * 1000));

    await expect(
      decide(w.deps, deathDossier(), 'RegisterDeath', { decision: 'reject', actor: '001080000010', reason: 'Nhầm' }),
    ).rejects.toThrow(/approval .* can no longer be rejected/);
  });

  it('treats an expired approval of a benefit (which writes nothing before its record) as abandoned', async () => {
    const w = seeded(deathDossier());
    await approverDiedBeforeApply(w, 'GrantFuneralAllowance', new Date(NOW.getTime() - 3600_000));

    const step = await decide(w.deps, deathDossier(), 'GrantFuneralAllowance', {
      decision: 'reject',
      actor: '001080000010',
      reason: 'Không đủ điều kiện hưởng',
    });

    expect(step.status).toBe('rejected');
  });

  it('keeps decision claims longer than any deciding function may run', () => {
    const deciders: readonly FunctionSpec[] = FUNCTIONS.filter((f) =>
      ['OpenDossierStep', 'DecideOfficerTask'].includes(f.id),
    );
    expect(deciders).toHaveLength(2);
    for (const fn of deciders) expect(DECISION_CLAIM_SECONDS).toBeGreaterThan(fn.timeoutSeconds ?? 10);
  });

  it('refuses a rejection over a fresh approval claim too', async () => {
    const w = seeded(deathDossier());
    await approverDiedAfterApply(w, NOW);
    await expect(
      decide(w.deps, deathDossier(), 'RegisterDeath', { decision: 'reject', actor: '001080000010', reason: 'Nhầm' }),
    ).rejects.toThrow(/approval .* can no longer be rejected/);
  });

  it('lets an approval take over a stale rejection claim (a rejection writes nothing before its record)', async () => {
    const w = seeded(deathDossier());
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const old = new Date(NOW.getTime() - 10 * 60_000);
    await w.store.claimDecision(DEATH_DOSSIER_ID, 'RegisterDeath', {
      decision: 'reject',
      actor: PINS.officer,
      at: old.toISOString(),
      staleBefore: old.toISOString(),
    });
    const step = await decide(w.deps, deathDossier(), 'RegisterDeath', { decision: 'approve', actor: '001080000010' });
    expect(step.status).toBe('approved');
  });

  it('releases its claim when the step refuses the approval (409 from the rule), so it can be rejected at once', async () => {
    const w = seeded(
      deathDossier(),
      world(
        FAMILY.map((c) => (c.pin === PINS.grandfather ? { ...c, status: 'deceased', deathDate: '2020-01-01' } : c)),
      ),
    );
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const dossier = deathDossier();
    await expect(
      decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: PINS.officer }),
    ).rejects.toThrow(/already recorded as deceased/);
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')?.claimedDecision).toBeUndefined();
    const step = await decide(w.deps, dossier, 'RegisterDeath', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Người này đã được khai tử năm 2020',
    });
    expect(step.status).toBe('rejected');
  });

  it('an approval refused while another approval of the step is under way does not give the step up', async () => {
    const w = seeded(deathDossier());
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const dossier = deathDossier();
    const disable = w.accounts.disableForDeath.bind(w.accounts);
    let calls = 0;
    w.accounts.disableForDeath = async (pin, dossierId) => {
      calls++;
      if (calls === 2) throw new ConflictError('The account changed meanwhile.');
      return disable(pin, dossierId);
    };
    const outcomes: unknown[] = [];
    // The first approval has written the death and is about to record it; a second approval and a rejection come in.
    w.store.beforeDecideStep = async (decision) => {
      if (decision.status !== 'approved') return;
      w.store.beforeDecideStep = undefined;
      outcomes.push(
        await decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: '001080000010' }).catch(
          (error: unknown) => error,
        ),
      );
      outcomes.push(
        await decide(w.deps, dossier, 'RegisterDeath', {
          decision: 'reject',
          actor: '001080000011',
          reason: 'Nhầm người đã mất',
        }).catch((error: unknown) => error),
      );
    };
    const step = await decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: PINS.officer });
    expect(outcomes[0]).toBeInstanceOf(ConflictError);
    expect(outcomes[1]).toBeInstanceOf(ConflictError);
    expect(String(outcomes[1])).toMatch(/can no longer be rejected/);
    expect(step.status).toBe('approved');
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')?.status).toBe('approved');
  });

  it('a stale approval claim is given up by a later approval its rule refuses', async () => {
    const w = seeded(
      deathDossier(),
      world(
        FAMILY.map((c) => (c.pin === PINS.grandfather ? { ...c, status: 'deceased', deathDate: '2020-01-01' } : c)),
      ),
    );
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const old = new Date(NOW.getTime() - 10 * 60_000).toISOString();
    await w.store.claimDecision(DEATH_DOSSIER_ID, 'RegisterDeath', {
      decision: 'approve',
      actor: '001080000010',
      at: old,
      staleBefore: old,
    });
    const dossier = deathDossier();
    await expect(
      decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: PINS.officer }),
    ).rejects.toThrow(/already recorded as deceased/);
    const rejection = { decision: 'reject' as const, actor: PINS.officer, reason: 'Đã khai tử năm 2020' };
    expect((await decide(w.deps, dossier, 'RegisterDeath', rejection)).status).toBe('rejected');
  });

  it('a rejection overtaken by the end of the group is told the step was cancelled', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    w.store.beforeDecideStep = async () => {
      w.store.beforeDecideStep = undefined;
      await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    };
    const rejecting = decide(w.deps, birthDossier(), 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Giấy chứng sinh không hợp lệ',
    });
    await expect(rejecting).rejects.toThrow('This step is cancelled; it can no longer be decided.');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('cancelled');
    expect(w.workflow.failures).toEqual([]);
  });

  it('keeps its claim when the approval fails half-way (an outage): only an approval may finish it', async () => {
    const w = seeded(deathDossier());
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    const dossier = deathDossier();
    const disable = w.accounts.disableForDeath.bind(w.accounts);
    w.accounts.disableForDeath = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await expect(
      decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: PINS.officer }),
    ).rejects.toThrow('Rate exceeded');
    expect(w.population.peek(PINS.grandfather)?.status).toBe('deceased');
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')?.claimedDecision).toBe('approve');
    await expect(
      decide(w.deps, dossier, 'RegisterDeath', { decision: 'reject', actor: '001080000010', reason: 'Nhầm người' }),
    ).rejects.toBeInstanceOf(ConflictError);
    w.accounts.disableForDeath = disable;
    expect((await decide(w.deps, dossier, 'RegisterDeath', { decision: 'approve', actor: PINS.officer })).status).toBe(
      'approved',
    );
    expect(w.accounts.accounts.get(PINS.grandfather)?.status).toBe('disabled');
  });
});

describe('delivering a decision to the workflow', () => {
  const inbox = async (w: World) => (await w.store.listInbox('civil-status', '01')).tasks;
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

  it('leaves a decided step in the inbox, with its status, until the workflow has it; deciding again delivers it', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = birthDossier();
    w.workflow.callbackError = throttled();
    await expect(
      decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: PINS.officer }),
    ).rejects.toThrow('Rate exceeded');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('approved');
    expect(await inbox(w)).toEqual([
      expect.objectContaining({ taskId: `${BIRTH_DOSSIER_ID}.RegisterBirth`, status: 'approved', overdue: false }),
    ]);
    w.workflow.callbackError = undefined;
    const step = await decide(w.deps, dossier, 'RegisterBirth', { decision: 'approve', actor: PINS.officer });
    expect(step.status).toBe('approved');
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-1']);
    expect(await inbox(w)).toEqual([]);
    expect(w.documents.calls).toBe(1);
    expect(w.store.outbox.filter((n) => n.id.endsWith('#approved'))).toHaveLength(1);
  });

  it('a rejection that could not be delivered stays listed as rejected and is delivered when sent again', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    const rejection = { decision: 'reject' as const, actor: PINS.officer, reason: 'Giấy chứng sinh không hợp lệ' };
    w.workflow.callbackError = throttled();
    await expect(decide(w.deps, birthDossier(), 'RegisterBirth', rejection)).rejects.toThrow('Rate exceeded');
    expect((await inbox(w)).map((t) => t.status)).toEqual(['rejected']);
    w.workflow.callbackError = undefined;
    await decide(w.deps, birthDossier(), 'RegisterBirth', rejection);
    expect(w.workflow.failures.map((f) => [f.taskToken, f.error])).toEqual([['token-1', STEP_REJECTED]]);
    expect(await inbox(w)).toEqual([]);
  });

  it('takes the step out of the inbox when the task no longer waits (gone)', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    w.workflow.callbackResult = 'gone';
    await decide(w.deps, birthDossier(), 'RegisterBirth', { decision: 'approve', actor: PINS.officer });
    expect(await inbox(w)).toEqual([]);
  });

  it('a retried task finding the step decided but undelivered delivers it to its new token and clears the inbox', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    w.workflow.callbackError = throttled();
    await decide(w.deps, birthDossier(), 'RegisterBirth', { decision: 'approve', actor: PINS.officer }).catch(
      () => undefined,
    );
    w.workflow.callbackError = undefined;
    expect(await open(w, 'RegisterBirth', 'token-2')).toEqual({ stepId: 'RegisterBirth', status: 'approved' });
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-2']);
    expect(await inbox(w)).toEqual([]);
  });

  it('a decision made with a dead token also reaches the token a concurrent retry stored on the step', async () => {
    // The first invocation (token-1) outlived its timeout; the retry (token-2) opened the step for officers, and then
    // the first one approved it with its own token, which the workflow no longer waits on.
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-2');
    await decide(
      w.deps,
      birthDossier(),
      'RegisterBirth',
      { decision: 'approve', actor: PINS.officer, automatic: true },
      'token-1',
    );
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-2', 'token-1']);
    expect(await inbox(w)).toEqual([]);
  });

  it('the end of the group takes a decided step still listed out of the inbox (nothing waits for it any more)', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    w.workflow.callbackError = throttled();
    await decide(w.deps, birthDossier(), 'RegisterBirth', { decision: 'approve', actor: PINS.officer }).catch(
      () => undefined,
    );
    expect((await inbox(w)).map((t) => t.status)).toEqual(['approved']);
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    expect(await inbox(w)).toEqual([]);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('approved');
  });

  it('lists a step awaiting an officer with its status', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    expect((await inbox(w)).map((t) => t.status)).toEqual(['awaiting-officer']);
  });
});

describe('RegisterBirth issues the PIN with the birth certificate', () => {
  it('approving it writes the child under a new PIN and a certificate that states it, on the step and the dossier', async () => {
    const w = seeded();
    w.auto.approves = (_p, step) => step === 'RegisterBirth';
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = await w.store.get(BIRTH_DOSSIER_ID);
    const pin = dossier?.documents.pin;
    expect(pin).toMatch(/^001326\d{6}$/);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({
      status: 'approved',
      automatic: true,
      result: { pin, birthCertificateNumber: dossier?.documents.birthCertificateNumber },
    });
    const certificate = w.documents.documents.get(String(dossier?.documents.birthCertificateNumber));
    expect(certificate?.subject).toMatchObject({ pin });
    expect(certificate?.statement.en).toContain(`PIN ${pin}`);
    expect(w.population.citizens.get(String(pin))).toMatchObject({ motherPin: PINS.mother, status: 'alive' });
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['token-1']);
  });

  it('creates one child when two approvals apply it at once (a retry racing the first attempt)', async () => {
    const w = seeded();
    const context = { dossier: birthDossier(), now: NOW, deps: w.deps };
    const effects = await Promise.all([
      STEP_RULES.RegisterBirth.apply(context, PINS.officer),
      STEP_RULES.RegisterBirth.apply(context, PINS.officer),
    ]);
    const again = await STEP_RULES.RegisterBirth.apply(context, PINS.officer);
    const children = [...w.population.citizens.values()].filter((c) => c.motherPin === PINS.mother);
    expect(children).toHaveLength(1);
    expect([...effects, again].map((e) => e.result.pin)).toEqual(Array(3).fill(children[0]?.pin));
    expect(w.population.citizens.size).toBe(FAMILY.length + 1);
  });
});

/** The store's next decideStep fails as a timed-out Lambda would, after the effect was written. */
const failNextDecision = (w: World) => {
  const decideStep = w.store.decideStep.bind(w.store);
  let armed = true;
  w.store.decideStep = async (decision) => {
    if (armed) {
      armed = false;
      throw new Error('Injected: the task timed out');
    }
    return decideStep(decision);
  };
};

describe('an approval of RegisterBirth that died after writing the child', () => {
  it('auto-approved: the retried task finds its own child, not a second birth, and approves with that PIN', async () => {
    const w = seeded();
    w.auto.approves = (_p, step) => step === 'RegisterBirth';
    failNextDecision(w);
    await expect(open(w, 'RegisterBirth', 'token-1')).rejects.toThrow('Injected');
    const claimed = w.population.claims.get(`BIRTH#${BIRTH_DOSSIER_ID}`);
    expect(claimed).toMatch(/^\d{12}$/);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toBeUndefined();

    // Step Functions retries the task: the same birth, approved at once, the same PIN.
    expect(await open(w, 'RegisterBirth', 'token-1')).toEqual({ stepId: 'RegisterBirth', status: 'approved' });
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({ status: 'approved', automatic: true });
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.documents.pin).toBe(claimed);
    expect([...w.population.citizens.values()].filter((c) => c.motherPin === PINS.mother)).toHaveLength(1);
  });

  it('with no claim held (an auto-approval), a rejection over the effect is refused (409) and writes nothing', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    // The effect is written, its approval never recorded and no claim held: the task that auto-approved it died, and
    // its retry put the step in the inbox (a province that stopped auto-approving births meanwhile).
    const effect = await STEP_RULES.RegisterBirth.apply({ dossier: birthDossier(), now: NOW, deps: w.deps }, 'x');
    const outbox = w.store.outbox.length;
    const rejecting = decide(w.deps, birthDossier(), 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'the hospital certificate does not match',
    });
    await expect(rejecting).rejects.toBeInstanceOf(ConflictError);
    await expect(rejecting).rejects.toThrow('approve it to complete that approval');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({ status: 'awaiting-officer' });
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.claimedDecision).toBeUndefined();
    expect(w.store.outbox).toHaveLength(outbox);
    expect(w.workflow.failures).toEqual([]);

    const approved = await decide(w.deps, birthDossier(), 'RegisterBirth', {
      decision: 'approve',
      actor: PINS.officer,
    });
    expect(approved).toMatchObject({ status: 'approved', result: { pin: effect.result.pin } });
    expect([...w.population.citizens.values()].filter((c) => c.motherPin === PINS.mother)).toHaveLength(1);
  });

  it("an officer's: its claim outlives it, a rejection stays refused after it expired, an approval completes it", async () => {
    const clock = { now: NOW };
    const w = seeded(birthDossier(), world(FAMILY, clock));
    await open(w, 'RegisterBirth', 'token-1');
    failNextDecision(w);
    const approve = () => decide(w.deps, birthDossier(), 'RegisterBirth', { decision: 'approve', actor: PINS.officer });
    await expect(approve()).rejects.toThrow('Injected');
    const pin = w.population.claims.get(`BIRTH#${BIRTH_DOSSIER_ID}`);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({ claimedDecision: 'approve' });

    // Long after any request timeout: the claim has expired, but the PIN is issued, so no rejection lands over it.
    clock.now = new Date(NOW.getTime() + (DECISION_CLAIM_SECONDS + 1) * 1000);
    const rejecting = decide(w.deps, birthDossier(), 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'the hospital certificate does not match',
    });
    await expect(rejecting).rejects.toBeInstanceOf(ConflictError);
    expect(w.workflow.failures).toEqual([]);
    expect(await approve()).toMatchObject({ status: 'approved', result: { pin } });
    expect([...w.population.citizens.values()].filter((c) => c.motherPin === PINS.mother)).toHaveLength(1);
  });
});

/**
 * With this dossier's own effect written, a rejection of `stepId` is a 409 that leaves the step in the inbox and
 * sends nothing; then an approval completes the step.
 */
const expectOnlyApprovalCompletes = async (w: World, dossier: Dossier, stepId: StepId) => {
  const outbox = w.store.outbox.length;
  const rejecting = decide(w.deps, dossier, stepId, { decision: 'reject', actor: PINS.officer, reason: 'Nhầm' });
  await expect(rejecting).rejects.toBeInstanceOf(ConflictError);
  // Refused because of the effect written (ownEffectWritten), not for another conflict.
  await expect(rejecting).rejects.toThrow('already wrote its effect to the registries');
  expect(w.store.peekStep(dossier.id, stepId)).toMatchObject({ status: 'awaiting-officer' });
  expect(w.store.outbox).toHaveLength(outbox);
  expect(await decide(w.deps, dossier, stepId, { decision: 'approve', actor: PINS.officer })).toMatchObject({
    status: 'approved',
  });
};

describe('an approval of RegisterDeath that died after recording the death', () => {
  it('auto-approved: the retried task finds the death it recorded, not a person already dead, and approves', async () => {
    const w = seeded(deathDossier());
    w.auto.approves = (_p, step) => step === 'RegisterDeath';
    failNextDecision(w);
    await expect(open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID)).rejects.toThrow('Injected');
    expect(w.population.citizens.get(PINS.grandfather)).toMatchObject({
      status: 'deceased',
      deathDossierId: DEATH_DOSSIER_ID,
    });
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')).toBeUndefined();

    // Step Functions retries the task: the same death, approved at once, one extract.
    expect(await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID)).toEqual({
      stepId: 'RegisterDeath',
      status: 'approved',
    });
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')).toMatchObject({ status: 'approved', automatic: true });
  });

  it('a death another dossier recorded still fails the check: the step goes to an officer', async () => {
    const w = seeded(deathDossier());
    w.auto.approves = (_p, step) => step === 'RegisterDeath';
    const other = deathDossier({ id: 'dos-other-death' });
    await STEP_RULES.RegisterDeath.apply({ dossier: other, now: NOW, deps: w.deps }, PINS.officer);
    expect(await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID)).toMatchObject({ status: 'awaiting-officer' });
    expect(await STEP_RULES.RegisterDeath.ownEffectWritten?.({ dossier: deathDossier(), now: NOW, deps: w.deps })).toBe(
      false,
    );
  });

  it('with no claim held, a rejection over the death this dossier recorded is refused and writes nothing', async () => {
    const w = seeded(deathDossier());
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    // The death is recorded by this dossier, its approval never recorded and no claim held (an auto-approval that died
    // and whose retries were spent, or a province that stopped auto-approving deaths meanwhile).
    await w.population.updateCitizen(
      w.population.citizens.get(PINS.grandfather) as never,
      {
        ...(w.population.citizens.get(PINS.grandfather) as object),
        status: 'deceased',
        deathDate: '2026-11-20',
        deathDossierId: DEATH_DOSSIER_ID,
      } as never,
      { actor: 'x', action: 'death-registered', at: NOW.toISOString() },
    );
    await expectOnlyApprovalCompletes(w, deathDossier(), 'RegisterDeath');
  });
});

describe('DeletePermanentResidence, its own effect written with no claim held', () => {
  it('refuses a rejection over the residence this dossier deleted, and the approval completes the step', async () => {
    const w = seeded(deathDossier());
    const context = { dossier: deathDossier(), now: NOW, deps: w.deps };
    await STEP_RULES.RegisterDeath.apply(context, PINS.officer);
    await open(w, 'DeletePermanentResidence', 'token-2', DEATH_DOSSIER_ID);
    await STEP_RULES.DeletePermanentResidence.apply(context, PINS.officer);
    await expectOnlyApprovalCompletes(w, deathDossier(), 'DeletePermanentResidence');
  });
});

describe('IssueChildHealthInsurance, its own effect written with no claim held', () => {
  const openCardStep = async () => {
    const w = seeded();
    w.auto.approves = (_p, step) => step === 'RegisterBirth';
    await open(w, 'RegisterBirth', 'token-1');
    await open(w, 'IssueChildHealthInsurance', 'token-2');
    return { w, dossier: (await w.store.get(BIRTH_DOSSIER_ID)) as Dossier };
  };

  it('refuses a rejection over the card this dossier issued (409, nothing written); the approval completes it', async () => {
    const { w, dossier } = await openCardStep();
    await STEP_RULES.IssueChildHealthInsurance.apply({ dossier, now: NOW, deps: w.deps }, PINS.officer);
    await expectOnlyApprovalCompletes(w, dossier, 'IssueChildHealthInsurance');
  });

  it("lets a rejection through over a card from elsewhere (a VSS synchronisation): not this dossier's effect", async () => {
    const { w, dossier } = await openCardStep();
    const child = w.population.citizens.get(String(dossier.documents.pin));
    if (!child) throw new Error('no child');
    const { version: _v, ...record } = child;
    const card = {
      number: 'TE1010123456789',
      validFrom: '2026-11-20',
      validUntil: '2032-11-19',
      facilityCode: '01001',
    };
    await w.population.updateCitizen(
      child,
      { ...record, healthInsurance: card },
      { actor: 'vss', action: 'sync', at: NOW.toISOString() },
    );
    const rejected = await decide(w.deps, dossier, 'IssueChildHealthInsurance', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Đã có thẻ',
    });
    expect(rejected).toMatchObject({ status: 'rejected' });
  });
});

describe('RegisterPermanentResidence, its own effect written with no claim held', () => {
  const openResidenceStep = async () => {
    const w = seeded();
    w.auto.approves = (_p, step) => step === 'RegisterBirth';
    await open(w, 'RegisterBirth', 'token-1');
    await open(w, 'RegisterPermanentResidence', 'token-2');
    const dossier = (await w.store.get(BIRTH_DOSSIER_ID)) as Dossier;
    const child = () => w.population.citizens.get(String(dossier.documents.pin));
    return { w, dossier, child };
  };

  it('refuses a rejection over the household this dossier registered the child in; the approval completes it', async () => {
    const { w, dossier, child } = await openResidenceStep();
    // An approval that placed the child and died before recording the step (an auto-approval whose retries were
    // spent, or an officer's whose claim expired).
    await STEP_RULES.RegisterPermanentResidence.apply({ dossier, now: NOW, deps: w.deps }, PINS.officer);
    expect(child()).toMatchObject({ householdId: 'H1', residenceDossierId: BIRTH_DOSSIER_ID });
    await expectOnlyApprovalCompletes(w, dossier, 'RegisterPermanentResidence');
    expect(child()).toMatchObject({ householdId: 'H1', residenceDossierId: BIRTH_DOSSIER_ID });
  });

  it("lets a rejection through over a household another dossier placed the child in (service 3): not this one's", async () => {
    const { w, dossier, child } = await openResidenceStep();
    const before = child();
    if (!before) throw new Error('no child');
    const { version: _v, ...record } = before;
    await w.population.updateCitizen(
      before,
      { ...record, householdId: 'H2', relationToHead: 'other', residenceDossierId: 'CT01-20261123-SERVICE003' },
      { actor: PINS.officer, action: 'permanent-residence-registered', at: NOW.toISOString() },
    );
    expect(await STEP_RULES.RegisterPermanentResidence.ownEffectWritten?.({ dossier, now: NOW, deps: w.deps })).toBe(
      false,
    );
    const rejected = await decide(w.deps, dossier, 'RegisterPermanentResidence', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Chủ hộ không đồng ý',
    });
    expect(rejected).toMatchObject({ status: 'rejected' });
    expect(child()).toMatchObject({ householdId: 'H2' });
  });

  it('auto-approved: the retried task finds the child already placed and approves once', async () => {
    // Filed by the household head, so every check passes and the province's auto-approval applies.
    const w = seeded({ ...birthDossier(), applicantPin: PINS.father });
    w.auto.approves = (_p, step) => step === 'RegisterBirth' || step === 'RegisterPermanentResidence';
    await open(w, 'RegisterBirth', 'token-1');
    failNextDecision(w);
    await expect(open(w, 'RegisterPermanentResidence', 'token-2')).rejects.toThrow('Injected');
    const dossier = (await w.store.get(BIRTH_DOSSIER_ID)) as Dossier;
    const pin = String(dossier.documents.pin);
    expect(w.population.citizens.get(pin)).toMatchObject({ householdId: 'H1', residenceDossierId: BIRTH_DOSSIER_ID });
    const history = () =>
      w.population.history.filter((h) => h.pin === pin && h.change.action === 'permanent-residence-registered');
    expect(history()).toHaveLength(1);

    expect(await open(w, 'RegisterPermanentResidence', 'token-2')).toEqual({
      stepId: 'RegisterPermanentResidence',
      status: 'approved',
    });
    expect(history()).toHaveLength(1);
  });
});

describe('finishDossier', () => {
  const prepare = async () => {
    const w = seeded();
    w.auto.approves = (_p, step) => step === 'RegisterBirth';
    await open(w, 'RegisterBirth', 'token-1');
    await open(w, 'RegisterPermanentResidence', 'token-2');
    return w;
  };

  it('completed: marks the dossier completed, notifies, keeps the subject claimed and touches no step', async () => {
    const w = seeded();
    w.auto.approves = () => true;
    w.store.seed({ ...birthDossier(), applicantPin: PINS.father }, 'birth#subject');
    await open(w, 'RegisterBirth', 't1');
    await open(w, 'RegisterPermanentResidence', 't2');
    await open(w, 'IssueChildHealthInsurance', 't3');
    const result = await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'completed' });
    expect(result).toEqual({ dossierId: BIRTH_DOSSIER_ID, status: 'completed' });
    const dossier = await w.store.get(BIRTH_DOSSIER_ID);
    expect(dossier?.status).toBe('completed');
    expect(dossier?.outcome).toMatchObject({ at: NOW.toISOString(), en: expect.stringContaining('is complete') });
    expect(w.store.subjects.get('birth#subject')).toBe(BIRTH_DOSSIER_ID);
    expect([...w.store.steps.values()].map((s) => s.status)).toEqual(['approved', 'approved', 'approved']);
    expect(w.store.outbox.map((n) => n.id)).toContain(`${BIRTH_DOSSIER_ID}#completed`);
  });

  it('rejected: records the refused step and reason, cancels what did not run', async () => {
    const w = await prepare();
    await decide(w.deps, birthDossier(), 'RegisterPermanentResidence', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Chủ hộ không đồng ý',
    });
    const cause = String(w.workflow.failures[0]?.cause);
    const result = await finishDossier(w.deps)({
      dossierId: BIRTH_DOSSIER_ID,
      outcome: 'rejected',
      error: { Error: STEP_REJECTED, Cause: cause },
    });
    expect(result.status).toBe('rejected');
    const view = await w.store.view(BIRTH_DOSSIER_ID);
    expect(view?.dossier.outcome?.en).toContain(
      'step "Permanent residence registration" was refused: Chủ hộ không đồng ý',
    );
    expect(Object.fromEntries(view?.steps.map((s) => [s.stepId, s.status]) ?? [])).toEqual({
      RegisterBirth: 'approved',
      RegisterPermanentResidence: 'rejected',
      IssueChildHealthInsurance: 'cancelled',
    });
    // The child already has a PIN: the birth stays claimed, so a new application cannot issue a second one.
    expect(w.store.subjects.get('birth#subject')).toBe(BIRTH_DOSSIER_ID);
  });

  it('rejected before the child was registered: releases the birth for a new application', async () => {
    const w = seeded();
    await open(w, 'RegisterBirth', 'token-1');
    await decide(w.deps, birthDossier(), 'RegisterBirth', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Giấy chứng sinh không hợp lệ',
    });
    await finishDossier(w.deps)({
      dossierId: BIRTH_DOSSIER_ID,
      outcome: 'rejected',
      error: { Error: STEP_REJECTED, Cause: String(w.workflow.failures[0]?.cause) },
    });
    expect(w.store.subjects.has('birth#subject')).toBe(false);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence')?.status).toBe('cancelled');
  });

  it('keeps the birth claimed when the PIN was issued but its decision never recorded (the claim shows it)', async () => {
    const w = seeded();
    await STEP_RULES.RegisterBirth.apply({ dossier: birthDossier(), now: NOW, deps: w.deps }, PINS.officer);
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    expect(w.store.subjects.get('birth#subject')).toBe(BIRTH_DOSSIER_ID);
  });

  it('failed death group: releases the death for a new application', async () => {
    const w = seeded(deathDossier());
    await open(w, 'RegisterDeath', 'token-1', DEATH_DOSSIER_ID);
    await finishDossier(w.deps)({ dossierId: DEATH_DOSSIER_ID, outcome: 'failed' });
    expect((await w.store.get(DEATH_DOSSIER_ID))?.status).toBe('failed');
    expect(w.store.subjects.has('death#subject')).toBe(false);
  });

  it('failed: marks it failed, cancels the step left in the inbox and takes it out of the inbox', async () => {
    const w = await prepare();
    const result = await finishDossier(w.deps)({
      dossierId: BIRTH_DOSSIER_ID,
      outcome: 'failed',
      error: { Error: 'States.Timeout', Cause: 'timed out' },
    });
    expect(result.status).toBe('failed');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence')).toMatchObject({
      status: 'cancelled',
      reason: 'the group ended before this step',
      inInbox: false,
    });
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'IssueChildHealthInsurance')?.status).toBe('cancelled');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('approved');
    expect(w.store.subjects.get('birth#subject')).toBe(BIRTH_DOSSIER_ID);
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.outcome?.en).toContain('technical problem');
  });

  it('is idempotent: a second call answers the recorded status and writes nothing more', async () => {
    const w = await prepare();
    const finish = finishDossier(w.deps);
    await finish({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    const events = w.store.timeline(BIRTH_DOSSIER_ID).length;
    const notifications = w.store.outbox.length;
    expect(await finish({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' })).toEqual({
      dossierId: BIRTH_DOSSIER_ID,
      status: 'failed',
    });
    expect(await finish({ dossierId: BIRTH_DOSSIER_ID, outcome: 'completed' })).toEqual({
      dossierId: BIRTH_DOSSIER_ID,
      status: 'failed',
    });
    expect(w.store.timeline(BIRTH_DOSSIER_ID)).toHaveLength(events);
    expect(w.store.outbox).toHaveLength(notifications);
  });

  it('never cancels a step an officer approved a moment before (between its view and its write)', async () => {
    const w = await prepare();
    w.store.beforeMoveStatus = async () => {
      w.store.beforeMoveStatus = undefined;
      const dossier = (await w.store.get(BIRTH_DOSSIER_ID)) as Dossier;
      await decide(w.deps, dossier, 'RegisterPermanentResidence', { decision: 'approve', actor: PINS.officer });
    };
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' }).catch(() => undefined);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence')).toMatchObject({
      status: 'approved',
      decidedBy: PINS.officer,
    });
  });

  it('fails (to be retried) instead of answering success when a step was decided meanwhile; the retry finishes it', async () => {
    const w = await prepare();
    w.store.beforeMoveStatus = async () => {
      w.store.beforeMoveStatus = undefined;
      const dossier = (await w.store.get(BIRTH_DOSSIER_ID)) as Dossier;
      await decide(w.deps, dossier, 'RegisterPermanentResidence', { decision: 'approve', actor: PINS.officer });
    };
    const finish = finishDossier(w.deps);
    const first = finish({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' });
    await expect(first).rejects.toBeInstanceOf(ConflictError);
    await expect(first).rejects.toThrow(/changed meanwhile.*; retry/);
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'IssueChildHealthInsurance')).toBeUndefined();
    expect(w.store.outbox.map((n) => n.id)).not.toContain(`${BIRTH_DOSSIER_ID}#failed`);
    // The retry (Step Functions' Retry on NotifyFailure) reads the steps afresh: the approval stands, the rest is
    // cancelled, and the dossier ends.
    expect(await finish({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' })).toEqual({
      dossierId: BIRTH_DOSSIER_ID,
      status: 'failed',
    });
    expect(Object.fromEntries([...w.store.steps.values()].map((s) => [s.stepId, s.status]))).toEqual({
      RegisterBirth: 'approved',
      RegisterPermanentResidence: 'approved',
      IssueChildHealthInsurance: 'cancelled',
    });
    expect(w.store.outbox.filter((n) => n.id === `${BIRTH_DOSSIER_ID}#failed`)).toHaveLength(1);
  });

  it('fails (to be retried) while an approval holds a claim on a step it would cancel', async () => {
    const w = await prepare();
    await w.store.claimDecision(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence', {
      decision: 'approve',
      actor: PINS.officer,
      at: NOW.toISOString(),
      staleBefore: NOW.toISOString(),
    });
    await expect(finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
  });

  it('never cancels a step whose approval holds a claim (its effect may be written)', async () => {
    const w = await prepare();
    await w.store.claimDecision(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence', {
      decision: 'approve',
      actor: PINS.officer,
      at: NOW.toISOString(),
      staleBefore: NOW.toISOString(),
    });
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'failed' }).catch(() => undefined);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterPermanentResidence')).toMatchObject({
      status: 'awaiting-officer',
      claimedDecision: 'approve',
    });
  });

  it('reads a rejection without a usable cause as "no reason given"', async () => {
    const w = await prepare();
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'rejected', error: { Cause: 'not json' } });
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.outcome?.en).toContain('it was refused: no reason given');
  });

  it('answers 404 for an unknown dossier', async () => {
    await expect(
      finishDossier(world().deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'completed' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('decide with the step as the caller read it', () => {
  it('a read gone stale (the step was decided since) is refused by the conditional write, never overwritten', async () => {
    const w = seeded();
    w.auto.approves = () => true;
    await open(w, 'RegisterBirth', 'token-1');
    const dossier = (await w.store.get(BIRTH_DOSSIER_ID)) as Dossier;
    const stale = { step: undefined };
    await expect(
      decide(w.deps, dossier, 'RegisterBirth', { decision: 'reject', actor: PINS.officer, reason: 'late' }, 't', stale),
    ).rejects.toBeInstanceOf(ConflictError);
    const again = await decide(
      w.deps,
      dossier,
      'RegisterBirth',
      { decision: 'approve', actor: PINS.officer },
      't',
      stale,
    );
    expect(again).toMatchObject({ status: 'approved', decidedBy: AUTO_APPROVAL_ACTOR });
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'step-approved')).toHaveLength(1);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('approved');
  });
});
