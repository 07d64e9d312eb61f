/**
 * A household's new head, through the real dossier engine on in-memory ports: intake refuses a form that does not
 * describe the household as the NPDB knows it (naming the field, writing nothing), the commune police decide (never
 * automatically: the members' agreement is theirs to confirm), approval writes every member's new relation in one
 * write with its history, once, and refuses when the household changed after the application.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../shared/auth/principal.ts';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { taskIdOf } from '../../../../shared/dossiers/dossier.ts';
import { decideOfficerTask } from '../../../../shared/dossiers/officer-tasks.ts';
import { runServiceDossier } from '../../../../shared/dossiers/service-dossier.ts';
import { lifeEventOf } from '../../../../shared/feed/life-event.ts';
import {
  HOUSEHOLD_HEAD_CHANGE_SERVICE,
  HouseholdHeadChangeForm,
  householdHeadChange,
} from '../../../../shared/services/procedures/household-head-change.ts';
import {
  FAMILY,
  FATHER,
  GRANDFATHER,
  MOTHER,
  NOW,
  PINS,
  person,
  STRANGER,
  serviceIntake,
  world,
} from '../dossiers/fixtures.ts';

const police = (communeCode = '00070'): Principal => ({
  kind: 'citizen',
  pin: PINS.officer,
  level: 2,
  clientId: 'officer-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: [{ agency: 'police', role: 'officer', provinceCode: '01', communeCode }],
});

/** A schoolboy of household H1. */
const GRANDSON = person({
  pin: '001214000006',
  fullName: 'Trần Văn Minh',
  birthDate: '2014-05-05',
  householdId: 'H1',
  relationToHead: 'child',
  fatherPin: PINS.father,
  motherPin: PINS.mother,
});

/** The family after the father's death: group 18 deleted his residence and took him out of H1, which has no head. */
const AFTER_FATHERS_DEATH: readonly Citizen[] = [
  ...FAMILY.filter((c) => c.pin !== PINS.father),
  (({ householdId: _h, relationToHead: _r, ...rest }) => ({
    ...rest,
    status: 'deceased' as const,
    deathDate: '2026-11-01',
  }))(FATHER),
  GRANDSON,
];

/** The mother becomes head; her father-in-law and her son stay. */
const MOTHER_HEADS = {
  householdId: 'H1',
  newHeadPin: PINS.mother,
  members: [
    { pin: PINS.grandfather, relationToHead: 'other' },
    { pin: GRANDSON.pin, relationToHead: 'child' },
  ],
  reason: 'Chủ hộ Trần Văn Bình đã mất; gia đình thống nhất đề cử bà Hoa',
};

const setup = (citizens: readonly Citizen[] = AFTER_FATHERS_DEATH) => {
  const w = world(citizens);
  // Wired as the service functions wire intake; the change is free, so no payment step.
  const submit = serviceIntake(w);
  const file = (form: unknown, key = 'key-1', pin: string = PINS.mother) =>
    submit(householdHeadChange, HOUSEHOLD_HEAD_CHANGE_SERVICE, pin, HouseholdHeadChangeForm.parse(form), key);
  const filedTask = async (form: unknown = MOTHER_HEADS) => {
    const { dossier } = await file(form);
    const stored = await w.store.get(dossier.id);
    if (!stored) throw new Error('not stored');
    await runServiceDossier(w.deps)(stored);
    return { dossierId: dossier.id, taskId: taskIdOf(dossier.id, 'ServiceDecision') };
  };
  return { w, file, filedTask, decide: decideOfficerTask(w.deps) };
};

const refusal = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { httpStatus?: number; problems?: { field: string }[]; message?: string } | undefined;
  expect(error, 'expected a refusal').toBeDefined();
  return { status: error?.httpStatus, field: error?.problems?.[0]?.field, message: error?.message };
};

const relations = (w: ReturnType<typeof world>) =>
  Object.fromEntries(
    [...w.population.citizens.values()].filter((c) => c.householdId === 'H1').map((c) => [c.pin, c.relationToHead]),
  );

describe('the household-head form', () => {
  it('refuses a member named twice and a relation of "head" among the members', () => {
    const twice = { ...MOTHER_HEADS, members: [MOTHER_HEADS.members[0], MOTHER_HEADS.members[0]] };
    expect(HouseholdHeadChangeForm.safeParse(twice).error?.issues[0]?.path).toEqual(['members']);
    const twoHeads = { ...MOTHER_HEADS, members: [{ pin: PINS.grandfather, relationToHead: 'head' }] };
    expect(HouseholdHeadChangeForm.safeParse(twoHeads).error?.issues[0]?.path).toEqual([
      'members',
      0,
      'relationToHead',
    ]);
  });
});

describe('intake of a change of household head', () => {
  it('goes to the police of the household, one pending change per household (409 for a second)', async () => {
    const { w, file } = await setup();
    const first = await file(MOTHER_HEADS);
    expect(await w.store.get(first.dossier.id)).toMatchObject({
      communeCode: '00070',
      provinceCode: '01',
      service: { code: 100, agency: 'police', feeVnd: 0, dueWorkingDays: 3 },
      parties: [PINS.grandfather, GRANDSON.pin],
      status: 'submitted',
    });
    expect(await file(MOTHER_HEADS, 'key-1')).toMatchObject({ replayed: true, dossier: { id: first.dossier.id } });
    // The grandfather files the same change himself: the household has one pending already.
    expect(await refusal(file(MOTHER_HEADS, 'key-2', PINS.grandfather))).toMatchObject({ status: 409 });
  });

  it('accepts a change while the head lives and stays, who becomes a member: one head', async () => {
    const { w, filedTask, decide } = await setup(FAMILY);
    const form = {
      ...MOTHER_HEADS,
      members: [
        { pin: PINS.grandfather, relationToHead: 'other' },
        { pin: PINS.father, relationToHead: 'spouse' },
      ],
    };
    const { dossierId, taskId } = await filedTask(form);
    const step = await w.store.asStore().getStep(dossierId, 'ServiceDecision');
    expect(step?.findings?.find((f) => f.check === 'members-agree')?.detail).toContain(
      `${FATHER.fullName} heads the household now and stays`,
    );
    expect(step?.findings?.find((f) => f.check === 'every-member-named')?.detail).toBe(
      `${PINS.grandfather}: other, ${PINS.father}: spouse`,
    );
    await decide(police(), taskId, { decision: 'approve' });
    expect(relations(w)).toEqual({ [PINS.grandfather]: 'other', [PINS.father]: 'spouse', [PINS.mother]: 'head' });
  });

  it('lets a sole survivor register as head, which needs nobody else to agree', async () => {
    const { w, filedTask } = await setup(
      AFTER_FATHERS_DEATH.filter((c) => c.pin !== PINS.grandfather && c.pin !== GRANDSON.pin),
    );
    const { dossierId } = await filedTask({ ...MOTHER_HEADS, members: [] });
    const step = await w.store.asStore().getStep(dossierId, 'ServiceDecision');
    expect(step?.findings?.every((f) => f.passed)).toBe(true);
    expect(step?.findings?.find((f) => f.check === 'members-agree')?.detail).toContain('the only living member');
  });

  it('lets a household where nobody is of age choose a minor as head', async () => {
    const orphans = [
      person({ pin: '001215000007', birthDate: '2012-01-01', householdId: 'H7', relationToHead: 'child' }),
      person({ pin: '001215000008', birthDate: '2014-01-01', householdId: 'H7', relationToHead: 'child' }),
    ];
    const { file } = await setup(orphans);
    const form = {
      householdId: 'H7',
      newHeadPin: '001215000007',
      members: [{ pin: '001215000008', relationToHead: 'other' }],
      reason: 'Cha mẹ đã mất; anh cả làm chủ hộ',
    };
    expect((await file(form, 'key-1', '001215000008')).replayed).toBe(false);
  });

  it.each([
    ['an applicant of another household', { ...MOTHER_HEADS }, PINS.stranger, 'body.form.householdId'],
    [
      'a new head who lives elsewhere',
      { ...MOTHER_HEADS, newHeadPin: PINS.stranger },
      PINS.mother,
      'body.form.newHeadPin',
    ],
    [
      'a child as head where adults live',
      {
        ...MOTHER_HEADS,
        newHeadPin: GRANDSON.pin,
        members: [
          { pin: PINS.grandfather, relationToHead: 'other' },
          { pin: PINS.mother, relationToHead: 'parent' },
        ],
      },
      PINS.mother,
      'body.form.newHeadPin',
    ],
    [
      'the new head among the members',
      { ...MOTHER_HEADS, members: [...MOTHER_HEADS.members, { pin: PINS.mother, relationToHead: 'other' }] },
      PINS.mother,
      'body.form.members.2.pin',
    ],
    [
      'a member who lives elsewhere',
      { ...MOTHER_HEADS, members: [{ pin: PINS.stranger, relationToHead: 'other' }, ...MOTHER_HEADS.members] },
      PINS.mother,
      'body.form.members.0.pin',
    ],
    [
      'a living member left out',
      { ...MOTHER_HEADS, members: [MOTHER_HEADS.members[0]] },
      PINS.mother,
      'body.form.members',
    ],
  ])('refuses %s with a 422 naming the field, and writes nothing', async (_, form, applicant, field) => {
    const { w, file } = await setup();
    expect(await refusal(file(form, 'key-1', applicant))).toMatchObject({ status: 422, field });
    expect(await w.store.asStore().findByIdempotencyKey(applicant, 'key-1')).toBeUndefined();
    expect(w.queue.sent).toEqual([]);
  });

  it('refuses to name the head on record as the new head', async () => {
    const { file } = await setup(FAMILY);
    const form = {
      ...MOTHER_HEADS,
      newHeadPin: PINS.father,
      members: [
        { pin: PINS.grandfather, relationToHead: 'parent' },
        { pin: PINS.mother, relationToHead: 'spouse' },
      ],
    };
    expect(await refusal(file(form))).toMatchObject({ status: 422, field: 'body.form.newHeadPin' });
  });
});

describe('the decision on a change of household head', () => {
  it('waits for an officer of the household commune, who confirms the members agree', async () => {
    const { w, filedTask, decide } = await setup();
    const { dossierId, taskId } = await filedTask();
    const step = await w.store.asStore().getStep(dossierId, 'ServiceDecision');
    expect(step?.status).toBe('awaiting-officer');
    expect(step?.findings?.map((f) => [f.check, f.passed])).toEqual([
      ['new-head-member', true],
      ['new-head-may-head', true],
      ['every-member-named', true],
      ['members-agree', false],
    ]);
    expect(step?.findings?.at(-1)?.detail).toContain('no living member heads the household');
    expect(await refusal(decide(police('00073'), taskId, { decision: 'approve' }))).toMatchObject({ status: 404 });
    expect(relations(w)).toEqual({ [PINS.grandfather]: 'parent', [PINS.mother]: 'spouse', [GRANDSON.pin]: 'child' });
  });

  it('on approval writes every changed relation once, with its history, and issues the notice', async () => {
    const { w, filedTask, decide } = await setup();
    const { dossierId, taskId } = await filedTask();
    await decide(police(), taskId, { decision: 'approve', reason: 'the members agreed at the office' });
    expect(relations(w)).toEqual({ [PINS.grandfather]: 'other', [PINS.mother]: 'head', [GRANDSON.pin]: 'child' });
    // Recorded on the household's count in the same write, where a revoked death reads it before the index shows it.
    expect(w.population.recordedHeads.get('H1')).toBe(PINS.mother);
    // The grandson's relation is unchanged (a child of the new head as of the old): no write, no history for him.
    expect(w.population.history.map((h) => [h.pin, h.change.action])).toEqual([
      [PINS.mother, 'household-head-changed'],
      [PINS.grandfather, 'household-head-changed'],
    ]);
    expect(w.population.history[0]?.change.reason).toBe(
      `dossier ${dossierId}: ${MOTHER_HEADS.reason}; officer: the members agreed at the office`,
    );
    const dossier = await w.store.get(dossierId);
    expect(dossier?.status).toBe('completed');
    const notice = w.documents.documents.get(`TB${dossierId.slice(2)}`);
    expect(notice).toMatchObject({ serviceCode: 100, subject: { pin: PINS.mother } });
    expect(notice?.statement.vi).toContain(
      `${MOTHER.fullName} (số định danh cá nhân ${PINS.mother}) là chủ hộ của hộ H1`,
    );

    // The approval runs again (a retry after a crash): nothing is written twice.
    if (!dossier) throw new Error('gone');
    const context = { dossier, now: w.clock.now, deps: w.deps };
    await householdHeadChange.rule.apply(context, PINS.officer);
    expect(w.population.history).toHaveLength(2);
    expect(await householdHeadChange.rule.applied(context)).toBe(true);
  });

  it('completes a retried approval whose write landed, though a member moved out since; never a rejection', async () => {
    const { w, filedTask, decide } = await setup();
    const { dossierId, taskId } = await filedTask();
    // The first approval writes the relations and dies before its notice.
    const issueOnce = w.documents.issueOnce.bind(w.documents);
    w.documents.issueOnce = () => Promise.reject(new Error('the function timed out'));
    await expect(decide(police(), taskId, { decision: 'approve' })).rejects.toThrow('timed out');
    w.documents.issueOnce = issueOnce;
    expect(relations(w)[PINS.mother]).toBe('head');
    const grandfather = w.population.citizens.get(PINS.grandfather);
    if (grandfather) w.population.citizens.set(PINS.grandfather, { ...grandfather, householdId: 'H9', version: 3 });
    expect(
      await refusal(decide(police(), taskId, { decision: 'reject', reason: 'a member moved out since' })),
    ).toMatchObject({
      status: 409,
    });
    await decide(police(), taskId, { decision: 'approve' });
    expect((await w.store.get(dossierId))?.status).toBe('completed');
    expect(w.documents.documents.get(`TB${dossierId.slice(2)}`)).toBeDefined();
    expect(w.population.history).toHaveLength(2);
  });

  it('refuses the approval, writing nothing, when someone joined the household after the application', async () => {
    const { w, filedTask, decide } = await setup();
    const { dossierId, taskId } = await filedTask();
    w.population.citizens.set(PINS.stranger, { ...STRANGER, householdId: 'H1', relationToHead: 'other', version: 2 });
    const refused = await refusal(decide(police(), taskId, { decision: 'approve' }));
    expect(refused).toMatchObject({ status: 409 });
    expect(refused.message).toContain(`${STRANGER.fullName} joined the household after the application`);
    expect(w.population.history).toEqual([]);
    expect(w.population.recordedHeads.has('H1')).toBe(false);
    await decide(police(), taskId, { decision: 'reject', reason: 'a member joined since; file the change again' });
    expect((await w.store.get(dossierId))?.status).toBe('rejected');
    expect(relations(w)[PINS.mother]).toBe('spouse');
  });

  it('refuses the approval when the new head left the household meanwhile', async () => {
    const { w, filedTask, decide } = await setup();
    const { taskId } = await filedTask();
    const mother = w.population.citizens.get(PINS.mother);
    if (mother) w.population.citizens.set(PINS.mother, { ...mother, householdId: 'H9', version: 2 });
    expect(await refusal(decide(police(), taskId, { decision: 'approve' }))).toMatchObject({ status: 409 });
    expect(w.population.history).toEqual([]);
    expect(w.population.peek(PINS.grandfather)?.relationToHead).toBe(GRANDFATHER.relationToHead);
  });
});

describe("a change of household head's life event", () => {
  it("is a 'Residence Changed' event carrying the new relation", () => {
    const event = lifeEventOf({
      pk: `CITIZEN#${PINS.mother}`,
      sk: 'HISTORY#000002',
      type: 'history',
      version: 2,
      action: 'household-head-changed',
      at: NOW.toISOString(),
      changed: ['relationToHead'],
      after: { relationToHead: 'head' },
    });
    expect(event).toMatchObject({ type: 'Residence Changed', data: { relationToHead: 'head' } });
  });
});
