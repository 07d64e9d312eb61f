/**
 * The end of a group without a state of its own: the approval of the last step completes the dossier before the
 * workflow is told (shared/dossiers/finish-dossier.ts); steps approved without an officer are told in the completion
 * message; an optional step not requested passes at once (shared/dossiers/run-step.ts, openHumanStep).
 */
import { describe, expect, it } from 'vitest';
import type { StepId } from '../../../../shared/dossiers/catalogue.ts';
import { automaticResults } from '../../../../shared/dossiers/notification-texts.ts';
import { decide, openHumanStep } from '../../../../shared/dossiers/run-step.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  DEATH_DOSSIER_ID,
  deathDossier,
  deathForm,
  PINS,
  type World,
  world,
} from './fixtures.ts';

const open = (w: World, stepId: StepId, token: string, id = BIRTH_DOSSIER_ID) =>
  openHumanStep(w.deps)({ dossierId: id, stepId, taskToken: token });

/** Records the dossier's status at the moment each task token is answered. */
const statusAtCallbacks = (w: World, dossierId: string): string[] => {
  const seen: string[] = [];
  const succeed = w.workflow.succeed.bind(w.workflow);
  w.workflow.succeed = async (token, output) => {
    seen.push(`${token}:${(await w.store.get(dossierId))?.status}`);
    return succeed(token, output);
  };
  return seen;
};

const autoApprovedBirth = async () => {
  const w = world();
  // The household head applies: the residence step's checks all pass, so every step can be auto-approved.
  w.store.seed({ ...birthDossier(), applicantPin: PINS.father }, 'birth#subject');
  w.auto.approves = () => true;
  const seen = statusAtCallbacks(w, BIRTH_DOSSIER_ID);
  await open(w, 'RegisterBirth', 't1');
  await open(w, 'RegisterPermanentResidence', 't2');
  return { w, seen };
};

describe('the approval of the last step completes the group', () => {
  it('auto-approved: completed before the last token is answered, with one message listing what was done', async () => {
    const { w, seen } = await autoApprovedBirth();
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
    await open(w, 'IssueChildHealthInsurance', 't3');
    expect(seen).toEqual(['t1:processing', 't2:processing', 't3:completed']);
    const dossier = await w.store.get(BIRTH_DOSSIER_ID);
    expect(dossier?.status).toBe('completed');
    // Three steps approved without an officer: no message of their own, one at the end that says what they did.
    expect(w.store.outbox.map((n) => n.id)).toEqual([`${BIRTH_DOSSIER_ID}#completed`]);
    const text = w.store.outbox[0]?.notification.text ?? '';
    expect(text).toContain(`Đã cấp số định danh cá nhân ${dossier?.documents.pin}`);
    expect(text).toContain('Đã đăng ký khai sinh');
    expect(text).toContain('Đã cấp thẻ bảo hiểm y tế');
    expect(dossier?.outcome?.en).toContain(`Personal identification number ${dossier?.documents.pin}`);
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'completed')).toHaveLength(1);
  });

  it('a retried last task (a new token) completes nothing twice and answers the new token', async () => {
    const { w } = await autoApprovedBirth();
    await open(w, 'IssueChildHealthInsurance', 't3');
    await open(w, 'IssueChildHealthInsurance', 't3-retry');
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['t1', 't2', 't3', 't3-retry']);
    expect(w.store.outbox.map((n) => n.id)).toEqual([`${BIRTH_DOSSIER_ID}#completed`]);
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'completed')).toHaveLength(1);
  });

  it('an officer approving the last step completes it; officer decisions still notify on their own', async () => {
    const { w, seen } = await autoApprovedBirth();
    w.auto.approves = () => false;
    await open(w, 'IssueChildHealthInsurance', 't3');
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
    const dossier = await w.store.get(BIRTH_DOSSIER_ID);
    if (!dossier) throw new Error('not stored');
    await decide(w.deps, dossier, 'IssueChildHealthInsurance', { decision: 'approve', actor: PINS.officer });
    expect(seen.at(-1)).toBe('t3:completed');
    expect(w.store.outbox.map((n) => n.id)).toEqual([
      `${BIRTH_DOSSIER_ID}#IssueChildHealthInsurance#approved`,
      `${BIRTH_DOSSIER_ID}#completed`,
    ]);
    // The completion lists only what no officer told the citizen about.
    expect(w.store.outbox[1]?.notification.text).not.toContain('Đã cấp thẻ bảo hiểm y tế');
  });

  it('when the completion fails, the token is not answered; the retry completes and answers', async () => {
    const { w } = await autoApprovedBirth();
    let failures = 1;
    w.store.beforeMoveStatus = () => {
      if (failures-- > 0) throw new Error('ProvisionedThroughputExceededException');
    };
    await expect(open(w, 'IssueChildHealthInsurance', 't3')).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['t1', 't2']);
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
    await open(w, 'IssueChildHealthInsurance', 't3-retry');
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('completed');
    expect(w.workflow.successes.map((s) => s.taskToken)).toEqual(['t1', 't2', 't3-retry']);
  });

  it('does not complete a group on any other step', async () => {
    const { w } = await autoApprovedBirth();
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
    expect(w.store.outbox).toEqual([]);
  });
});

describe('an optional step the applicant did not request', () => {
  const deathWithoutBenefits = () => {
    const w = world();
    w.store.seed(
      deathDossier(
        { steps: ['RegisterDeath', 'DeletePermanentResidence'] },
        deathForm({ alsoRequest: [], funeralAllowance: undefined }),
      ),
      'death#subject',
    );
    w.auto.approves = () => true;
    return w;
  };

  it('passes at once, writing nothing; the last requested step completed the dossier', async () => {
    const w = deathWithoutBenefits();
    await open(w, 'RegisterDeath', 't1', DEATH_DOSSIER_ID);
    await open(w, 'DeletePermanentResidence', 't2', DEATH_DOSSIER_ID);
    expect((await w.store.get(DEATH_DOSSIER_ID))?.status).toBe('completed');
    const steps = [...w.store.steps.values()].length;
    const outbox = w.store.outbox.length;
    for (const [stepId, token] of [
      ['GrantFuneralAllowance', 't3'],
      ['GrantSurvivorBenefit', 't4'],
    ] as const) {
      expect(await open(w, stepId, token, DEATH_DOSSIER_ID)).toEqual({ stepId, status: 'not-requested' });
      expect(w.workflow.successes.at(-1)).toEqual({ taskToken: token, output: { stepId, status: 'not-requested' } });
    }
    expect([...w.store.steps.values()]).toHaveLength(steps);
    expect(w.store.outbox).toHaveLength(outbox);
    expect(w.store.timeline(DEATH_DOSSIER_ID).filter((e) => e.kind === 'completed')).toHaveLength(1);
  });
});

describe('automaticResults', () => {
  it('lists the texts of the steps approved without an officer, in the order of the group', () => {
    const text = (vi: string) => ({ vi, en: vi });
    const results = automaticResults(
      { steps: ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance'] },
      [
        { stepId: 'IssueChildHealthInsurance', status: 'approved' },
        { stepId: 'RegisterPermanentResidence', status: 'approved', automatic: true },
        { stepId: 'RegisterBirth', status: 'approved', automatic: true },
      ],
      [
        { at: '1', kind: 'step-approved', stepId: 'RegisterBirth', actor: 'auto', text: text('birth and pin') },
        { at: '2', kind: 'step-approved', stepId: 'RegisterPermanentResidence', actor: 'x', text: text('old') },
        { at: '3', kind: 'step-approved', stepId: 'RegisterPermanentResidence', actor: 'x', text: text('home') },
        {
          at: '4',
          kind: 'step-approved',
          stepId: 'IssueChildHealthInsurance',
          actor: PINS.officer,
          text: text('card'),
        },
      ],
    );
    expect(results.map((r) => r.vi)).toEqual(['birth and pin', 'home']);
  });
});
