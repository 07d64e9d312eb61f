import { describe, expect, it, vi } from 'vitest';
import type { OfficerRole, Principal } from '../../../../shared/auth/principal.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/domain/errors.ts';
import { taskIdOf } from '../../../../shared/dossiers/dossier.ts';
import { finishDossier } from '../../../../shared/dossiers/finish-dossier.ts';
import {
  decideOfficerTask,
  listOfficerTasks,
  requireOfficer,
  revokeDeathRegistration,
  roleCovers,
} from '../../../../shared/dossiers/officer-tasks.ts';
import { decide, openHumanStep } from '../../../../shared/dossiers/run-step.ts';
import { MemoryDossierStore } from './fakes.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  DEATH_DOSSIER_ID,
  deathDossier,
  FAMILY,
  FATHER,
  GRANDFATHER,
  NOW,
  PINS,
  type World,
  world,
} from './fixtures.ts';

const role = (agency: OfficerRole['agency'], provinceCode: string, communeCode?: string): OfficerRole => ({
  agency,
  role: 'officer',
  provinceCode,
  ...(communeCode ? { communeCode } : {}),
});
const officer = (roles: OfficerRole[], level: 1 | 2 = 2, pin: string = PINS.officer): Principal => ({
  kind: 'citizen',
  pin,
  level,
  clientId: 'officer-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: roles,
});
const CIVIL_STATUS_HOAN_KIEM = role('civil-status', '01', '00070');

describe('requireOfficer', () => {
  it.each([
    ['nobody signed in', undefined],
    ['an agency system', { kind: 'agency', clientId: 'bank', scopes: ['npdb:verify'] } as Principal],
    ['a citizen without an officer role', officer([])],
    ['an officer signed in at level 1', officer([CIVIL_STATUS_HOAN_KIEM], 1)],
  ])('refuses %s (403)', (_who, principal) => {
    expect(() => requireOfficer(principal)).toThrow(expect.objectContaining({ httpStatus: 403 }));
  });

  it('accepts a level-2 account holding an officer role', () => {
    expect(requireOfficer(officer([CIVIL_STATUS_HOAN_KIEM])).pin).toBe(PINS.officer);
  });
});

describe('roleCovers', () => {
  it.each([
    ['a commune role in its commune', CIVIL_STATUS_HOAN_KIEM, 'civil-status', '01', '00070', true],
    ['a commune role in another commune', CIVIL_STATUS_HOAN_KIEM, 'civil-status', '01', '00082', false],
    ['a province role in any commune of the province', role('civil-status', '01'), 'civil-status', '01', '00082', true],
    ['a province role in another province', role('civil-status', '01'), 'civil-status', '37', '13504', false],
    ['a commune role of another agency', CIVIL_STATUS_HOAN_KIEM, 'police', '01', '00070', false],
    ['a welfare role for social security', role('welfare', '01'), 'social-security', '01', '00070', false],
    ['a commune code matching in another province', role('police', '37', '00070'), 'police', '01', '00070', false],
  ] as const)('%s: %s', (_case, r, agency, province, commune, covered) => {
    expect(roleCovers(r, agency, province, commune)).toBe(covered);
  });
});

/** Opens steps in the inbox: births in two communes of Hà Nội and one in Ninh Bình, a death in Hà Nội. */
const inbox = async () => {
  const w = world();
  const ids = {
    hoanKiem: 'HS01-20261123-AAAAAAAAAA',
    cuaNam: 'HS01-20261123-BBBBBBBBBB',
    ninhBinh: 'HS37-20261123-CCCCCCCCCC',
    death: DEATH_DOSSIER_ID,
  };
  w.store.seed(birthDossier({ id: ids.hoanKiem }));
  w.store.seed(birthDossier({ id: ids.cuaNam, communeCode: '00082' }));
  w.store.seed(birthDossier({ id: ids.ninhBinh, provinceCode: '37', communeCode: '13504' }));
  w.store.seed(deathDossier());
  const open = openHumanStep(w.deps);
  await open({ dossierId: ids.hoanKiem, stepId: 'RegisterBirth', taskToken: 't1' });
  await open({ dossierId: ids.cuaNam, stepId: 'RegisterBirth', taskToken: 't2' });
  await open({ dossierId: ids.ninhBinh, stepId: 'RegisterBirth', taskToken: 't3' });
  // Due Tuesday (2 working days), the births Monday.
  await open({ dossierId: ids.death, stepId: 'DeletePermanentResidence', taskToken: 't4' });
  return { w, ids };
};

describe('listOfficerTasks', () => {
  it("merges the inboxes of the officer's roles, soonest due first", async () => {
    const { w, ids } = await inbox();
    const list = listOfficerTasks({ store: w.store });
    const { tasks } = await list(officer([role('police', '01'), CIVIL_STATUS_HOAN_KIEM]));
    expect(tasks.map((t) => t.taskId)).toEqual([
      taskIdOf(ids.hoanKiem, 'RegisterBirth'),
      taskIdOf(ids.death, 'DeletePermanentResidence'),
    ]);
    expect(tasks[0]).toMatchObject({
      dossierId: ids.hoanKiem,
      group: 'birth-group',
      agency: 'civil-status',
      provinceCode: '01',
      communeCode: '00070',
      dueDate: '2026-11-23',
      overdue: false,
    });
  });

  it('lists each task once when two roles cover it', async () => {
    const { w, ids } = await inbox();
    const { tasks } = await listOfficerTasks({ store: w.store })(
      officer([CIVIL_STATUS_HOAN_KIEM, role('civil-status', '01')]),
    );
    expect(tasks.map((t) => t.dossierId).sort()).toEqual([ids.hoanKiem, ids.cuaNam].sort());
  });

  it('filters by agency and by overdue, and honours the limit', async () => {
    const { w, ids } = await inbox();
    const list = listOfficerTasks({ store: w.store });
    const me = officer([role('police', '01'), role('civil-status', '01')]);
    expect((await list(me, { agency: 'police' })).tasks.map((t) => t.dossierId)).toEqual([ids.death]);
    expect((await list(me, { limit: 1 })).tasks).toHaveLength(1);
    w.clock.now = new Date('2026-11-23T10:30:00Z'); // Monday 17:30: the births are overdue
    expect((await list(me, { overdue: true })).tasks.map((t) => t.dossierId).sort()).toEqual(
      [ids.hoanKiem, ids.cuaNam].sort(),
    );
    expect((await list(me, { overdue: false })).tasks.map((t) => t.dossierId)).toEqual([ids.death]);
  });

  it('refuses a caller who is not an officer (403)', async () => {
    const { w } = await inbox();
    await expect(listOfficerTasks({ store: w.store })(officer([]))).rejects.toMatchObject({ httpStatus: 403 });
  });
});

describe('decideOfficerTask', () => {
  const setup = async () => {
    const w = world();
    w.store.seed(birthDossier());
    await openHumanStep(w.deps)({ dossierId: BIRTH_DOSSIER_ID, stepId: 'RegisterBirth', taskToken: 'token-1' });
    return { w, decideTask: decideOfficerTask(w.deps), taskId: taskIdOf(BIRTH_DOSSIER_ID, 'RegisterBirth') };
  };

  it('approves: applies the step, answers the result and hands it to the waiting workflow', async () => {
    const { w, decideTask, taskId } = await setup();
    const answer = await decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskId, { decision: 'approve' });
    expect(answer).toMatchObject({
      taskId,
      dossierId: BIRTH_DOSSIER_ID,
      stepId: 'RegisterBirth',
      status: 'approved',
      decidedBy: PINS.officer,
      decidedAt: NOW.toISOString(),
      result: { birthCertificateNumber: 'KS01-20261123-ABCDEFGHJK' },
    });
    expect(w.workflow.successes).toEqual([
      { taskToken: 'token-1', output: { stepId: 'RegisterBirth', status: 'approved' } },
    ]);
    // A second click, or a colleague's, gives the same answer.
    const again = await decideTask(officer([role('civil-status', '01')], 2, '001080000010'), taskId, {
      decision: 'approve',
    });
    expect(again).toEqual(answer);
  });

  it('refuses an officer who is a party to the dossier (the father of the child), writing nothing', async () => {
    const { w, decideTask, taskId } = await setup();
    await expect(
      decideTask(officer([CIVIL_STATUS_HOAN_KIEM], 2, PINS.father), taskId, { decision: 'approve' }),
    ).rejects.toMatchObject({ httpStatus: 403 });
    expect(w.workflow.successes).toEqual([]);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('awaiting-officer');
  });

  it('rejects with the trimmed reason and fails the task', async () => {
    const { w, decideTask, taskId } = await setup();
    const answer = await decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskId, {
      decision: 'reject',
      reason: '   Giấy chứng sinh không khớp với cơ sở y tế   ',
    });
    expect(answer).toMatchObject({ status: 'rejected', reason: 'Giấy chứng sinh không khớp với cơ sở y tế' });
    expect(w.workflow.failures.map((f) => [f.taskToken, f.error])).toEqual([['token-1', 'StepRejected']]);
  });

  it.each<[string, OfficerRole]>([
    ['a police officer of the commune', role('police', '01', '00070')],
    ['a civil-status officer of another commune', role('civil-status', '01', '00082')],
    ['a civil-status officer of another province', role('civil-status', '37')],
  ])('answers 404 to %s', async (_who, r) => {
    const { w, decideTask, taskId } = await setup();
    await expect(decideTask(officer([r]), taskId, { decision: 'approve' })).rejects.toBeInstanceOf(NotFoundError);
    expect(w.documents.calls).toBe(0);
  });

  it.each([
    ['a malformed task ID', 'not-a-task'],
    ['an unknown step', `${BIRTH_DOSSIER_ID}.RegisterMarriage`],
    ['a step never opened', taskIdOf(BIRTH_DOSSIER_ID, 'IssueChildHealthInsurance')],
    ['an unknown dossier', taskIdOf('HS01-20261123-ZZZZZZZZZZ', 'RegisterBirth')],
    ['too many parts', `${BIRTH_DOSSIER_ID}.RegisterBirth.x`],
  ])('answers 404 for %s', async (_what, taskId) => {
    const { decideTask } = await setup();
    await expect(decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskId, { decision: 'approve' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it.each([undefined, '', 'Thiếu', '   short    '])('refuses a rejection with the reason %j (400)', async (reason) => {
    const { w, decideTask, taskId } = await setup();
    await expect(
      decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskId, { decision: 'reject', reason }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(w.store.peekStep(BIRTH_DOSSIER_ID, 'RegisterBirth')?.status).toBe('awaiting-officer');
  });

  it('answers 404 rather than 400 outside the jurisdiction (no probing with bad bodies)', async () => {
    const { decideTask, taskId } = await setup();
    await expect(
      decideTask(officer([role('police', '01')]), taskId, { decision: 'reject', reason: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a cancelled step (409) and a decision against an earlier one (409)', async () => {
    const { w, decideTask, taskId } = await setup();
    await decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskId, {
      decision: 'reject',
      reason: 'Hồ sơ giả mạo giấy tờ',
    });
    await expect(decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskId, { decision: 'approve' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await finishDossier(w.deps)({ dossierId: BIRTH_DOSSIER_ID, outcome: 'rejected' });
    w.store.seed({ ...birthDossier(), id: 'HS01-20261123-CANCELLED2' });
    await openHumanStep(w.deps)({ dossierId: 'HS01-20261123-CANCELLED2', stepId: 'RegisterBirth', taskToken: 't' });
    await finishDossier(w.deps)({ dossierId: 'HS01-20261123-CANCELLED2', outcome: 'failed' });
    await expect(
      decideTask(officer([CIVIL_STATUS_HOAN_KIEM]), taskIdOf('HS01-20261123-CANCELLED2', 'RegisterBirth'), {
        decision: 'approve',
      }),
    ).rejects.toThrow(/cancelled/);
  });
});

describe('revokeDeathRegistration', () => {
  const REASON = 'Người này vẫn còn sống, khai tử nhầm';
  const revoker = officer([CIVIL_STATUS_HOAN_KIEM]);

  it('answers 404 for a malformed or oversized dossier ID without reading the table', async () => {
    const w = world();
    for (const id of ['x', 'HS01-20261123-ABCDEFGHJK; DROP', 'H'.repeat(3000)]) {
      await expect(revokeDeathRegistration(w.deps)(revoker, id, REASON)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  /** Runs the death group with every step approved automatically, then finishes it. */
  const completed = async (citizens = FAMILY): Promise<World> => {
    const w = world(citizens);
    w.store.seed(deathDossier(), `death#${PINS.grandfather}`);
    w.auto.approves = () => true;
    const open = openHumanStep(w.deps);
    for (const stepId of [
      'RegisterDeath',
      'DeletePermanentResidence',
      'GrantFuneralAllowance',
      'GrantSurvivorBenefit',
    ] as const) {
      expect(await open({ dossierId: DEATH_DOSSIER_ID, stepId, taskToken: stepId })).toMatchObject({
        status: 'approved',
      });
    }
    await finishDossier(w.deps)({ dossierId: DEATH_DOSSIER_ID, outcome: 'completed' });
    return w;
  };

  it('restores the citizen with the household, re-enables the account, reverses the steps and releases the subject', async () => {
    const w = await completed();
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'deceased' });
    expect(w.accounts.accounts.get(PINS.grandfather)?.status).toBe('disabled');
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, `  ${REASON} `);
    expect(result).toEqual({ dossierId: DEATH_DOSSIER_ID, status: 'revoked', alreadyRevoked: false });

    const citizen = w.population.peek(PINS.grandfather);
    expect(citizen).toMatchObject({ status: 'alive', householdId: 'H1', relationToHead: 'parent' });
    expect(citizen?.deathDate).toBeUndefined();
    expect(citizen?.permanentResidenceDeleted).toBeUndefined();
    if (!citizen) throw new Error('the citizen is gone');
    const { version: _v, ...restored } = citizen;
    expect(restored).toEqual(GRANDFATHER);
    expect(w.population.history.at(-1)?.change).toMatchObject({
      actor: PINS.officer,
      action: 'death-registration-revoked',
      reason: REASON,
    });
    expect(w.accounts.accounts.get(PINS.grandfather)).toEqual({ status: 'active' });
    expect(w.workflow.stops).toEqual([]);
    const view = await w.store.view(DEATH_DOSSIER_ID);
    expect(view?.dossier.status).toBe('revoked');
    expect(view?.steps.map((s) => s.status)).toEqual(['reversed', 'reversed', 'reversed', 'reversed']);
    expect(
      view?.timeline
        .filter((e) => e.kind === 'step-reversed')
        .map((e) => e.text.en)
        .join(' '),
    ).toContain('The funeral allowance of 23400000 VND is to be recovered by social-security.');
    expect(w.store.subjects.size).toBe(0);
    expect(w.documents.documents.get(`KT${DEATH_DOSSIER_ID.slice(2)}`)).toMatchObject({
      revokedAt: NOW.toISOString(),
      revocationReason: REASON,
    });
    expect(w.store.outbox.slice(-2).map((n) => [n.id, n.notification.pin])).toEqual([
      [`${DEATH_DOSSIER_ID}#revoked`, PINS.father],
      [`${DEATH_DOSSIER_ID}#revoked-subject`, PINS.grandfather],
    ]);
  });

  it('tells the officer and the family when the household the person returns to has lost its head', async () => {
    const w = await completed();
    // With the grandfather dead, nobody else living stayed when his son (the head) and daughter-in-law moved out.
    for (const pin of [PINS.father, PINS.mother]) {
      const moved = w.population.citizens.get(pin);
      if (moved) w.population.citizens.set(pin, { ...moved, householdId: 'H4' });
    }
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(result).toEqual({
      dossierId: DEATH_DOSSIER_ID,
      status: 'revoked',
      alreadyRevoked: false,
      householdWithoutHead: 'H1',
    });
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'alive', householdId: 'H1' });
    const outcome = (await w.store.view(DEATH_DOSSIER_ID))?.dossier.outcome;
    expect(outcome?.en).toContain('Household H1 now has no head: its members must agree on a new head');
    expect(outcome?.vi).toContain('Hộ gia đình H1 hiện không có chủ hộ');
    const sent = w.store.outbox.slice(-2).map((n) => n.notification.text);
    expect(sent).toHaveLength(2);
    for (const text of sent) expect(text).toContain('Hộ gia đình H1 hiện không có chủ hộ');
    // Asked again, the answer still says so.
    expect(await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON)).toMatchObject({
      alreadyRevoked: true,
      householdWithoutHead: 'H1',
    });
  });

  it('says nothing of the household when the person returns as its head', async () => {
    const w = await completed([
      { ...GRANDFATHER, relationToHead: 'head' },
      { ...FATHER, relationToHead: 'child' },
      ...FAMILY.filter((c) => c.pin !== PINS.grandfather && c.pin !== PINS.father),
    ]);
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(result).toEqual({ dossierId: DEATH_DOSSIER_ID, status: 'revoked', alreadyRevoked: false });
    expect((await w.store.view(DEATH_DOSSIER_ID))?.dossier.outcome?.en).not.toContain('no head');
  });

  it('brings a head back as a member when the household registered a new head after the death', async () => {
    const w = await completed([
      { ...GRANDFATHER, relationToHead: 'head' },
      { ...FATHER, relationToHead: 'child' },
      ...FAMILY.filter((c) => c.pin !== PINS.grandfather && c.pin !== PINS.father),
    ]);
    // After the death, the family registered the son as head (a change of household head).
    const son = w.population.citizens.get(PINS.father);
    if (son) w.population.citizens.set(PINS.father, { ...son, relationToHead: 'head' });
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(result).toEqual({
      dossierId: DEATH_DOSSIER_ID,
      status: 'revoked',
      alreadyRevoked: false,
      returnedAsMemberOf: { headPin: PINS.father },
    });
    expect(w.population.peek(PINS.grandfather)).toMatchObject({
      status: 'alive',
      householdId: 'H1',
      relationToHead: 'other',
    });
    const heads = [...w.population.citizens.values()].filter(
      (c) => c.householdId === 'H1' && c.relationToHead === 'head',
    );
    expect(heads.map((c) => c.pin)).toEqual([PINS.father]);
    const outcome = (await w.store.view(DEATH_DOSSIER_ID))?.dossier.outcome;
    expect(outcome?.en).toContain(`The household registered a new head, ${FATHER.fullName} (${PINS.father})`);
    expect(outcome?.vi).toContain(`Hộ gia đình đã có chủ hộ mới là ${FATHER.fullName} (${PINS.father})`);
    expect(outcome?.en).not.toContain('no head');
  });

  /** A completed death of the head of H1, whose son (the father) lives there as their child. */
  const headDied = () =>
    completed([
      { ...GRANDFATHER, relationToHead: 'head' },
      { ...FATHER, relationToHead: 'child' },
      ...FAMILY.filter((c) => c.pin !== PINS.grandfather && c.pin !== PINS.father),
    ]);

  /** The change of household head as its approval writes it: the son made head, recorded on the household's count. */
  const sonMadeHead = async (w: World) => {
    const son = w.population.peek(PINS.father);
    if (!son) throw new Error('no son');
    const { version: _v, ...record } = son;
    const living = [...w.population.citizens.values()].filter(
      (c) => c.householdId === 'H1' && c.status === 'alive',
    ).length;
    await w.population.updateCitizensTogether(
      [
        {
          before: son,
          after: { ...record, relationToHead: 'head' },
          change: { actor: 'police', action: 'household-head-changed', at: NOW.toISOString() },
        },
      ],
      { householdId: 'H1', living, recordHead: PINS.father },
    );
  };

  /** The list of members as the lagging index still shows it: the son not yet head. */
  const indexBefore = (w: World) => {
    const stale = [...w.population.citizens.values()]
      .filter((c) => c.householdId === 'H1')
      .map((c) => structuredClone(c));
    vi.spyOn(w.population, 'listHouseholdMembers').mockImplementation(async () => stale.map((c) => structuredClone(c)));
  };

  it('brings a head back as a member when the new head is recorded but the list of members does not show it yet', async () => {
    const w = await headDied();
    indexBefore(w);
    await sonMadeHead(w);
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(result).toMatchObject({ returnedAsMemberOf: { headPin: PINS.father } });
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'alive', relationToHead: 'other' });
  });

  it('refuses to put a head back when a new head is made between its read and its write; asked again, a member', async () => {
    const w = await headDied();
    indexBefore(w);
    const read = w.population.recordedHeadOf.bind(w.population);
    vi.spyOn(w.population, 'recordedHeadOf').mockImplementationOnce(async (householdId) => {
      const recorded = await read(householdId);
      await sonMadeHead(w); // approved just after the revocation read the household
      return recorded;
    });
    const revoke = revokeDeathRegistration(w.deps);
    await expect(revoke(revoker, DEATH_DOSSIER_ID, REASON)).rejects.toThrow(
      'Household H1 registered a change of head since this was read.',
    );
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'deceased' });
    expect((await w.store.get(DEATH_DOSSIER_ID))?.status).toBe('completed');

    expect(await revoke(revoker, DEATH_DOSSIER_ID, REASON)).toMatchObject({
      alreadyRevoked: false,
      returnedAsMemberOf: { headPin: PINS.father },
    });
    const heads = [...w.population.citizens.values()].filter(
      (c) => c.householdId === 'H1' && c.status === 'alive' && c.relationToHead === 'head',
    );
    expect(heads.map((c) => c.pin)).toEqual([PINS.father]);
  });

  it('puts a head back as head when the head recorded since has died', async () => {
    const w = await headDied();
    await sonMadeHead(w);
    const son = w.population.peek(PINS.father);
    if (son) w.population.citizens.set(PINS.father, { ...son, status: 'deceased', deathDate: '2026-11-22' });
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(result).not.toHaveProperty('returnedAsMemberOf');
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'alive', relationToHead: 'head' });
  });

  it('brings a head back as a member also when the residence was not deleted yet', async () => {
    const w = world([
      { ...GRANDFATHER, relationToHead: 'head' },
      { ...FATHER, relationToHead: 'child' },
      ...FAMILY.filter((c) => c.pin !== PINS.grandfather && c.pin !== PINS.father),
    ]);
    w.store.seed(deathDossier(), `death#${PINS.grandfather}`);
    w.auto.approves = () => true;
    await openHumanStep(w.deps)({ dossierId: DEATH_DOSSIER_ID, stepId: 'RegisterDeath', taskToken: 'RegisterDeath' });
    // The death is registered, the residence not deleted yet (still head on the record), and the son is made head.
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'deceased', relationToHead: 'head' });
    const son = w.population.citizens.get(PINS.father);
    if (son) w.population.citizens.set(PINS.father, { ...son, relationToHead: 'head' });
    const result = await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(result).toMatchObject({ returnedAsMemberOf: { headPin: PINS.father } });
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'alive', relationToHead: 'other' });
    const heads = [...w.population.citizens.values()].filter(
      (c) => c.householdId === 'H1' && c.relationToHead === 'head',
    );
    expect(heads.map((c) => c.pin)).toEqual([PINS.father]);
  });

  it('restores the dossier that had placed the person in the household, with the household', async () => {
    const placed = { ...GRANDFATHER, residenceDossierId: 'CT01-20200101-SERVICE003' };
    const w = await completed([placed, ...FAMILY.filter((c) => c.pin !== PINS.grandfather)]);
    expect(w.population.peek(PINS.grandfather)).toMatchObject({
      permanentResidenceDeleted: { householdId: 'H1', residenceDossierId: placed.residenceDossierId },
    });
    expect(w.population.peek(PINS.grandfather)?.residenceDossierId).toBeUndefined();
    await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    const { version: _v, ...restored } = w.population.peek(PINS.grandfather) ?? { version: 0 };
    expect(restored).toEqual(placed);
  });

  it('answers alreadyRevoked the second time and changes nothing', async () => {
    const w = await completed();
    const revoke = revokeDeathRegistration(w.deps);
    await revoke(revoker, DEATH_DOSSIER_ID, REASON);
    const writes = w.population.history.length;
    expect(await revoke(revoker, DEATH_DOSSIER_ID, REASON)).toEqual({
      dossierId: DEATH_DOSSIER_ID,
      status: 'revoked',
      alreadyRevoked: true,
    });
    expect(w.population.history).toHaveLength(writes);
  });

  it('stops a running group and cancels the step still in an inbox', async () => {
    const w = world();
    w.store.seed(deathDossier(), `death#${PINS.grandfather}`);
    w.auto.approves = (_p, step) => step === 'RegisterDeath';
    const open = openHumanStep(w.deps);
    await open({ dossierId: DEATH_DOSSIER_ID, stepId: 'RegisterDeath', taskToken: 't1' });
    await open({ dossierId: DEATH_DOSSIER_ID, stepId: 'DeletePermanentResidence', taskToken: 't2' });
    await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(w.workflow.stops).toEqual([
      { workflowId: 'DeathGroup', name: DEATH_DOSSIER_ID, cause: `death registration revoked by ${PINS.officer}` },
    ]);
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'DeletePermanentResidence')).toMatchObject({
      status: 'cancelled',
      inInbox: false,
    });
    expect(w.store.peekStep(DEATH_DOSSIER_ID, 'RegisterDeath')?.status).toBe('reversed');
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'alive', householdId: 'H1' });
    expect((await w.store.get(DEATH_DOSSIER_ID))?.status).toBe('revoked');
  });

  it('answers 404 outside the handling commune, to other agencies and for a birth dossier', async () => {
    const w = await completed();
    const revoke = revokeDeathRegistration(w.deps);
    await expect(
      revoke(officer([role('civil-status', '01', '00082')]), DEATH_DOSSIER_ID, REASON),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(revoke(officer([role('police', '01')]), DEATH_DOSSIER_ID, REASON)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    w.store.seed(birthDossier());
    await expect(revoke(revoker, BIRTH_DOSSIER_ID, REASON)).rejects.toBeInstanceOf(NotFoundError);
    await expect(revoke(revoker, 'HS01-20261123-ZZZZZZZZZZ', REASON)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('requires a reason of 10 characters (400) and a registered death (409)', async () => {
    const w = world();
    w.store.seed(deathDossier());
    await openHumanStep(w.deps)({ dossierId: DEATH_DOSSIER_ID, stepId: 'RegisterDeath', taskToken: 't1' });
    const revoke = revokeDeathRegistration(w.deps);
    await expect(revoke(revoker, DEATH_DOSSIER_ID, ' nhầm ')).rejects.toBeInstanceOf(ValidationError);
    await expect(revoke(revoker, DEATH_DOSSIER_ID, REASON)).rejects.toBeInstanceOf(ConflictError);
  });

  // A dossier that ended `rejected` or `failed` already released its subject claim; the revocation must not try to
  // delete it again (the fake store, like DynamoDB, cancels the whole transaction when the Delete's condition fails).
  it('revokes a death in a dossier that ended rejected at a later step', async () => {
    const w = world();
    w.store.seed(deathDossier(), `death#${PINS.grandfather}`);
    w.auto.approves = (_p, step) => step !== 'GrantFuneralAllowance';
    const open = openHumanStep(w.deps);
    await open({ dossierId: DEATH_DOSSIER_ID, stepId: 'RegisterDeath', taskToken: 't1' });
    await open({ dossierId: DEATH_DOSSIER_ID, stepId: 'DeletePermanentResidence', taskToken: 't2' });
    await open({ dossierId: DEATH_DOSSIER_ID, stepId: 'GrantFuneralAllowance', taskToken: 't3' });
    await decide(w.deps, deathDossier(), 'GrantFuneralAllowance', {
      decision: 'reject',
      actor: PINS.officer,
      reason: 'Không có quyết định hưởng lương hưu',
    });
    await finishDossier(w.deps)({
      dossierId: DEATH_DOSSIER_ID,
      outcome: 'rejected',
      error: { Error: 'StepRejected', Cause: String(w.workflow.failures[0]?.cause) },
    });
    expect((await w.store.get(DEATH_DOSSIER_ID))?.status).toBe('rejected');

    await revokeDeathRegistration(w.deps)(revoker, DEATH_DOSSIER_ID, REASON);
    expect(w.population.peek(PINS.grandfather)?.status).toBe('alive');
    expect((await w.store.get(DEATH_DOSSIER_ID))?.status).toBe('revoked');
    expect(w.store.outbox.map((n) => n.id)).toContain(`${DEATH_DOSSIER_ID}#revoked-subject`);
  });
});

describe('listOfficerTasks over a large inbox', () => {
  const now = new Date('2026-11-23T00:00:00.000Z');
  /** 2,000 open steps over 40 communes of province 01, due times spread over 20 days, one in five overdue. */
  const bigInbox = () => {
    const store = new MemoryDossierStore(() => now);
    for (let n = 0; n < 2000; n++) {
      const dueAt = new Date(now.getTime() + ((n * 7919) % 2000) * 864_000 - 4 * 86_400_000).toISOString();
      const dossierId = `HS01-20261123-${String(n).padStart(10, '0')}`;
      store.steps.set(`${dossierId}#RegisterBirth`, {
        dossierId,
        stepId: 'RegisterBirth',
        agency: 'civil-status',
        status: 'awaiting-officer',
        openedAt: '2026-11-20T01:00:00.000Z',
        dueDate: dueAt.slice(0, 10),
        dueAt,
        findings: [],
        provinceCode: '01',
        communeCode: String(n % 40).padStart(5, '0'),
        group: 'birth-group',
        inInbox: true,
      });
    }
    return store;
  };
  const dueTimes = (store: MemoryDossierStore, filter: (dueAt: string) => boolean) =>
    [...store.steps.values()]
      .map((s) => String(s.dueAt))
      .filter(filter)
      .sort();

  it('answers the soonest due across the province reading about one page, not the whole inbox', async () => {
    const store = bigInbox();
    const provinceWide = officer([role('civil-status', '01')]);

    const { tasks } = await listOfficerTasks({ store })(provinceWide, { limit: 20 });

    expect(tasks.map((t) => t.dueAt)).toEqual(dueTimes(store, () => true).slice(0, 20));
    expect(store.inboxItemsRead).toBeLessThanOrEqual(20);
  });

  it('answers the overdue filter in due order, and a commune role from its commune only', async () => {
    const store = bigInbox();
    const overdue = await listOfficerTasks({ store })(officer([role('civil-status', '01')]), {
      overdue: true,
      limit: 50,
    });
    expect(overdue.tasks.map((t) => t.dueAt)).toEqual(dueTimes(store, (d) => d < now.toISOString()).slice(0, 50));
    expect(overdue.tasks.every((t) => t.overdue)).toBe(true);

    const commune = await listOfficerTasks({ store })(officer([role('civil-status', '01', '00007')]), { limit: 5 });
    expect(commune.tasks.map((t) => t.communeCode)).toEqual(['00007', '00007', '00007', '00007', '00007']);
    const communeDue = [...store.steps.values()]
      .filter((s) => s.communeCode === '00007')
      .map((s) => String(s.dueAt))
      .sort();
    expect(commune.tasks.map((t) => t.dueAt)).toEqual(communeDue.slice(0, 5));
  });

  it('reads on past the overdue steps when asked for steps not overdue, still bounded', async () => {
    const store = bigInbox();
    const { tasks } = await listOfficerTasks({ store })(officer([role('civil-status', '01')]), {
      overdue: false,
      limit: 100,
    });
    expect(tasks.map((t) => t.dueAt)).toEqual(dueTimes(store, (d) => d >= now.toISOString()).slice(0, 100));
    // 400 overdue steps come first in due order: the read goes past them, still bounded.
    expect(store.inboxItemsRead).toBeLessThanOrEqual(600);
  });
});
