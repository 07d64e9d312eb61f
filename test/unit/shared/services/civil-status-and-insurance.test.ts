/**
 * Services 14 (birth registration), 15 (death registration), 16 (marriage) and 20 (household health insurance) as single-agency
 * dossiers: who may file (intake refusals name the field and write nothing), and what approval does, once.
 */
import { describe, expect, it } from 'vitest';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { ConflictError, DomainError } from '../../../../shared/domain/errors.ts';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import type { ServiceProcedure } from '../../../../shared/dossiers/service-procedure.ts';
import { BirthRegistrationForm, birthRegistration } from '../../../../shared/services/procedures/birth-registration.ts';
import { DeathRegistrationForm, deathRegistration } from '../../../../shared/services/procedures/death-registration.ts';
import { householdHealthInsurance } from '../../../../shared/services/procedures/household-health-insurance.ts';
import { marriageRegistration } from '../../../../shared/services/procedures/marriage.ts';
import {
  BIRTH_DOSSIER_ID,
  birthFormInput,
  FAMILY,
  serviceDossier as fixtureServiceDossier,
  HANOI_RESIDENCE,
  MOTHER,
  NOW,
  PINS,
  person,
  serviceIntake,
  TODAY,
  type World,
  world,
} from '../dossiers/fixtures.ts';

const intakeOf = async <F extends Readonly<Record<string, unknown>>>(
  w: World,
  procedure: ServiceProcedure<F>,
  applicantPin: string,
  input: unknown,
) => {
  const applicant = await w.population.getCitizen(applicantPin);
  if (!applicant) throw new Error('no applicant');
  return procedure.intake({ applicant, form: procedure.form.parse(input), today: TODAY, population: w.population });
};

/** The refusal an intake throws, as the API reports it: its HTTP status and the first field it names. */
const refusal = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { httpStatus?: number; problems?: { field: string }[]; message: string } | undefined;
  expect(error, 'expected a refusal').toBeDefined();
  return { statusCode: error?.httpStatus, field: error?.problems?.[0]?.field, message: error?.message ?? '' };
};

/** Filed by the mother, decided by civil status (VSS for service 20). */
const serviceDossier = (code: number, form: Record<string, unknown>, overrides: Partial<Dossier> = {}): Dossier =>
  fixtureServiceDossier(
    code,
    form,
    { applicantPin: PINS.mother, expectedBy: '2026-11-24', ...overrides },
    code === 20 ? 'social-security' : 'civil-status',
  );

describe('service 14: birth registration on its own', () => {
  const form = BirthRegistrationForm.parse(birthFormInput());

  it("is handled at the applicant's commune, concerns both parents, and shares group 17's subject", async () => {
    const routing = await intakeOf(world(), birthRegistration, PINS.mother, birthFormInput());
    expect(routing).toEqual({
      communeCode: '00070',
      provinceCode: '01',
      parties: [PINS.mother, PINS.father],
      subject: `birth#${PINS.mother}#2026-11-10#trần thị mai`,
    });
  });

  it('refuses a stranger, a child of 6 or more, and a household to join (no residence step here)', async () => {
    const w = world();
    expect(await refusal(intakeOf(w, birthRegistration, PINS.stranger, birthFormInput()))).toMatchObject({
      field: 'body.form.motherPin',
    });
    const older = birthFormInput({ child: { fullName: 'Trần Văn Lớn', sex: 'male', birthDate: '2019-01-01' } });
    expect(await refusal(intakeOf(w, birthRegistration, PINS.mother, older))).toMatchObject({
      field: 'body.form.child.birthDate',
    });
    expect(BirthRegistrationForm.safeParse(birthFormInput({ householdOf: PINS.father })).success).toBe(false);
  });

  it('issues one PIN and the birth certificate, however often (and however concurrently) approval runs', async () => {
    const w = world();
    const context = { dossier: serviceDossier(14, form), now: NOW, deps: w.deps };
    expect(await birthRegistration.rule.applied(context)).toBe(false);
    // The group's birth checks, and never auto-approved: the PIN is issued with an officer's decision.
    const findings = await birthRegistration.rule.check(context);
    expect(findings.map((f) => f.check)).toEqual(expect.arrayContaining(['mother-in-npdb', 'within-60-days']));
    expect(findings.at(-1)).toMatchObject({ check: 'decided-by-officer', passed: false });
    const [first, second] = await Promise.all([
      birthRegistration.rule.apply(context, PINS.officer),
      birthRegistration.rule.apply(context, PINS.officer),
    ]);
    const again = await birthRegistration.rule.apply(context, PINS.officer);
    const pin = String(first.result.pin);
    expect(second.result.pin).toBe(pin);
    expect(again.result).toEqual(first.result);
    expect(await w.population.listChildren(PINS.mother)).toEqual([pin]);
    expect(w.population.peek(pin)).toMatchObject({ fullName: 'Trần Thị Mai', motherPin: PINS.mother });
    expect(w.population.peek(pin)?.householdId).toBeUndefined();
    expect(first.documents).toEqual({ birthCertificateNumber: `KS${BIRTH_DOSSIER_ID.slice(2)}`, pin });
    expect(w.documents.documents.size).toBe(1);
    // The certificate states the child's PIN: a verification of it is in the child's access log.
    const certificate = w.documents.documents.get(`KS${BIRTH_DOSSIER_ID.slice(2)}`);
    expect(certificate?.subject).toMatchObject({ pin, fullName: 'Trần Thị Mai' });
    expect(certificate?.statement.en).toContain(`PIN ${pin}`);
    expect(await birthRegistration.rule.applied(context)).toBe(true);
  });
});

describe('service 15: death registration on its own', () => {
  const input = {
    deceasedPin: PINS.grandfather,
    deathDate: '2026-11-20',
    deathNotice: { number: 'BT-2026-0042', issuedBy: 'Bệnh viện Bạch Mai', issuedOn: '2026-11-20' },
  };

  it("is handled at the deceased's commune with group 18's subject; only a relative files; no allowance asked", async () => {
    const w = world();
    expect(await intakeOf(w, deathRegistration, PINS.father, input)).toEqual({
      communeCode: '00070',
      provinceCode: '01',
      parties: [PINS.grandfather],
      subject: `death#${PINS.grandfather}`,
    });
    expect(await refusal(intakeOf(w, deathRegistration, PINS.stranger, input))).toMatchObject({ statusCode: 403 });
    expect(
      await refusal(intakeOf(w, deathRegistration, PINS.father, { ...input, deathDate: '2026-12-30' })),
    ).toMatchObject({ statusCode: 400 });
    expect(DeathRegistrationForm.safeParse({ ...input, alsoRequest: ['funeral-allowance'] }).success).toBe(false);
  });

  it('records the death and its date, disables the account and issues the extract, once', async () => {
    const w = world();
    const context = { dossier: serviceDossier(15, input, { applicantPin: PINS.father }), now: NOW, deps: w.deps };
    // The group's checks, and never auto-approved where a province auto-approves `ServiceDecision`.
    const findings = await deathRegistration.rule.check(context);
    expect(findings.map((f) => f.check)).toEqual(expect.arrayContaining(['deceased-in-npdb', 'death-date']));
    expect(findings.at(-1)).toMatchObject({ check: 'decided-by-officer', passed: false });
    const first = await deathRegistration.rule.apply(context, PINS.officer);
    const second = await deathRegistration.rule.apply(context, PINS.officer);
    expect(second.result).toEqual(first.result);
    expect(w.population.peek(PINS.grandfather)).toMatchObject({ status: 'deceased', deathDate: '2026-11-20' });
    expect(w.population.peek(PINS.grandfather)?.householdId).toBe('H1');
    expect(w.accounts.accounts.get(PINS.grandfather)).toMatchObject({ status: 'disabled' });
    expect(w.population.history.filter((h) => h.change.action === 'death-registered')).toHaveLength(1);
    expect(first.documents).toEqual({ deathExtractNumber: `KT${BIRTH_DOSSIER_ID.slice(2)}` });
  });
});

describe('service 20: household health insurance with the family discount', () => {
  const CHILD = person({
    pin: '001224000006',
    fullName: 'Trần Minh Khôi',
    birthDate: '2022-05-05',
    householdId: 'H1',
    relationToHead: 'child',
  });
  const DEAD = person({ pin: '001060000007', fullName: 'Trần Văn Mất', status: 'deceased', deathDate: '2026-01-01' });
  /** The mother holds a household card ending this year; the father has none. */
  const householdCitizens = (): Citizen[] => [
    ...FAMILY.filter((c) => c.pin !== PINS.mother),
    {
      ...MOTHER,
      healthInsurance: {
        number: 'GD4010100000555',
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
        facilityCode: '01002',
      },
    },
    CHILD,
    { ...DEAD, householdId: 'H1' } satisfies Citizen,
  ];
  const household = (): World => world(householdCitizens());

  it.each([
    ['a member who died', [PINS.father, DEAD.pin], 'body.form.members.1', 'deceased'],
    ['a citizen of another household', [PINS.stranger], 'body.form.members.0', 'not of a member'],
    ['a pensioner covered by another scheme (HT)', [PINS.father, PINS.grandfather], 'body.form.members.1', 'HT'],
    ['a child under 6 (the state pays, TE)', [CHILD.pin], 'body.form.members.0', 'under 6'],
    ['an unknown PIN', ['001099999999'], 'body.form.members.0', 'not of a member'],
    ['a member without a card when no facility is named', [PINS.father], 'body.form.members.0', 'facility'],
  ])('refuses %s (422 naming the member)', async (_what, members, field, message) => {
    const form = { members, ...(message === 'facility' ? {} : { facilityCode: '01001' }) };
    const error = await refusal(intakeOf(household(), householdHealthInsurance, PINS.father, form));
    expect(error).toMatchObject({ statusCode: 422, field });
    expect(error.message).toContain(message);
  });

  it('tells nothing of a citizen outside the household: not their name, not whether they died', async () => {
    const deadStranger = { ...DEAD, pin: '001060000008', householdId: 'H9' } satisfies Citizen;
    const w = world([...householdCitizens(), deadStranger]);
    const answers = await Promise.all(
      [PINS.stranger, deadStranger.pin, '001099999999'].map((pin) =>
        refusal(
          intakeOf(w, householdHealthInsurance, PINS.father, { members: [PINS.father, pin], facilityCode: '01001' }),
        ),
      ),
    );
    for (const answer of answers) expect(answer).toEqual({ ...answers[2], field: 'body.form.members.1' });
    const stranger = await w.population.getCitizen(PINS.stranger);
    expect(answers[0]?.message).not.toContain(stranger?.fullName);
    expect(answers[1]?.message).not.toMatch(/Mất|deceased/);
  });

  it('refuses an applicant without a household, and a card renewed too early', async () => {
    const w = world([
      { ...MOTHER, householdId: undefined },
      {
        ...FAMILY[1],
        healthInsurance: {
          number: 'GD4010100000556',
          validFrom: '2026-06-01',
          validUntil: '2027-05-31',
          facilityCode: '01002',
        },
      } as Citizen,
    ]);
    expect(
      await refusal(
        intakeOf(w, householdHealthInsurance, PINS.mother, { members: [PINS.mother], facilityCode: '01001' }),
      ),
    ).toMatchObject({ statusCode: 422, field: 'body' });
    expect(await refusal(intakeOf(w, householdHealthInsurance, PINS.father, { members: [PINS.father] }))).toMatchObject(
      { statusCode: 422, field: 'body.form.members.0' },
    );
  });

  it('computes the premium at intake as the fee lines: the first pays in full, the second 70%', async () => {
    const w = household();
    const submit = serviceIntake(w);
    const service = {
      code: 20,
      slug: 'household-health-insurance',
      name: { vi: 'BHYT', en: 'HI' },
      dueWorkingDays: 0,
      feeVnd: 0,
    };
    const form = { members: [PINS.mother, PINS.father], facilityCode: '01001' };
    const result = await submit(
      householdHealthInsurance as unknown as ServiceProcedure,
      service,
      PINS.father,
      form,
      'k1',
    );
    expect(result.dossier.status).toBe('awaiting-payment');
    expect(w.queue.sent).toEqual([]);
    const stored = await w.store.get(result.dossier.id);
    expect(stored?.service?.agency).toBe('social-security');
    expect(stored?.payment).toMatchObject({
      amountVnd: 2_148_120,
      scheduleVersion: 'household-health-insurance/base-salary-2024-07-01',
      lines: [
        { item: 'health-insurance-member-1', unitVnd: 1_263_600, amountVnd: 1_263_600 },
        { item: 'health-insurance-member-2', unitVnd: 884_520, amountVnd: 884_520 },
      ],
    });
    expect(stored?.payment?.lines[1]?.text.en).toContain('Trần Văn Bình');
  });

  it('renews each card for 12 months once, after a household card still valid, with its history', async () => {
    const w = household();
    const form = { members: [PINS.mother, PINS.father], facilityCode: '01001' };
    const dossier = serviceDossier(20, form, {
      applicantPin: PINS.father,
      payment: {
        amountVnd: 2_148_120,
        scheduleVersion: 'v',
        payBy: NOW.toISOString(),
        lines: [
          { item: 'm1', text: { vi: '', en: '' }, quantity: 1, unitVnd: 1_263_600, amountVnd: 1_263_600 },
          { item: 'm2', text: { vi: '', en: '' }, quantity: 1, unitVnd: 884_520, amountVnd: 884_520 },
        ],
      },
    });
    const context = { dossier, now: NOW, deps: w.deps };
    expect(await householdHealthInsurance.rule.check(context)).toEqual([
      expect.objectContaining({ check: 'members-may-renew', passed: true }),
      expect.objectContaining({ check: 'premium-paid', passed: false }),
    ]);
    const first = await householdHealthInsurance.rule.apply(context, PINS.officer);
    const second = await householdHealthInsurance.rule.apply(context, PINS.officer);
    expect(second.result).toEqual(first.result);
    expect(w.population.peek(PINS.mother)?.healthInsurance).toEqual({
      number: 'GD4010100000555',
      validFrom: '2027-01-01',
      validUntil: '2027-12-31',
      facilityCode: '01002',
      dossierId: dossier.id,
    });
    expect(w.population.peek(PINS.father)?.healthInsurance).toMatchObject({
      number: expect.stringMatching(/^GD401\d{10}$/),
      validFrom: TODAY,
      validUntil: '2027-11-22',
      facilityCode: '01001',
      dossierId: dossier.id,
    });
    expect(w.population.history.filter((h) => h.change.action === 'health-insurance-renewed')).toHaveLength(2);
    expect(first.result).toMatchObject({ premiumTotalVnd: 2_148_120 });
    expect(await householdHealthInsurance.rule.applied(context)).toBe(true);
  });

  /** Service 20's approval context for the mother and the father, in the household world `w`. */
  const renewalOf = (w: World) => ({
    dossier: serviceDossier(
      20,
      { members: [PINS.mother, PINS.father], facilityCode: '01001' },
      { applicantPin: PINS.father },
    ),
    now: NOW,
    deps: w.deps,
  });
  /** Makes the next `times` card writes of `pin` meet a change of that record made just before (another writer). */
  const interleave = (w: World, pin: string, times: number) => {
    const update = w.population.updateCitizen.bind(w.population);
    let left = times;
    w.population.updateCitizen = async (before, after, change) => {
      if (before.pin === pin && after.healthInsurance?.dossierId !== undefined && left-- > 0) {
        const current = (await w.population.getCitizen(pin)) ?? before;
        const { version: _c, ...now } = current;
        await update(current, { ...now, oldIdNumber: `01234567${left}` }, { ...change, action: 'x' });
      }
      return update(before, after, change);
    };
  };

  it("writes the second member's card again when their record changed after the first's was written", async () => {
    const w = household();
    interleave(w, PINS.father, 1);
    const context = renewalOf(w);
    const result = await householdHealthInsurance.rule.apply(context, PINS.officer);
    expect((result.result.members as unknown[]).length).toBe(2);
    const father = w.population.peek(PINS.father);
    expect(father?.healthInsurance).toMatchObject({ dossierId: context.dossier.id, facilityCode: '01001' });
    // The other writer's change stays: the card was written on the record read again.
    expect(father?.oldIdNumber).toBe('012345670');
    expect(w.population.history.filter((h) => h.change.action === 'health-insurance-renewed')).toHaveLength(2);
  });

  it('never refuses once a card is written: a write that keeps failing is a failure to approve again, not a 409', async () => {
    const w = household();
    // As many conflicts as the rule writes again (4), then the other writer is done.
    interleave(w, PINS.father, 4);
    const context = renewalOf(w);
    const error = await householdHealthInsurance.rule.apply(context, PINS.officer).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Not a DomainError: the engine keeps the approval's claim, so nobody can reject (and refund) the dossier.
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(await householdHealthInsurance.rule.applied(context)).toBe(true);
    // The father dies meanwhile; approving again completes what was paid for, without refusing.
    const father = await w.population.getCitizen(PINS.father);
    if (!father) throw new Error('no father');
    const { version: _v, ...record } = father;
    await w.population.updateCitizen(
      father,
      { ...record, status: 'deceased', deathDate: TODAY },
      {
        actor: 'x',
        action: 'death-registered',
        reason: 'test',
        at: NOW.toISOString(),
      },
    );
    const done = await householdHealthInsurance.rule.apply(context, PINS.officer);
    expect((done.result.members as unknown[]).length).toBe(2);
    expect(w.population.peek(PINS.father)?.healthInsurance?.dossierId).toBe(context.dossier.id);
  });

  it('refuses with a 409, writing nothing, when the first card cannot be written', async () => {
    const w = household();
    interleave(w, PINS.mother, 10);
    await expect(householdHealthInsurance.rule.apply(renewalOf(w), PINS.officer)).rejects.toBeInstanceOf(ConflictError);
    expect(w.population.peek(PINS.father)?.healthInsurance).toBeUndefined();
  });

  it('refuses approval, writing nothing, when a member died since the dossier was filed', async () => {
    const w = household();
    const form = { members: [PINS.father, PINS.mother], facilityCode: '01001' };
    const context = { dossier: serviceDossier(20, form, { applicantPin: PINS.father }), now: NOW, deps: w.deps };
    const mother = await w.population.getCitizen(PINS.mother);
    if (!mother) throw new Error('no mother');
    const { version: _v, ...record } = mother;
    await w.population.updateCitizen(
      mother,
      { ...record, status: 'deceased', deathDate: TODAY },
      {
        actor: 'x',
        action: 'death-registered',
        reason: 'test',
        at: NOW.toISOString(),
      },
    );
    await expect(householdHealthInsurance.rule.apply(context, PINS.officer)).rejects.toThrow('deceased');
    expect(w.population.peek(PINS.father)?.healthInsurance).toBeUndefined();
    expect(HANOI_RESIDENCE.provinceCode).toBe('01');
  });
});

describe('service 16: marriage registration', () => {
  const groom = person({ pin: '001098000021', fullName: 'Lý Văn Hùng', birthDate: '1998-04-02' });
  const bride = person({ pin: '001300000022', fullName: 'Đỗ Thị Mai', sex: 'female', birthDate: '2000-05-06' });
  const marriedWoman = person({
    pin: '001300000023',
    fullName: 'Phạm Thị Lan',
    sex: 'female',
    birthDate: '1999-01-01',
    spousePin: '001097000029',
  });
  const girl = person({ pin: '001310000024', fullName: 'Vũ Thị Hoa', sex: 'female', birthDate: '2010-01-01' });
  const sister = person({
    pin: '001301000025',
    fullName: 'Lý Thị Thu',
    sex: 'female',
    birthDate: '2001-03-03',
    motherPin: '001170000026',
  });
  const groomWithMother = { ...groom, motherPin: sister.motherPin };
  const dead = person({ pin: '001301000027', sex: 'female', birthDate: '2001-01-01', status: 'deceased' });
  const otherMan = person({ pin: '001097000028', fullName: 'Hà Văn Tú', birthDate: '1997-02-02' });
  const w = () => world([groomWithMother, bride, marriedWoman, girl, sister, dead, otherMan]);

  it("refuses at intake only on the applicant's own record, a PIN of no living citizen, or the same sex", async () => {
    const cases: [string, string, string][] = [
      [groom.pin, dead.pin, 'Name a living citizen other than yourself.'],
      [groom.pin, '001301999999', 'Name a living citizen other than yourself.'],
      [groom.pin, groom.pin, 'Name a living citizen other than yourself.'],
      [groom.pin, otherMan.pin, 'The law recognises a marriage between a man and a woman only.'],
      [marriedWoman.pin, otherMan.pin, 'You are married according to the NPDB.'],
      [girl.pin, otherMan.pin, 'You are under the marriageable age (a man 20, a woman 18).'],
    ];
    for (const [applicant, partnerPin, message] of cases) {
      expect(await refusal(intakeOf(w(), marriageRegistration, applicant, { partnerPin }))).toMatchObject({
        statusCode: 422,
        message,
      });
    }
  });

  it.each([
    ['married', marriedWoman, 'The partner is married according to the NPDB.'],
    ['under the marriageable age', girl, 'The partner is under the marriageable age (a man 20, a woman 18).'],
    ['a sibling', sister, 'The two are close relatives (parent and child, or siblings), who may not marry.'],
  ])('tells the applicant nothing of a partner who is %s: the officer finds it', async (_what, partner, finding) => {
    const world_ = w();
    // Accepted at intake as any other partner: no answer tells whoever typed the PIN about its holder.
    await expect(intakeOf(world_, marriageRegistration, groom.pin, { partnerPin: partner.pin })).resolves.toMatchObject(
      {
        parties: [partner.pin],
      },
    );
    const dossier = fixtureServiceDossier(16, { partnerPin: partner.pin }, { applicantPin: groom.pin }, 'civil-status');
    const findings = await marriageRegistration.rule.check({ dossier, now: NOW, deps: world_.deps });
    expect(findings).toContainEqual(
      expect.objectContaining({ check: 'no-impediment', passed: false, detail: finding }),
    );
  });

  it('finds no impediment for two who may marry, and still waits for both in person', async () => {
    const dossier = fixtureServiceDossier(16, { partnerPin: bride.pin }, { applicantPin: groom.pin }, 'civil-status');
    const findings = await marriageRegistration.rule.check({ dossier, now: NOW, deps: w().deps });
    expect(findings.map((f) => [f.check, f.passed])).toEqual([
      ['no-impediment', true],
      ['both-parties-consent', false],
    ]);
  });
});
