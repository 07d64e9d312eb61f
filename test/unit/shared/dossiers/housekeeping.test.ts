import { describe, expect, it } from 'vitest';
import {
  flagOverdueSteps,
  requeueStalledDossiers,
  STALLED_AFTER_SECONDS,
  supervisorChannel,
} from '../../../../shared/dossiers/housekeeping.ts';
import { openHumanStep } from '../../../../shared/dossiers/run-step.ts';
import { BIRTH_DOSSIER_ID, birthDossier, DEATH_DOSSIER_ID, deathDossier, NOW, world } from './fixtures.ts';

const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

describe('requeueStalledDossiers', () => {
  it('queues again only dossiers still submitted after the threshold, each to its own province', async () => {
    const w = world();
    const ids = {
      stalled01: 'HS01-20261123-AAAAAAAAAA',
      fresh01: 'HS01-20261123-BBBBBBBBBB',
      started01: 'HS01-20261123-CCCCCCCCCC',
      stalled37: 'HS37-20261123-DDDDDDDDDD',
      stalled79: 'HS79-20261123-EEEEEEEEEE',
    };
    w.store.seed(birthDossier({ id: ids.stalled01, status: 'submitted', submittedAt: ago(STALLED_AFTER_SECONDS + 1) }));
    w.store.seed(birthDossier({ id: ids.fresh01, status: 'submitted', submittedAt: ago(STALLED_AFTER_SECONDS - 1) }));
    w.store.seed(birthDossier({ id: ids.started01, status: 'processing', submittedAt: ago(3600) }));
    w.store.seed(birthDossier({ id: ids.stalled37, provinceCode: '37', status: 'submitted', submittedAt: ago(3600) }));
    w.store.seed(birthDossier({ id: ids.stalled79, provinceCode: '79', status: 'submitted', submittedAt: ago(3600) }));
    const sweep = requeueStalledDossiers({ store: w.store, queue: w.queue, provinces: ['01', '37'], now: () => NOW });
    expect(await sweep()).toEqual({ requeued: 2 });
    expect(w.queue.sent).toEqual([
      { provinceCode: '01', message: { dossierId: ids.stalled01 } },
      { provinceCode: '37', message: { dossierId: ids.stalled37 } },
    ]);
  });

  it("sweeps every province even when one province's queue fails, then reports the failure", async () => {
    const w = world();
    w.store.seed(birthDossier({ id: 'HS01-20261123-AAAAAAAAAA', status: 'submitted', submittedAt: ago(3600) }));
    w.store.seed(
      birthDossier({ id: 'HS37-20261123-DDDDDDDDDD', provinceCode: '37', status: 'submitted', submittedAt: ago(3600) }),
    );
    const queue = {
      sent: [] as string[],
      async send(provinceCode: string, message: { dossierId: string }) {
        if (provinceCode === '01') throw new Error('QueueDoesNotExist');
        this.sent.push(message.dossierId);
      },
    };
    const sweep = requeueStalledDossiers({ store: w.store, queue, provinces: ['01', '37'], now: () => NOW });
    await expect(sweep()).rejects.toThrow(/01: QueueDoesNotExist/);
    expect(queue.sent).toEqual(['HS37-20261123-DDDDDDDDDD']);
  });

  it('takes its threshold from stalledAfterSeconds', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted', submittedAt: ago(30) }));
    const sweep = (stalledAfterSeconds: number) =>
      requeueStalledDossiers({
        store: w.store,
        queue: w.queue,
        provinces: ['01'],
        now: () => NOW,
        stalledAfterSeconds,
      })();
    expect(await sweep(60)).toEqual({ requeued: 0 });
    expect(await sweep(10)).toEqual({ requeued: 1 });
    expect(w.queue.sent).toEqual([{ provinceCode: '01', message: { dossierId: BIRTH_DOSSIER_ID } }]);
  });
});

describe('flagOverdueSteps', () => {
  it('flags each step past its deadline once, to the supervisors of its agency in the province', async () => {
    const w = world();
    w.store.seed(birthDossier());
    w.store.seed(deathDossier());
    const open = openHumanStep(w.deps);
    // Opened Monday 10:00: RegisterBirth is due the same day (17:00), RegisterDeath too.
    await open({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterBirth', taskToken: 't1' });
    await open({ dossierId: DEATH_DOSSIER_ID, stepId: 'DeletePermanentResidence', taskToken: 't2' });
    const sweep = (at: string) => flagOverdueSteps({ store: w.store, provinces: ['01'], now: () => new Date(at) })();

    expect(await sweep('2026-11-23T09:59:59.000Z')).toEqual({ flagged: 0 });
    expect(await sweep('2026-11-23T10:00:01.000Z')).toEqual({ flagged: 1 });
    expect(w.store.outbox).toEqual([
      {
        id: `${BIRTH_DOSSIER_ID}#RegisterBirth#overdue`,
        notification: {
          pin: supervisorChannel('civil-status', '01'),
          kind: 'dossier',
          text: expect.stringContaining(BIRTH_DOSSIER_ID),
        },
      },
    ]);
    expect(supervisorChannel('civil-status', '01')).toBe('SUPERVISORS#civil-status#01');
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')).toMatchObject({
      status: 'awaiting-officer',
      overdueFlaggedAt: '2026-11-23T10:00:01.000Z',
      inInbox: true,
    });
    expect(w.store.timeline(BIRTH_DOSSIER_ID).map((e) => e.kind)).toEqual(['step-opened', 'step-overdue']);

    // Again later: the birth step is not flagged twice; the residence step (2 working days) is due Tuesday.
    expect(await sweep('2026-11-24T09:00:00.000Z')).toEqual({ flagged: 0 });
    expect(await sweep('2026-11-24T10:00:01.000Z')).toEqual({ flagged: 1 });
    expect(w.store.outbox.map((n) => n.notification.pin)).toEqual([
      'SUPERVISORS#civil-status#01',
      'SUPERVISORS#police#01',
    ]);
    expect(await sweep('2026-11-30T10:00:00.000Z')).toEqual({ flagged: 0 });
  });

  it('does not flag a step decided before the sweep, nor steps of provinces it does not sweep', async () => {
    const w = world();
    w.store.seed(birthDossier());
    await openHumanStep(w.deps)({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterBirth', taskToken: 't1' });
    expect(await flagOverdueSteps({ store: w.store, provinces: ['37'], now: () => new Date('2026-12-01') })()).toEqual({
      flagged: 0,
    });
    w.auto.approves = () => true;
    await openHumanStep(w.deps)({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterBirth', taskToken: 't2' });
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('approved');
    expect(await flagOverdueSteps({ store: w.store, provinces: ['01'], now: () => new Date('2026-12-01') })()).toEqual({
      flagged: 0,
    });
  });
});
