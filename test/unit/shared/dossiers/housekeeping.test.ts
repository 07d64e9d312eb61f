import { describe, expect, it } from 'vitest';
import {
  flagOverdueSteps,
  MAX_REQUEUE_BACKOFF_SECONDS,
  MAX_REQUEUES_PER_SWEEP,
  requeueBackoffSeconds,
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

describe('requeueStalledDossiers back-off', () => {
  const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
  const id = (n: number) => `HS01-20261123-${String(n).padStart(10, '0')}`;

  it('doubles the wait between re-sends of one dossier, from 5 up to 30 minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => requeueBackoffSeconds(n))).toEqual([300, 600, 1200, 1800, 1800]);
    expect(requeueBackoffSeconds(1000)).toBe(MAX_REQUEUE_BACKOFF_SECONDS);
  });

  it('does not re-send a dossier again before its back-off has passed', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted', submittedAt: ago(3600) }));
    let clock = NOW;
    const sweep = requeueStalledDossiers({ store: w.store, queue: w.queue, provinces: ['01'], now: () => clock });

    const sent = [];
    for (let minute = 0; minute <= 40; minute++) {
      clock = minutes(minute);
      sent.push((await sweep()).requeued);
    }

    // Re-sent at minutes 0, 5, 15 and 35 (waits of 5, 10 and 20 minutes), not 41 times.
    expect(sent.flatMap((n, minute) => (n > 0 ? [minute] : []))).toEqual([0, 5, 15, 35]);
    expect(w.store.requeues.get(BIRTH_DOSSIER_ID)?.count).toBe(4);
  });

  it('sends nothing for a dossier another sweep re-sent meanwhile', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted', submittedAt: ago(3600) }));
    const sweep = requeueStalledDossiers({ store: w.store, queue: w.queue, provinces: ['01'], now: () => NOW });

    const results = await Promise.all([sweep(), sweep()]);

    expect(results.map((r) => r.requeued).sort()).toEqual([0, 1]);
    expect(w.queue.sent).toHaveLength(1);
  });

  it('drains a backlog of 5,000 behind a slow consumer without a resend storm, losing none', async () => {
    const w = world();
    const backlog = 5000;
    const consumedPerMinute = 250;
    const queue: string[] = [];
    for (let n = 0; n < backlog; n++) {
      w.store.seed(birthDossier({ id: id(n), status: 'submitted', submittedAt: ago(120 - (n % 60)) }));
      // One in 20 intake messages was lost (the process died after the write): only the sweep can bring it back.
      if (n % 20 !== 7) queue.push(id(n));
    }
    let clock = NOW;
    const perSweep: number[] = [];
    const sweep = requeueStalledDossiers({
      store: w.store,
      queue: {
        async send(_province, message) {
          queue.push(message.dossierId);
        },
      },
      provinces: ['01'],
      now: () => clock,
    });

    let minute = 0;
    for (; minute < 240 && [...w.store.dossiers.values()].some((d) => d.status === 'submitted'); minute++) {
      clock = minutes(minute);
      perSweep.push((await sweep()).requeued);
      // The consumer starts one workflow per dossier; a duplicate message starts nothing.
      for (const dossierId of queue.splice(0, consumedPerMinute)) {
        const dossier = w.store.dossiers.get(dossierId);
        if (dossier?.status === 'submitted') w.store.dossiers.set(dossierId, { ...dossier, status: 'processing' });
      }
    }

    const resent = perSweep.reduce((sum, n) => sum + n, 0);
    const worst = Math.max(...[...w.store.requeues.values()].map((r) => r.count));
    expect([...w.store.dossiers.values()].filter((d) => d.status === 'submitted')).toHaveLength(0);
    // Without back-off every sweep re-sent the same oldest page every minute, and lost messages deeper in the backlog
    // waited behind it. Here each dossier is re-sent at most 3 times (2,207 re-sends for 5,000 dossiers, in 27 minutes).
    expect(Math.max(...perSweep)).toBeLessThanOrEqual(MAX_REQUEUES_PER_SWEEP);
    expect(resent).toBeLessThan(backlog / 2);
    expect(worst).toBeLessThanOrEqual(3);
    expect(minute).toBeLessThan(35);
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
