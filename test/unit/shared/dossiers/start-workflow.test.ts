import { describe, expect, it } from 'vitest';
import {
  IntakeMessageSchema,
  PoisonMessageError,
  startDossierWorkflow,
  workflowInput,
} from '../../../../shared/dossiers/start-workflow.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  DEATH_DOSSIER_ID,
  deathDossier,
  deathForm,
  NOW,
  type World,
  world,
} from './fixtures.ts';

const consumer = (w: World) => startDossierWorkflow({ store: w.store, workflow: w.workflow, now: () => NOW });
const body = (dossierId: string) => JSON.stringify({ dossierId });

describe('startDossierWorkflow', () => {
  it.each([
    ['not JSON', '{dossierId:'],
    ['no dossier ID', '{}'],
    ['not a dossier ID', body('HS1-2026-X')],
    ['an extra key', JSON.stringify({ dossierId: BIRTH_DOSSIER_ID, retry: 1 })],
    ['a list', '[]'],
  ])('treats a message that is %s as poison', async (_why, text) => {
    const w = world();
    await expect(consumer(w)(text)).rejects.toBeInstanceOf(PoisonMessageError);
    expect(w.workflow.starts).toEqual([]);
  });

  it('treats a message for a dossier that does not exist as poison', async () => {
    const w = world();
    await expect(consumer(w)(body(BIRTH_DOSSIER_ID))).rejects.toThrow(/does not exist/);
    expect(w.workflow.starts).toEqual([]);
  });

  it.each(['processing', 'completed', 'rejected', 'failed', 'revoked'] as const)(
    "answers 'already-started' for a %s dossier without starting anything",
    async (status) => {
      const w = world();
      w.store.seed(birthDossier({ status }));
      expect(await consumer(w)(body(BIRTH_DOSSIER_ID))).toBe('already-started');
      expect(w.workflow.starts).toEqual([]);
      expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe(status);
    },
  );

  it('starts the birth group named after the dossier, then marks it processing with a timeline event', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted' }));
    expect(await consumer(w)(body(BIRTH_DOSSIER_ID))).toBe('started');
    expect(w.workflow.starts).toEqual([
      { workflowId: 'BirthGroup', name: BIRTH_DOSSIER_ID, input: { dossierId: BIRTH_DOSSIER_ID } },
    ]);
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
    expect(w.store.timeline(BIRTH_DOSSIER_ID)).toEqual([
      expect.objectContaining({ kind: 'started', actor: 'system', at: NOW.toISOString() }),
    ]);
  });

  it('starts the death group with the dossier ID alone: its task skips a step not requested', async () => {
    const w = world();
    const dossier = deathDossier({ status: 'submitted' }, deathForm({ alsoRequest: ['funeral-allowance'] }));
    w.store.seed(dossier);
    await consumer(w)(body(DEATH_DOSSIER_ID));
    expect(w.workflow.starts).toEqual([
      {
        workflowId: 'DeathGroup',
        name: DEATH_DOSSIER_ID,
        input: { dossierId: DEATH_DOSSIER_ID },
      },
    ]);
    expect(w.workflow.starts[0]?.input).toEqual(workflowInput(dossier));
  });

  it('a message delivered twice starts one execution', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted' }));
    const start = consumer(w);
    const results = await Promise.all([start(body(BIRTH_DOSSIER_ID)), start(body(BIRTH_DOSSIER_ID))]);
    expect(results.sort()).toEqual(['already-started', 'started']);
    expect(await start(body(BIRTH_DOSSIER_ID))).toBe('already-started');
    expect(w.store.timeline(BIRTH_DOSSIER_ID).filter((e) => e.kind === 'started')).toHaveLength(1);
  });

  it('marks a dossier processing when its execution already existed (crash after start, before the mark)', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted' }));
    w.workflow.markRunning('BirthGroup', BIRTH_DOSSIER_ID);
    expect(await consumer(w)(body(BIRTH_DOSSIER_ID))).toBe('already-started');
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('processing');
  });

  it('lets a failed start fail the message (retried, then dead-lettered), leaving the dossier submitted', async () => {
    const w = world();
    w.store.seed(birthDossier({ status: 'submitted' }));
    w.workflow.startError = new Error('ThrottlingException');
    await expect(consumer(w)(body(BIRTH_DOSSIER_ID))).rejects.toThrow('ThrottlingException');
    expect((await w.store.get(BIRTH_DOSSIER_ID))?.status).toBe('submitted');
  });
});

describe('workflowInput', () => {
  it.each([[[]], [['funeral-allowance']], [['funeral-allowance', 'survivor-benefit']]])(
    'gives the death group with %j only the dossier ID',
    (alsoRequest) => {
      expect(workflowInput(deathDossier({}, deathForm({ alsoRequest })))).toEqual({ dossierId: DEATH_DOSSIER_ID });
    },
  );

  it('gives the birth group only the dossier ID, which the intake message schema accepts', () => {
    expect(workflowInput(birthDossier())).toEqual({ dossierId: BIRTH_DOSSIER_ID });
    expect(IntakeMessageSchema.parse({ dossierId: BIRTH_DOSSIER_ID })).toEqual({ dossierId: BIRTH_DOSSIER_ID });
  });
});
