/**
 * A citizen's correction of their own NPDB record, through the real dossier engine on in-memory ports: intake refuses
 * what cannot be corrected (naming the field, writing nothing), the commune police decide, approval writes the new
 * values once with their history and tells the agencies that read the old ones, rejection changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { createAccessRecorder } from '../../../../shared/access-log/record-access.ts';
import type { Principal } from '../../../../shared/auth/principal.ts';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { taskIdOf } from '../../../../shared/dossiers/dossier.ts';
import { decideOfficerTask } from '../../../../shared/dossiers/officer-tasks.ts';
import { runServiceDossier } from '../../../../shared/dossiers/service-dossier.ts';
import { submitServiceDossier } from '../../../../shared/dossiers/submit-service-dossier.ts';
import { lifeEventOf } from '../../../../shared/feed/life-event.ts';
import { findSubscriber, minimise } from '../../../../shared/feed/subscribers.ts';
import type { OfficerRole } from '../../../../shared/identity/account.ts';
import {
  corrected,
  RECORD_CORRECTION_SERVICE,
  RecordCorrectionForm,
  recordCorrection,
} from '../../../../shared/services/procedures/record-correction.ts';
import { FAMILY, MOTHER, NOW, PINS, world } from '../dossiers/fixtures.ts';

const police = (communeCode = '00070', provinceCode = '01'): OfficerRole => ({
  agency: 'police',
  role: 'officer',
  provinceCode,
  communeCode,
});
const officer = (role: OfficerRole, pin: string = PINS.officer): Principal => ({
  kind: 'citizen',
  pin,
  level: 2,
  clientId: 'officer-portal',
  scopes: ['citizen', 'officer'],
  officerRoles: [role],
});

const BEFORE = '2026-10-01T08:00:00.000Z';
const bank = { type: 'agency' as const, id: 'bank-vcb', name: 'Vietcombank' };
const hospital = { type: 'agency' as const, id: 'hospital-bach-mai', name: 'Bạch Mai' };

/** The engine and its ports in memory, with the mother's access log holding earlier reads. */
const setup = async (citizens: readonly Citizen[] = FAMILY) => {
  const w = world(citizens);
  const log = new InMemoryAccessLog();
  const recorder = createAccessRecorder(log, { now: () => w.clock.now });
  const read = (accessor: typeof bank | typeof hospital, fields: string[], at = BEFORE) =>
    recorder.record({
      subjectPin: PINS.mother,
      accessor,
      fields,
      purpose: accessor === bank ? 'ekyc' : 'hospital-check-in',
      legalBasis: 'test',
      outcome: 'granted',
      requestId: `read-${accessor.id}-${at}`,
      at,
    });
  await read(bank, ['fullName', 'birthDate']);
  await read(bank, ['fullName'], '2026-10-02T08:00:00.000Z');
  await read(hospital, ['cardNumber', 'validUntil']);
  const deps = { ...w.deps, accessLog: { reader: log, recorder } };
  const submit = submitServiceDossier({
    store: w.store,
    population: w.population,
    queue: w.queue,
    now: () => w.clock.now,
    onboardedProvinces: new Set(['01', '37']),
    exemptionsOf: () => [],
  });
  const file = (form: unknown, key = 'key-1', pin: string = PINS.mother) =>
    submit(recordCorrection, RECORD_CORRECTION_SERVICE, pin, RecordCorrectionForm.parse(form), key);
  /** Files, opens the step as the province consumer does, and answers the task's ID. */
  const filedTask = async (form: unknown) => {
    const { dossier } = await file(form);
    const stored = await w.store.get(dossier.id);
    if (!stored) throw new Error('not stored');
    await runServiceDossier(deps)(stored);
    return { dossierId: dossier.id, taskId: taskIdOf(dossier.id, 'ServiceDecision') };
  };
  return { w, log, deps, file, filedTask, decide: decideOfficerTask(deps) };
};

const refusal = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { httpStatus?: number; problems?: { field: string }[]; issues?: { path: unknown[] }[] } | undefined;
  expect(error, 'expected a refusal').toBeDefined();
  return {
    status: error?.httpStatus ?? (error?.issues ? 400 : undefined),
    field: error?.problems?.[0]?.field ?? error?.issues?.[0]?.path.join('.'),
  };
};

const NAME_FIX = {
  corrections: [{ field: 'fullName', value: '  nguyễn   thị   hoà ' }],
  reason: 'Tên bị ghi sai dấu so với giấy khai sinh',
  evidence: 'Giấy khai sinh số 45/1990',
};

describe('the record-correction form', () => {
  it.each([
    [
      'an unknown field (birth place is not a field of the record)',
      { field: 'birthPlace', value: 'Hà Nội' },
      'corrections.0.field',
    ],
    ['the PIN', { field: 'pin', value: '001190000002' }, 'corrections.0.field'],
    ['a name with digits', { field: 'fullName', value: 'Nguyễn Thị H0a' }, 'corrections.0.value'],
    ['a date that does not exist', { field: 'birthDate', value: '1990-02-30' }, 'corrections.0.value'],
    ['a sex the record does not know', { field: 'sex', value: 'other' }, 'corrections.0.value'],
    ['an ethnicity that is not one of the 54', { field: 'ethnicity', value: 'Klingon' }, 'corrections.0.value'],
  ])('refuses %s, naming the field', (_, correction, field) => {
    const parsed = RecordCorrectionForm.safeParse({ ...NAME_FIX, corrections: [correction] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('refuses a field named twice, and normalises a name and an ethnicity to the recorded spelling', () => {
    const twice = { ...NAME_FIX, corrections: [NAME_FIX.corrections[0], NAME_FIX.corrections[0]] };
    expect(RecordCorrectionForm.safeParse(twice).success).toBe(false);
    const form = RecordCorrectionForm.parse({
      ...NAME_FIX,
      corrections: [...NAME_FIX.corrections, { field: 'ethnicity', value: 'e-de' }],
    });
    expect(form.corrections).toEqual([
      { field: 'fullName', value: 'Nguyễn Thị Hoà' },
      { field: 'ethnicity', value: 'Ê Đê' },
    ]);
  });
});

describe('intake of a record correction', () => {
  it('goes to the police of the permanent residence, one pending correction per citizen (409 for a second)', async () => {
    const { w, file } = await setup();
    const first = await file(NAME_FIX);
    const stored = await w.store.get(first.dossier.id);
    expect(stored).toMatchObject({
      communeCode: MOTHER.permanentResidence.communeCode,
      service: { code: 0, agency: 'police', feeVnd: 0 },
      status: 'submitted',
    });
    expect(await file(NAME_FIX, 'key-1')).toMatchObject({ replayed: true, dossier: { id: first.dossier.id } });
    expect(await refusal(file(NAME_FIX, 'key-2'))).toMatchObject({ status: 409 });
  });

  it.each([
    ['the value recorded already', { field: 'fullName', value: MOTHER.fullName }, 422],
    ['a birth date in the future', { field: 'birthDate', value: '2027-01-01' }, 400],
    ['a birth year the PIN contradicts (its digits say 1990)', { field: 'birthDate', value: '1991-04-04' }, 422],
    ['a sex the PIN contradicts (its 4th digit says female)', { field: 'sex', value: 'male' }, 422],
  ])('refuses %s, naming the value, and writes nothing', async (_, correction, status) => {
    const { w, file } = await setup();
    const outcome = await refusal(file({ ...NAME_FIX, corrections: [correction] }));
    expect(outcome).toEqual({ status, field: 'body.form.corrections.0.value' });
    expect(w.store.asStore()).toBeDefined();
    expect(await w.store.asStore().findByIdempotencyKey(PINS.mother, 'key-1')).toBeUndefined();
    expect(w.queue.sent).toEqual([]);
  });

  it('accepts a birth date corrected within the year the PIN encodes', async () => {
    const { file } = await setup();
    const result = await file({ ...NAME_FIX, corrections: [{ field: 'birthDate', value: '1990-12-31' }] });
    expect(result.replayed).toBe(false);
  });
});

describe('the decision on a record correction', () => {
  it('waits for an officer, showing the values before and after, and is decided only where the citizen lives', async () => {
    const { w, filedTask, decide } = await setup();
    const { dossierId, taskId } = await filedTask(NAME_FIX);
    const step = await w.store.asStore().getStep(dossierId, 'ServiceDecision');
    expect(step?.status).toBe('awaiting-officer');
    expect(step?.findings).toContainEqual(
      expect.objectContaining({ check: 'record-differs', detail: `fullName: ${MOTHER.fullName} → Nguyễn Thị Hoà` }),
    );
    expect(step?.findings).toContainEqual(
      expect.objectContaining({ check: 'evidence-examined-by-officer', passed: false }),
    );
    expect(await refusal(decide(officer(police('00073')), taskId, { decision: 'approve' }))).toMatchObject({
      status: 404,
    });
    expect(await refusal(decide(officer(police(), PINS.mother), taskId, { decision: 'approve' }))).toMatchObject({
      status: 403,
    });
    expect(w.population.peek(PINS.mother)?.fullName).toBe(MOTHER.fullName);
  });

  it('on approval corrects the record once, with its history, and tells each earlier reader once', async () => {
    const { w, log, deps, filedTask, decide } = await setup();
    const { dossierId, taskId } = await filedTask(NAME_FIX);
    w.clock.now = new Date(NOW.getTime() + 3_600_000);
    await decide(officer(police()), taskId, { decision: 'approve', reason: 'checked the birth certificate' });
    expect(w.population.peek(PINS.mother)).toMatchObject({ fullName: 'Nguyễn Thị Hoà', version: 2 });
    const history = w.population.history.filter((h) => h.pin === PINS.mother);
    expect(history).toEqual([
      {
        pin: PINS.mother,
        version: 2,
        change: {
          actor: PINS.officer,
          action: 'record-corrected',
          reason: `dossier ${dossierId}: ${NAME_FIX.reason} (evidence: ${NAME_FIX.evidence}); officer: checked the birth certificate`,
          at: w.clock.now.toISOString(),
        },
      },
    ]);
    const notices = () =>
      (log.chains.get(PINS.mother)?.entries ?? []).filter((e) => e.purpose === 'record-correction-notice');
    // The bank read the name (twice): told once; the hospital read no corrected field: not told.
    expect(notices()).toEqual([
      expect.objectContaining({
        accessor: bank,
        fields: ['fullName'],
        requestId: `record-correction:${dossierId}:bank-vcb`,
      }),
    ]);
    const step = await w.store.asStore().getStep(dossierId, 'ServiceDecision');
    expect(step?.result).toMatchObject({
      corrected: ['fullName'],
      notified: [{ clientId: 'bank-vcb', fields: ['fullName'] }],
    });
    expect((await w.store.get(dossierId))?.status).toBe('completed');

    // The approval runs again (a retry after a crash): nothing is written twice.
    const dossier = await w.store.get(dossierId);
    if (!dossier) throw new Error('gone');
    await recordCorrection.rule.apply({ dossier, now: w.clock.now, deps }, PINS.officer);
    expect(w.population.history.filter((h) => h.pin === PINS.mother)).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    expect(await recordCorrection.rule.applied({ dossier, now: w.clock.now, deps })).toBe(true);
  });

  it('on rejection changes nothing and tells nobody, and frees the citizen to ask again', async () => {
    const { w, log, filedTask, decide, file } = await setup();
    const before = log.chains.get(PINS.mother)?.entries.length;
    const { dossierId, taskId } = await filedTask(NAME_FIX);
    await decide(officer(police()), taskId, { decision: 'reject', reason: 'the birth certificate says otherwise' });
    expect((await w.store.get(dossierId))?.status).toBe('rejected');
    expect(w.population.peek(PINS.mother)).toEqual({ ...MOTHER, version: 1 });
    expect(w.population.history.filter((h) => h.pin === PINS.mother)).toEqual([]);
    expect(log.chains.get(PINS.mother)?.entries.length).toBe(before);
    expect((await file(NAME_FIX, 'key-again')).replayed).toBe(false);
  });

  it('is refused at approval, writing nothing, where the access log is not wired', async () => {
    const { w, deps, file } = await setup();
    const { dossier } = await file(NAME_FIX);
    const stored = await w.store.get(dossier.id);
    if (!stored) throw new Error('not stored');
    const { accessLog: _unwired, ...bare } = deps;
    await expect(recordCorrection.rule.apply({ dossier: stored, now: NOW, deps: bare }, PINS.officer)).rejects.toThrow(
      /access log/,
    );
    expect(w.population.history).toEqual([]);
  });
});

describe('a corrected birth date and the ID card', () => {
  const card = { number: MOTHER.pin, issuedOn: '2022-03-01', expiresOn: '2030-09-09', status: 'valid' as const };
  const correct = (citizen: Citizen, birthDate: string) =>
    corrected(
      citizen,
      RecordCorrectionForm.parse({ ...NAME_FIX, corrections: [{ field: 'birthDate', value: birthDate }] }),
    );

  it("moves the card's expiry to the renewal age of the corrected birth date; the card stays the same", () => {
    const after = correct({ ...MOTHER, idCard: card }, '1990-12-31');
    expect(after.idCard).toEqual({ ...card, expiresOn: '2030-12-31' });
  });

  it('ends a card that was valid for life when the corrected birth date puts a renewal age ahead', () => {
    const older = {
      ...MOTHER,
      birthDate: '1964-01-01',
      idCard: { ...card, issuedOn: '2022-06-01', expiresOn: undefined },
    };
    expect(correct(older, '1964-12-31').idCard).toMatchObject({ expiresOn: '2024-12-31' });
    const { expiresOn: _e, ...forLife } = card;
    expect(correct({ ...older, idCard: forLife }, '1964-01-02').idCard).toEqual(forLife);
  });

  it('leaves the card alone when another field is corrected', () => {
    const after = corrected({ ...MOTHER, idCard: card }, RecordCorrectionForm.parse(NAME_FIX));
    expect(after.idCard).toBe(card);
  });
});

describe("a correction's life event", () => {
  it("is one 'Record Corrected' event, and the tax feed receives only the fields its purpose allows", () => {
    // The history item PopulationStore writes for a correction of name and ethnicity (record version 2).
    const item = {
      pk: `CITIZEN#${PINS.mother}`,
      sk: 'HISTORY#000002',
      type: 'history' as const,
      version: 2,
      action: 'record-corrected',
      at: NOW.toISOString(),
      changed: ['ethnicity', 'fullName'],
      before: { ethnicity: 'Kinh', fullName: MOTHER.fullName },
      after: { ethnicity: 'Tày', fullName: 'Nguyễn Thị Hoà' },
    };
    const event = lifeEventOf(item);
    expect(event).toMatchObject({ type: 'Record Corrected', eventId: `${PINS.mother}-2`, changedFields: item.changed });
    const tax = findSubscriber('tax');
    expect(tax?.eventTypes).toContain('Record Corrected');
    expect(minimise(tax?.allowedFields ?? [], event.data)).toEqual({
      data: { fullName: 'Nguyễn Thị Hoà' },
      fields: ['fullName'],
    });
  });
});
