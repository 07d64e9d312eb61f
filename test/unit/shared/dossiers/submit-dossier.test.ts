import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../../../shared/domain/errors.ts';
import { DOSSIER_ID_PATTERN } from '../../../../shared/dossiers/dossier.ts';
import type { SubmitDossier } from '../../../../shared/dossiers/forms.ts';
import { requeueStalledDossiers } from '../../../../shared/dossiers/housekeeping.ts';
import { fingerprint, type SubmitDeps, submitDossier } from '../../../../shared/dossiers/submit-dossier.ts';
import {
  birthForm,
  birthRequest,
  deathRequest,
  FAMILY,
  GRANDMOTHER_ELSEWHERE,
  NOW,
  PINS,
  person,
  type World,
  world,
} from './fixtures.ts';

const setup = (w: World = world(), overrides: Partial<SubmitDeps> = {}) => {
  const logged: string[] = [];
  const deps: SubmitDeps = {
    store: w.store,
    population: w.population,
    queue: w.queue,
    now: () => w.clock.now,
    onboardedProvinces: new Set(['01', '37']),
    log: (message) => logged.push(message),
    ...overrides,
  };
  return { w, submit: submitDossier(deps), logged };
};

const child = (birthDate: string) => ({ fullName: 'Trần Thị Mai', sex: 'female', birthDate });

describe('submitDossier: a birth', () => {
  it('writes the dossier, claims the birth, notifies the applicant and queues the ID to the province', async () => {
    const { w, submit } = setup();
    const result = await submit(PINS.mother, birthRequest(), 'key-1');
    expect(result.replayed).toBe(false);
    expect(result.dossier).toMatchObject({
      group: 'birth-group',
      status: 'submitted',
      submittedAt: NOW.toISOString(),
      receiptDate: '2026-11-23',
      expectedBy: '2026-11-25',
      steps: ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance'],
      communeCode: '00070',
      provinceCode: '01',
    });
    expect(result.dossier.id).toMatch(DOSSIER_ID_PATTERN);
    expect(result.dossier.id.startsWith('HS01-20261123-')).toBe(true);
    expect(w.queue.sent).toEqual([{ provinceCode: '01', message: { dossierId: result.dossier.id } }]);
    const stored = await w.store.get(result.dossier.id);
    expect(stored).toMatchObject({ applicantPin: PINS.mother, documents: {}, form: birthForm() });
    expect(w.store.subjects.get(`birth#${PINS.mother}#2026-11-10#trần thị mai`)).toBe(result.dossier.id);
    expect(w.store.outbox).toEqual([
      {
        id: `${result.dossier.id}#submitted`,
        notification: { pin: PINS.mother, kind: 'dossier', text: expect.stringContaining(result.dossier.id) },
      },
    ]);
    expect(w.store.timeline(result.dossier.id)).toEqual([
      expect.objectContaining({ kind: 'submitted', actor: PINS.mother, at: NOW.toISOString() }),
    ]);
  });

  it("is handled where the household lives: a parent's (householdOf)", async () => {
    const { submit } = setup();
    const result = await submit(PINS.mother, birthRequest({ householdOf: PINS.father }), 'k');
    expect(result.dossier.provinceCode).toBe(
      FAMILY.find((c) => c.pin === PINS.father)?.permanentResidence.provinceCode,
    );
  });

  it('refuses a household outside the family, and an other parent the NPDB does not link to the applicant (422)', async () => {
    const w = world();
    const { submit } = setup(w);
    await expect(
      submit(PINS.mother, birthRequest({ householdOf: GRANDMOTHER_ELSEWHERE.pin }), 'k1'),
    ).rejects.toMatchObject({ httpStatus: 422, problems: [{ field: 'body.form.householdOf' }] });
    await expect(submit(PINS.mother, birthRequest({ fatherPin: PINS.stranger }), 'k2')).rejects.toMatchObject({
      httpStatus: 422,
      problems: [{ field: 'body.form.fatherPin' }],
    });
    expect(w.store.dossiers.size).toBe(0);
  });

  it('refuses a birth date in the future (400 on the field)', async () => {
    const { w, submit } = setup();
    const attempt = submit(PINS.mother, birthRequest({ child: child('2026-11-24') }), 'k');
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      httpStatus: 400,
      problems: [{ field: 'body.form.child.birthDate', message: 'must not be after today' }],
    });
    expect(w.store.dossiers.size).toBe(0);
    expect(w.queue.sent).toEqual([]);
  });

  it('refuses a child of 6 or more (422), accepts one a day younger', async () => {
    const { submit } = setup();
    await expect(submit(PINS.mother, birthRequest({ child: child('2020-11-23') }), 'k1')).rejects.toMatchObject({
      httpStatus: 422,
      problems: [{ field: 'body.form.child.birthDate' }],
    });
    await expect(submit(PINS.mother, birthRequest({ child: child('2020-11-24') }), 'k2')).resolves.toMatchObject({
      replayed: false,
    });
  });

  it('refuses an applicant who is neither mother nor father (422)', async () => {
    const { submit } = setup();
    const attempt = submit(PINS.stranger, birthRequest(), 'k');
    await expect(attempt).rejects.toBeInstanceOf(UnprocessableError);
    await expect(attempt).rejects.toMatchObject({ httpStatus: 422, problems: [{ field: 'body.form.motherPin' }] });
  });

  it('refuses a father the NPDB does not link to the mother, a PIN of nobody with the same answer (422)', async () => {
    // A man of another household, not her spouse: an existing PIN and one issued to nobody read alike, so the form
    // tells no one whether a PIN was issued.
    const neighbour = person({ pin: '001090000097', fullName: 'Phan Văn Tài', householdId: 'H9' });
    const { submit } = setup(world([...FAMILY, neighbour]));
    const refusals = [];
    for (const [key, fatherPin] of [
      ['k1', neighbour.pin],
      ['k2', '001090000098'],
    ] as const) {
      refusals.push(await submit(PINS.mother, birthRequest({ fatherPin }), key).catch((error: unknown) => error));
    }
    expect(refusals).toEqual([expect.any(UnprocessableError), expect.any(UnprocessableError)]);
    const [known, unknown] = refusals as UnprocessableError[];
    expect(unknown?.message).toBe(known?.message);
    expect(unknown?.message).toMatch(/^The other parent must be your spouse or a member of your household/);
    expect(unknown).toMatchObject({ problems: [{ field: 'body.form.fatherPin' }] });
  });

  it('refuses an applicant or a household the NPDB does not know (422)', async () => {
    const unknown = '001192000099';
    const { submit } = setup();
    await expect(
      submit(unknown, birthRequest({ motherPin: unknown, fatherPin: undefined }), 'k1'),
    ).rejects.toMatchObject({ httpStatus: 422 });
    await expect(submit(PINS.mother, birthRequest({ householdOf: '001090000098' }), 'k3')).rejects.toMatchObject({
      httpStatus: 422,
      problems: [{ field: 'body.form.householdOf' }],
    });
  });

  it('refuses a province that does not run the group online yet (422), writing nothing', async () => {
    const { w, submit } = setup(world(), { onboardedProvinces: new Set(['37']) });
    await expect(submit(PINS.mother, birthRequest(), 'k')).rejects.toMatchObject({
      httpStatus: 422,
      message: expect.stringContaining('Province 01 does not yet handle this group online'),
    });
    expect(w.store.dossiers.size).toBe(0);
  });

  it('refuses a second dossier for the same birth while the first is live (409 naming it)', async () => {
    const { submit } = setup();
    const first = await submit(PINS.mother, birthRequest(), 'k1');
    const second = submit(PINS.father, birthRequest(), 'k2');
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(first.dossier.id);
  });
  it('refuses a new application for a birth an ended dossier already registered (409 naming the PIN)', async () => {
    const { w, submit } = setup();
    const first = await submit(PINS.mother, birthRequest(), 'k1');
    const stored = w.store.dossiers.get(first.dossier.id);
    if (!stored) throw new Error('not stored');
    w.store.dossiers.set(first.dossier.id, { ...stored, status: 'failed', documents: { pin: '001326000001' } });
    const again = submit(PINS.mother, birthRequest(), 'k2');
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow(/already registered by dossier .*001326000001/);
  });
});

describe('submitDossier: a death', () => {
  it('runs the procedures the family chose, handled where the deceased lived', async () => {
    const { submit } = setup();
    const four = await submit(PINS.father, deathRequest(), 'k1');
    expect(four.dossier.steps).toEqual([
      'RegisterDeath',
      'DeletePermanentResidence',
      'GrantFuneralAllowance',
      'GrantSurvivorBenefit',
    ]);
    expect(four.dossier.expectedBy).toBe('2026-11-27');
    const { submit: again } = setup();
    const two = await again(PINS.father, deathRequest({ alsoRequest: [], funeralAllowance: undefined }), 'k1');
    expect(two.dossier.steps).toEqual(['RegisterDeath', 'DeletePermanentResidence']);
  });

  it('refuses to register your own death (400)', async () => {
    const { submit } = setup();
    await expect(submit(PINS.grandfather, deathRequest(), 'k')).rejects.toMatchObject({
      httpStatus: 400,
      problems: [{ field: 'body.form.deceasedPin' }],
    });
  });

  it('refuses a death date in the future or before the birth (400)', async () => {
    const { submit } = setup();
    await expect(submit(PINS.father, deathRequest({ deathDate: '2026-11-24' }), 'k1')).rejects.toMatchObject({
      httpStatus: 400,
      problems: [{ field: 'body.form.deathDate', message: 'must not be after today' }],
    });
    await expect(submit(PINS.father, deathRequest({ deathDate: '1952-06-14' }), 'k2')).rejects.toMatchObject({
      httpStatus: 400,
      problems: [{ field: 'body.form.deathDate' }],
    });
  });

  it('refuses a citizen already recorded as deceased (409), and a stranger or unknown PIN (403, nothing written)', async () => {
    const dead = FAMILY.map((c) => (c.pin === PINS.grandfather ? { ...c, status: 'deceased' as const } : c));
    await expect(setup(world(dead)).submit(PINS.father, deathRequest(), 'k')).rejects.toMatchObject({
      httpStatus: 409,
    });
    const w = world();
    await expect(
      setup(w).submit(PINS.father, deathRequest({ deceasedPin: '001050000098' }), 'k'),
    ).rejects.toMatchObject({ httpStatus: 403 });
    await expect(setup(w).submit(PINS.stranger, deathRequest(), 'k2')).rejects.toMatchObject({ httpStatus: 403 });
    expect(w.store.dossiers.size).toBe(0);
  });

  it('accepts a funeral allowance recipient whatever the PIN: whether it names a living citizen is the officer’s finding', async () => {
    const result = await setup().submit(
      PINS.father,
      deathRequest({ funeralAllowance: { basis: 'pensioner', recipientPin: '001090000098' } }),
      'k',
    );
    expect(result.dossier.status).toBe('submitted');
  });

  it('refuses a second dossier for the same death (409)', async () => {
    const { submit } = setup();
    await submit(PINS.father, deathRequest(), 'k1');
    await expect(submit(PINS.mother, deathRequest(), 'k2')).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('submitDossier: idempotency', () => {
  it('replays the same request with the same key: replayed, same dossier, nothing written or queued again', async () => {
    const { w, submit } = setup();
    const first = await submit(PINS.mother, birthRequest(), 'key-1');
    w.clock.now = new Date(NOW.getTime() + 60_000);
    const again = await submit(PINS.mother, birthRequest(), 'key-1');
    expect(again).toEqual({ replayed: true, dossier: first.dossier });
    expect(w.store.dossiers.size).toBe(1);
    expect(w.queue.sent).toHaveLength(1);
    expect(w.store.outbox).toHaveLength(1);
  });

  it('replays a request whose keys arrive in another order', async () => {
    const { submit } = setup();
    const request = birthRequest();
    const first = await submit(PINS.mother, request, 'key-1');
    const { form } = request as Extract<SubmitDossier, { group: 'birth-group' }>;
    const reordered = {
      form: {
        birthCertificate: {
          issuedOn: form.birthCertificate.issuedOn,
          facilityCode: form.birthCertificate.facilityCode,
          number: form.birthCertificate.number,
        },
        fatherPin: form.fatherPin,
        motherPin: form.motherPin,
        child: {
          nationality: 'VN',
          ethnicity: 'Kinh',
          birthDate: form.child.birthDate,
          sex: form.child.sex,
          fullName: form.child.fullName,
        },
      },
      group: 'birth-group',
    } as SubmitDossier;
    expect(await submit(PINS.mother, reordered, 'key-1')).toEqual({ replayed: true, dossier: first.dossier });
  });

  it('refuses the same key with a different body (422 on the header)', async () => {
    const { submit } = setup();
    await submit(PINS.mother, birthRequest(), 'key-1');
    await expect(submit(PINS.mother, birthRequest({ child: child('2026-11-11') }), 'key-1')).rejects.toMatchObject({
      httpStatus: 422,
      problems: [{ field: 'header.Idempotency-Key' }],
    });
  });

  it('keeps keys per applicant: the same key from another parent is another request', async () => {
    const { submit } = setup();
    await submit(PINS.mother, birthRequest(), 'key-1');
    await expect(submit(PINS.father, birthRequest(), 'key-1')).rejects.toBeInstanceOf(ConflictError);
  });

  it('answers the earlier dossier when two submissions with one key race (the store reports the key)', async () => {
    const { w, submit } = setup();
    const [a, b] = await Promise.all([
      submit(PINS.mother, birthRequest(), 'key-1'),
      submit(PINS.mother, birthRequest(), 'key-1'),
    ]);
    expect(a.dossier.id).toBe(b.dossier.id);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(w.store.dossiers.size).toBe(1);
  });

  it('answers 404 when the key points at a dossier that no longer exists', async () => {
    const { w, submit } = setup();
    const first = await submit(PINS.mother, birthRequest(), 'key-1');
    w.store.dossiers.delete(first.dossier.id);
    await expect(submit(PINS.mother, birthRequest(), 'key-1')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('fingerprint', () => {
  const shuffle = (value: unknown, order: (keys: string[]) => string[]): unknown => {
    if (Array.isArray(value)) return value.map((v) => shuffle(v, order));
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      const keys = order(entries.map(([k]) => k));
      return Object.fromEntries(keys.map((k) => [k, shuffle((value as Record<string, unknown>)[k], order)]));
    }
    return value;
  };

  it('does not depend on the order of keys at any depth', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 1000 }), (death, seed) => {
        const request = death ? deathRequest() : birthRequest();
        const rotate = (keys: string[]) => {
          const n = keys.length === 0 ? 0 : seed % keys.length;
          return [...keys.slice(n), ...keys.slice(0, n)].reverse();
        };
        expect(fingerprint(shuffle(request, rotate) as SubmitDossier)).toBe(fingerprint(request));
      }),
    );
  });

  it('changes with any value, and with the order of a list', () => {
    const base = fingerprint(deathRequest());
    expect(fingerprint(deathRequest({ deathDate: '2026-11-19' }))).not.toBe(base);
    expect(fingerprint(deathRequest({ funeralAllowance: { basis: 'insured', recipientPin: PINS.father } }))).not.toBe(
      base,
    );
    expect(fingerprint(deathRequest({ alsoRequest: ['funeral-allowance'] }))).not.toBe(base);
    expect(fingerprint(birthRequest())).not.toBe(fingerprint(birthRequest({ fatherPin: undefined })));
  });
});

describe('submitDossier: the intake queue', () => {
  it('still answers the dossier when the queue send fails; it stays submitted and the sweep queues it', async () => {
    const { w, submit, logged } = setup();
    w.queue.failWith = new Error('SQS unavailable');
    const result = await submit(PINS.mother, birthRequest(), 'key-1');
    expect(result.replayed).toBe(false);
    expect((await w.store.get(result.dossier.id))?.status).toBe('submitted');
    expect(w.queue.sent).toEqual([]);
    expect(logged).toHaveLength(1);

    w.queue.failWith = undefined;
    w.clock.now = new Date(NOW.getTime() + 61_000);
    const sweep = requeueStalledDossiers({
      store: w.store,
      queue: w.queue,
      provinces: ['01', '37'],
      now: () => w.clock.now,
    });
    expect(await sweep()).toEqual({ requeued: 1 });
    expect(w.queue.sent).toEqual([{ provinceCode: '01', message: { dossierId: result.dossier.id } }]);
  });
});

describe('submitDossier: receipt and expected dates in working days', () => {
  it.each([
    // Friday 20 November 2026.
    ['Friday 14:59 in Vietnam counts from Friday', '2026-11-20T07:59:00Z', '2026-11-20', '2026-11-24'],
    ['Friday 15:00 counts from Monday', '2026-11-20T08:00:00Z', '2026-11-23', '2026-11-25'],
    ['Friday 16:00 counts from Monday', '2026-11-20T09:00:00Z', '2026-11-23', '2026-11-25'],
    ['Saturday counts from Monday', '2026-11-21T02:00:00Z', '2026-11-23', '2026-11-25'],
    ['Sunday 23:30 UTC is Monday 06:30 in Vietnam', '2026-11-22T23:30:00Z', '2026-11-23', '2026-11-25'],
  ])('%s', async (_when, at, receiptDate, expectedBy) => {
    const w = world(FAMILY, { now: new Date(at) });
    const { submit } = setup(w);
    const result = await submit(PINS.mother, birthRequest(), 'k');
    expect(result.dossier.receiptDate).toBe(receiptDate);
    expect(result.dossier.expectedBy).toBe(expectedBy);
  });
});
