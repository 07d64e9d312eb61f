import { describe, expect, it } from 'vitest';
import { legacyProvinceCodeForBirthRegistration } from '../../../../shared/domain/birth-registration.ts';
import { teCardValidUntil } from '../../../../shared/domain/child-health-insurance.ts';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import { parsePin, validatePinFor } from '../../../../shared/domain/pin.ts';
import { STEP_IDS, STEPS, type StepId } from '../../../../shared/dossiers/catalogue.ts';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import { STEP_RULES, stepAgency } from '../../../../shared/dossiers/step-rules.ts';
import {
  BIRTH_DOSSIER_ID,
  birthDossier,
  birthForm,
  DEATH_DOSSIER_ID,
  deathDossier,
  deathForm,
  FAMILY,
  GRANDFATHER,
  MOTHER,
  NOW,
  PINS,
  person,
  STRANGER,
  TODAY,
  type World,
  world,
} from './fixtures.ts';

const at = (iso: string) => new Date(iso);

/** The step's findings as `{ check: passed }`. */
const checks = async (w: World, stepId: StepId, dossier: Dossier, now: Date = NOW) =>
  Object.fromEntries(
    (await STEP_RULES[stepId].check({ dossier, now, deps: w.deps })).map((f) => [f.check, f.passed] as const),
  );
const allPassed = (found: Record<string, boolean>) => Object.values(found).every(Boolean);
const apply = (w: World, stepId: StepId, dossier: Dossier, now: Date = NOW) =>
  STEP_RULES[stepId].apply({ dossier, now, deps: w.deps }, PINS.officer);

const withCitizen = (overrides: Partial<Citizen> & Pick<Citizen, 'pin'>) =>
  FAMILY.map((c) => (c.pin === overrides.pin ? { ...c, ...overrides } : c));

/** The grandfather's death registered, as it is when the benefit steps run. */
const afterRegisteredDeath = () =>
  world(withCitizen({ pin: PINS.grandfather, status: 'deceased', deathDate: '2026-11-20' }));

/** Runs RegisterBirth and returns the dossier as the workflow sees it afterwards (with the child's PIN). */
const withChild = async (w: World, dossier: Dossier = birthDossier()): Promise<Dossier> => {
  const effect = await apply(w, 'RegisterBirth', dossier);
  return { ...dossier, documents: { ...dossier.documents, ...effect.documents } };
};

describe('STEP_RULES', () => {
  it('has a rule for every step of the catalogue', () => {
    expect(Object.keys(STEP_RULES).sort()).toEqual([...STEP_IDS].sort());
  });
});

// ---------------------------------------------------------------------------------------- group 1

describe('RegisterBirth: checks', () => {
  it('passes a mother registering her own child born 13 days ago with the hospital certificate', async () => {
    const found = await checks(world(), 'RegisterBirth', birthDossier());
    expect(found).toEqual({
      'mother-in-npdb': true,
      'applicant-is-parent': true,
      'within-60-days': true,
      'birth-certificate': true,
      'no-child-registered-that-day': true,
      'father-in-npdb': true,
    });
  });

  it('sends a second birth of the same mother on the same day to an officer (twins, or the same child twice)', async () => {
    const w = world();
    const first = await withChild(w);
    expect(first.documents.pin).toBeDefined();
    const second = birthDossier({ id: 'HS01-20261123-ZZZZZZZZZZ' });
    const found = await checks(w, 'RegisterBirth', second);
    expect(found['no-child-registered-that-day']).toBe(false);
  });

  it('lets the father apply too, and leaves the father check out when no father is named', async () => {
    expect(allPassed(await checks(world(), 'RegisterBirth', birthDossier({ applicantPin: PINS.father })))).toBe(true);
    const { fatherPin: _f, ...form } = birthForm();
    const found = await checks(world(), 'RegisterBirth', birthDossier({}, form));
    expect(found['father-in-npdb']).toBeUndefined();
    expect(allPassed(found)).toBe(true);
  });

  it('fails the mother check when she is not female, not alive or not in the NPDB', async () => {
    const male = world(withCitizen({ pin: PINS.mother, sex: 'male' }));
    expect((await checks(male, 'RegisterBirth', birthDossier()))['mother-in-npdb']).toBe(false);
    const dead = world(withCitizen({ pin: PINS.mother, status: 'deceased', deathDate: '2026-11-10' }));
    expect((await checks(dead, 'RegisterBirth', birthDossier()))['mother-in-npdb']).toBe(false);
    const missing = world(FAMILY.filter((c) => c.pin !== PINS.mother));
    const findings = await STEP_RULES.RegisterBirth.check({ dossier: birthDossier(), now: NOW, deps: missing.deps });
    expect(findings.find((f) => f.check === 'mother-in-npdb')).toEqual({
      check: 'mother-in-npdb',
      passed: false,
      detail: 'no citizen with this PIN',
    });
  });

  it('fails the father check when the named father is not male or not in the NPDB', async () => {
    const female = world(withCitizen({ pin: PINS.father, sex: 'female' }));
    expect((await checks(female, 'RegisterBirth', birthDossier()))['father-in-npdb']).toBe(false);
    const missing = world(FAMILY.filter((c) => c.pin !== PINS.father));
    expect((await checks(missing, 'RegisterBirth', birthDossier()))['father-in-npdb']).toBe(false);
  });

  it('fails when the applicant is not a parent', async () => {
    const found = await checks(world(), 'RegisterBirth', birthDossier({ applicantPin: PINS.stranger }));
    expect(found['applicant-is-parent']).toBe(false);
    expect(found['mother-in-npdb']).toBe(true);
  });

  it('counts 60 days: born 60 days ago passes, 61 days ago fails, tomorrow fails', async () => {
    const w = world();
    const bornOn = (birthDate: string) =>
      birthDossier(
        {},
        birthForm({
          child: { fullName: 'Mai', sex: 'female', birthDate },
          birthCertificate: { number: 'CS-1', facilityCode: '01001', issuedOn: birthDate },
        }),
      );
    expect((await checks(w, 'RegisterBirth', bornOn('2026-09-24')))['within-60-days']).toBe(true);
    expect((await checks(w, 'RegisterBirth', bornOn('2026-09-23')))['within-60-days']).toBe(false);
    expect((await checks(w, 'RegisterBirth', bornOn('2026-11-24')))['within-60-days']).toBe(false);
  });

  // The 60-day (and 15-day) limits are met by filing in time: a dossier submitted on day 60 whose step opens after
  // midnight (a backed-up queue, a DLQ redrive, a retried task) is not a late registration.
  it('measures the 60 days to the submission, not to the moment the step is checked', async () => {
    const submittedOnDay60 = birthDossier({ submittedAt: '2027-01-09T16:30:00.000Z', receiptDate: '2027-01-11' });
    const found = await checks(world(), 'RegisterBirth', submittedOnDay60, at('2027-01-09T17:30:00.000Z'));
    expect(found['within-60-days']).toBe(true);
  });

  it('fails the certificate check when it was issued before the birth or after today', async () => {
    const w = world();
    const before = birthForm({ birthCertificate: { number: 'CS-1', facilityCode: '01001', issuedOn: '2026-11-09' } });
    expect((await checks(w, 'RegisterBirth', birthDossier({}, before)))['birth-certificate']).toBe(false);
    const future = birthForm({ birthCertificate: { number: 'CS-1', facilityCode: '01001', issuedOn: '2026-11-24' } });
    expect((await checks(w, 'RegisterBirth', birthDossier({}, future)))['birth-certificate']).toBe(false);
  });
});

describe('RegisterBirth: apply', () => {
  it('issues the e-birth certificate numbered KS + the dossier ID without HS, to the applicant, stating the PIN', async () => {
    const w = world();
    const effect = await apply(w, 'RegisterBirth', birthDossier());
    const number = `KS${BIRTH_DOSSIER_ID.slice(2)}`;
    const pin = String(effect.result.pin);
    expect(number).toBe('KS01-20261123-ABCDEFGHJK');
    expect(effect.documents).toEqual({ birthCertificateNumber: number, pin });
    expect(effect.result).toEqual({
      birthCertificateNumber: number,
      verificationCode: expect.stringMatching(/^[0-9A-F]{12}$/),
      pin: expect.stringMatching(/^001326\d{6}$/),
    });
    expect(w.documents.documents.get(number)).toMatchObject({
      type: 'birth-certificate',
      issuedTo: { type: 'citizen', id: PINS.mother },
      subject: { pin, fullName: 'Trần Thị Mai', birthDate: '2026-11-10' },
      dossierId: BIRTH_DOSSIER_ID,
      issuedAt: NOW.toISOString(),
    });
    expect(effect.text.vi).toContain(number);
    expect(effect.text.vi).toContain(`Đã cấp số định danh cá nhân ${pin}`);
  });

  it('counts as applied once the PIN is issued, even if the certificate never was (an approver died between)', async () => {
    const w = world();
    const context = { dossier: birthDossier(), now: NOW, deps: w.deps };
    expect(await STEP_RULES.RegisterBirth.applied(context)).toBe(false);
    await w.population.createWithIssuedPin(
      person({ pin: '001326123456', sex: 'female', birthDate: '2026-11-10' }),
      { actor: PINS.officer, action: 'birth-registered', reason: 'test', at: NOW.toISOString() },
      { key: `BIRTH#${BIRTH_DOSSIER_ID}`, value: '001326123456' },
    );
    expect(w.documents.documents.size).toBe(0);
    expect(await STEP_RULES.RegisterBirth.applied(context)).toBe(true);
    // The approval that completes it finds the PIN, and the certificate states that one.
    const effect = await apply(w, 'RegisterBirth', birthDossier());
    expect(effect.result.pin).toBe('001326123456');
    expect(w.documents.documents.get(String(effect.documents?.birthCertificateNumber))?.subject).toMatchObject({
      pin: '001326123456',
    });
  });

  it('is idempotent: a second run returns the stored document (same verification code)', async () => {
    const w = world();
    const first = await apply(w, 'RegisterBirth', birthDossier());
    const second = await apply(w, 'RegisterBirth', birthDossier(), at('2026-11-23T05:00:00Z'));
    expect(second.result).toEqual(first.result);
    expect(w.documents.documents.size).toBe(1);
  });
});

describe("RegisterBirth: the child's PIN", () => {
  it('issues a valid PIN for a girl born in 2026 registered in Hà Nội, and creates the child in the NPDB', async () => {
    const w = world();
    const effect = await apply(w, 'RegisterBirth', birthDossier());
    const pin = String(effect.result.pin);
    const parsed = parsePin(pin, { today: TODAY });
    expect(parsed.ok).toBe(true);
    expect(pin.slice(0, 3)).toBe(legacyProvinceCodeForBirthRegistration('01', '00070'));
    expect(pin.slice(0, 3)).toBe('001');
    expect(pin[3]).toBe('3'); // 2000s, female
    expect(pin.slice(4, 6)).toBe('26');
    expect(validatePinFor(pin, { sex: 'female', birthDate: '2026-11-10' })).toEqual({ ok: true });
    expect(effect.documents).toMatchObject({ pin });
    expect(w.population.peek(pin)).toMatchObject({
      pin,
      fullName: 'Trần Thị Mai',
      sex: 'female',
      birthDate: '2026-11-10',
      status: 'alive',
      motherPin: PINS.mother,
      fatherPin: PINS.father,
      ethnicity: 'Kinh',
      nationality: 'VN',
      permanentResidence: { communeCode: '00070', provinceCode: '01', since: '2026-11-10' },
    });
    expect(w.population.history.at(-1)?.change).toMatchObject({ actor: PINS.officer, action: 'birth-registered' });
  });

  it('uses the legacy code of the province the registering commune was formed in (Hà Nam → 035), and 2 for a boy', async () => {
    const w = world();
    const dossier = birthDossier(
      { provinceCode: '37', communeCode: '13504' },
      birthForm({
        householdOf: PINS.grandmotherElsewhere,
        child: { fullName: 'Trần Văn Nam', sex: 'male', birthDate: '2026-11-10' },
      }),
    );
    const pin = String((await apply(w, 'RegisterBirth', dossier)).result.pin);
    expect(pin.slice(0, 6)).toBe('035226');
    expect(w.population.peek(pin)?.permanentResidence.communeCode).toBe('13504');
  });

  it('creates the child once when it runs twice: the second run returns the same PIN', async () => {
    const w = world();
    const first = await apply(w, 'RegisterBirth', birthDossier());
    const second = await apply(w, 'RegisterBirth', birthDossier());
    expect(second.result).toEqual(first.result);
    expect([...w.population.citizens.values()].filter((c) => c.motherPin === PINS.mother)).toHaveLength(1);
    expect(w.serials.counters.get('PIN#001326')).toBe(1);
  });

  it('creates the child once when two runs race (the birth claim decides; the loser answers the winner PIN)', async () => {
    const w = world();
    const results = await Promise.all([
      apply(w, 'RegisterBirth', birthDossier()),
      apply(w, 'RegisterBirth', birthDossier()),
      apply(w, 'RegisterBirth', birthDossier()),
    ]);
    const pins = new Set(results.map((r) => r.result.pin));
    expect(pins.size).toBe(1);
    const children = [...w.population.citizens.values()].filter((c) => c.motherPin === PINS.mother);
    expect(children.map((c) => c.pin)).toEqual([...pins]);
    expect(w.population.claims.get(`BIRTH#${BIRTH_DOSSIER_ID}`)).toBe(children[0]?.pin);
  });

  it('skips serials whose PIN a citizen already holds (e.g. migrated records)', async () => {
    const holder = person({ pin: '001326000001', sex: 'female', birthDate: '2026-01-01' });
    const issued = person({ pin: '001326000002', sex: 'female', birthDate: '2026-02-01' });
    const w = world([...FAMILY, holder, issued]);
    const effect = await apply(w, 'RegisterBirth', birthDossier());
    expect(effect.result.pin).toBe('001326000003');
  });

  it('fails when the household person is not in the NPDB (nothing is created)', async () => {
    const w = world(FAMILY.filter((c) => c.pin !== PINS.mother));
    await expect(apply(w, 'RegisterBirth', birthDossier())).rejects.toBeInstanceOf(ConflictError);
    expect(w.population.claims.size).toBe(0);
    expect(w.documents.documents.size).toBe(0);
  });
});

describe('RegisterPermanentResidence', () => {
  it('passes when the child has a PIN and the applicant heads the household', async () => {
    const w = world();
    const dossier = await withChild(w, birthDossier({ applicantPin: PINS.father }));
    expect(await checks(w, 'RegisterPermanentResidence', dossier)).toEqual({
      'child-has-pin': true,
      'household-exists': true,
      'household-head-confirms': true,
    });
  });

  it('asks for the household head to confirm when the applicant is not the head, naming nobody (officers read it)', async () => {
    const w = world();
    const dossier = await withChild(w);
    const findings = await STEP_RULES.RegisterPermanentResidence.check({ dossier, now: NOW, deps: w.deps });
    expect(findings.find((f) => f.check === 'household-head-confirms')).toEqual({
      check: 'household-head-confirms',
      passed: false,
      detail: 'the household head (not the applicant) must confirm',
    });
  });

  it('fails without the child PIN, and when the named person has no household', async () => {
    const noHousehold = world(withCitizen({ pin: PINS.mother, householdId: undefined }));
    const found = await checks(noHousehold, 'RegisterPermanentResidence', birthDossier());
    expect(found['child-has-pin']).toBe(false);
    expect(found['household-exists']).toBe(false);
    expect(found['household-head-confirms']).toBe(false);
  });

  it("joins the child to the household as 'child' when a parent heads it, from today", async () => {
    const w = world();
    const dossier = await withChild(w);
    const pin = String(dossier.documents.pin);
    const effect = await apply(w, 'RegisterPermanentResidence', dossier);
    expect(effect.result).toEqual({ householdId: 'H1', relationToHead: 'child', communeCode: '00070' });
    expect(w.population.peek(pin)).toMatchObject({
      householdId: 'H1',
      relationToHead: 'child',
      permanentResidence: { communeCode: '00070', addressLine: 'Số 12 phố Hàng Bạc', since: TODAY },
      version: 2,
    });
    // Twice: nothing changes the second time.
    await apply(w, 'RegisterPermanentResidence', dossier);
    expect(w.population.peek(pin)?.version).toBe(2);
  });

  it("joins as 'other' when someone who is not a parent heads the household", async () => {
    const w = world();
    const dossier = await withChild(
      w,
      birthDossier({ provinceCode: '37', communeCode: '13504' }, birthForm({ householdOf: PINS.grandmotherElsewhere })),
    );
    const effect = await apply(w, 'RegisterPermanentResidence', dossier);
    expect(effect.result).toMatchObject({ householdId: 'H3', relationToHead: 'other', communeCode: '13504' });
  });

  it('refuses to apply without the child in the NPDB', async () => {
    await expect(apply(world(), 'RegisterPermanentResidence', birthDossier())).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('IssueChildHealthInsurance', () => {
  it('passes for a child in the NPDB under 6 and fails without the child', async () => {
    const w = world();
    const dossier = await withChild(w);
    expect(await checks(w, 'IssueChildHealthInsurance', dossier)).toEqual({ 'child-has-pin': true, 'under-six': true });
    expect(await checks(w, 'IssueChildHealthInsurance', birthDossier())).toEqual({
      'child-has-pin': false,
      'under-six': false,
    });
  });

  it('fails the age check for a child of 6', async () => {
    const child = person({ pin: '001320000001', sex: 'female', birthDate: '2020-11-23' });
    const w = world([...FAMILY, child]);
    const dossier = birthDossier({ documents: { pin: child.pin } });
    expect((await checks(w, 'IssueChildHealthInsurance', dossier))['under-six']).toBe(false);
    const younger = world([...FAMILY, { ...child, birthDate: '2020-11-24' }]);
    expect((await checks(younger, 'IssueChildHealthInsurance', dossier))['under-six']).toBe(true);
  });

  it('issues a TE card TE1<province><10 digits> valid from birth to the 72-month rule, paid by the state', async () => {
    const w = world();
    const dossier = await withChild(w);
    const pin = String(dossier.documents.pin);
    const effect = await apply(w, 'IssueChildHealthInsurance', dossier);
    const number = String(effect.result.cardNumber);
    expect(number).toMatch(/^TE101\d{10}$/);
    expect(number).toBe('TE1010100000001');
    expect(effect.result).toMatchObject({
      category: 'TE',
      validFrom: '2026-11-10',
      validUntil: teCardValidUntil('2026-11-10'),
      premiumMonthlyVnd: 105_300,
      premiumAnnualVnd: 1_263_600,
      paidBy: 'state budget',
    });
    expect(effect.documents).toEqual({ healthInsuranceCardNumber: number, healthInsuranceValidUntil: '2032-11-10' });
    expect(w.population.peek(pin)?.healthInsurance).toEqual({
      number,
      validFrom: '2026-11-10',
      validUntil: '2032-11-10',
      facilityCode: '01001',
      // The dossier that issued it: a rejection over this very card is refused (ownEffectWritten).
      dossierId: dossier.id,
    });
  });

  it('reuses the card on a second run without taking another serial', async () => {
    const w = world();
    const dossier = await withChild(w);
    const first = await apply(w, 'IssueChildHealthInsurance', dossier);
    const second = await apply(w, 'IssueChildHealthInsurance', dossier);
    expect(second.result.cardNumber).toBe(first.result.cardNumber);
    expect(w.serials.counters.get('SI#01')).toBe(1);
  });

  it('reuses a card the child already holds', async () => {
    const card = {
      number: 'TE1010100000777',
      validFrom: '2026-11-10',
      validUntil: '2032-11-10',
      facilityCode: '01002',
    };
    const child = person({ pin: '001326000009', sex: 'female', birthDate: '2026-11-10', healthInsurance: card });
    const w = world([...FAMILY, child]);
    const effect = await apply(w, 'IssueChildHealthInsurance', birthDossier({ documents: { pin: child.pin } }));
    expect(effect.result.cardNumber).toBe(card.number);
    expect(w.serials.counters.size).toBe(0);
    expect(w.population.peek(child.pin)?.version).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------- group 2

describe('RegisterDeath: checks', () => {
  it('passes a son registering his father who died 3 days ago', async () => {
    expect(await checks(world(), 'RegisterDeath', deathDossier())).toEqual({
      'deceased-in-npdb': true,
      'death-date': true,
      'within-15-days': true,
      'applicant-is-relative': true,
    });
  });

  it('fails when the deceased is already recorded as dead, or unknown', async () => {
    const dead = world(withCitizen({ pin: PINS.grandfather, status: 'deceased', deathDate: '2026-11-01' }));
    expect((await checks(dead, 'RegisterDeath', deathDossier()))['deceased-in-npdb']).toBe(false);
    const unknown = world(FAMILY.filter((c) => c.pin !== PINS.grandfather));
    const found = await checks(unknown, 'RegisterDeath', deathDossier());
    expect(found['deceased-in-npdb']).toBe(false);
    expect(found['death-date']).toBe(false);
    expect(found['applicant-is-relative']).toBe(false);
  });

  it.each([
    ['a household member', { applicantPin: PINS.mother }, true],
    ['a stranger', { applicantPin: PINS.stranger }, false],
  ])('judges %s as applicant', async (_who, overrides, passed) => {
    expect((await checks(world(), 'RegisterDeath', deathDossier(overrides)))['applicant-is-relative']).toBe(passed);
  });

  it('accepts a spouse, a parent or a child outside the household as relatives', async () => {
    const spouse = { ...STRANGER, householdId: 'H9' };
    const deceased = { ...GRANDFATHER, householdId: 'H8', spousePin: STRANGER.pin };
    const w = world([...FAMILY.filter((c) => c.pin !== GRANDFATHER.pin && c.pin !== STRANGER.pin), spouse, deceased]);
    expect(
      (await checks(w, 'RegisterDeath', deathDossier({ applicantPin: STRANGER.pin })))['applicant-is-relative'],
    ).toBe(true);
    // The father (applicant) names the deceased as his father: child of the deceased, different household.
    expect((await checks(w, 'RegisterDeath', deathDossier()))['applicant-is-relative']).toBe(true);
    // The deceased's mother.
    const mother = person({ pin: '001130000007', sex: 'female', birthDate: '1930-01-01', householdId: 'H7' });
    const withMother = world([
      ...FAMILY.filter((c) => c.pin !== GRANDFATHER.pin),
      { ...deceased, motherPin: mother.pin },
      mother,
    ]);
    expect(
      (await checks(withMother, 'RegisterDeath', deathDossier({ applicantPin: mother.pin })))['applicant-is-relative'],
    ).toBe(true);
  });

  it('counts 15 days: died 15 days ago passes, 16 fails', async () => {
    const w = world();
    const diedOn = (deathDate: string) => deathDossier({}, deathForm({ deathDate }));
    expect((await checks(w, 'RegisterDeath', diedOn('2026-11-08')))['within-15-days']).toBe(true);
    expect((await checks(w, 'RegisterDeath', diedOn('2026-11-07')))['within-15-days']).toBe(false);
  });

  it('fails the date check for a death in the future or before the birth', async () => {
    const w = world();
    expect(
      (await checks(w, 'RegisterDeath', deathDossier({}, deathForm({ deathDate: '2026-11-24' }))))['death-date'],
    ).toBe(false);
    expect(
      (await checks(w, 'RegisterDeath', deathDossier({}, deathForm({ deathDate: '1950-01-01' }))))['death-date'],
    ).toBe(false);
  });
});

describe('RegisterDeath: apply', () => {
  it('marks the citizen deceased on the date, disables the e-ID account and issues the e-death extract', async () => {
    const w = world();
    const effect = await apply(w, 'RegisterDeath', deathDossier());
    expect(w.population.peek(PINS.grandfather)).toMatchObject({
      status: 'deceased',
      deathDate: '2026-11-20',
      version: 2,
    });
    expect(w.accounts.accounts.get(PINS.grandfather)).toEqual({
      status: 'disabled',
      disabledBy: DEATH_DOSSIER_ID,
      disabledReason: 'deceased',
    });
    const number = `KT${DEATH_DOSSIER_ID.slice(2)}`;
    expect(effect.result).toMatchObject({ deathExtractNumber: number, accountDisabled: true });
    expect(effect.documents).toEqual({ deathExtractNumber: number });
    expect(w.documents.documents.get(number)).toMatchObject({
      type: 'death-extract',
      subject: { pin: PINS.grandfather, fullName: 'Trần Văn Cường', birthDate: '1952-06-15' },
      issuedTo: { type: 'citizen', id: PINS.father },
    });
  });

  it('is idempotent: a second run changes nothing and returns the same extract', async () => {
    const w = world();
    const first = await apply(w, 'RegisterDeath', deathDossier());
    const second = await apply(w, 'RegisterDeath', deathDossier());
    expect(second.result).toEqual(first.result);
    expect(w.population.peek(PINS.grandfather)?.version).toBe(2);
    expect(w.documents.documents.size).toBe(1);
  });

  it('reports a citizen without an e-ID account (accountDisabled false)', async () => {
    const w = world();
    w.accounts.accounts.delete(PINS.grandfather);
    expect((await apply(w, 'RegisterDeath', deathDossier())).result.accountDisabled).toBe(false);
  });

  it('refuses a death date that conflicts with the one already recorded', async () => {
    const w = world(withCitizen({ pin: PINS.grandfather, status: 'deceased', deathDate: '2026-11-01' }));
    await expect(apply(w, 'RegisterDeath', deathDossier())).rejects.toBeInstanceOf(ConflictError);
    expect(w.documents.documents.size).toBe(0);
  });
});

describe('DeletePermanentResidence', () => {
  it('checks that the death is registered', async () => {
    const w = world();
    expect(await checks(w, 'DeletePermanentResidence', deathDossier())).toEqual({ 'death-registered': false });
    await apply(w, 'RegisterDeath', deathDossier());
    expect(await checks(w, 'DeletePermanentResidence', deathDossier())).toEqual({ 'death-registered': true });
  });

  it('refuses to apply before the death is registered', async () => {
    await expect(apply(world(), 'DeletePermanentResidence', deathDossier())).rejects.toBeInstanceOf(ConflictError);
  });

  it('removes the household membership and keeps it in permanentResidenceDeleted for a reversal', async () => {
    const w = world();
    await apply(w, 'RegisterDeath', deathDossier());
    const effect = await apply(w, 'DeletePermanentResidence', deathDossier());
    expect(effect.result).toEqual({ deletedOn: TODAY });
    const record = w.population.peek(PINS.grandfather);
    expect(record?.householdId).toBeUndefined();
    expect(record?.relationToHead).toBeUndefined();
    expect(record?.permanentResidence).toEqual(GRANDFATHER.permanentResidence);
    expect(record?.permanentResidenceDeleted).toEqual({
      on: TODAY,
      reason: 'death',
      dossierId: DEATH_DOSSIER_ID,
      householdId: 'H1',
      relationToHead: 'parent',
    });
    // A second run keeps the first deletion.
    await apply(w, 'DeletePermanentResidence', deathDossier(), at('2026-11-25T03:00:00Z'));
    expect(w.population.peek(PINS.grandfather)?.permanentResidenceDeleted?.on).toBe(TODAY);
  });

  it("tells the family when the head's death leaves the others without head, also when run again", async () => {
    const w = world();
    const fathersDeath = deathDossier({}, deathForm({ deceasedPin: PINS.father, funeralAllowance: undefined }));
    await apply(w, 'RegisterDeath', fathersDeath);
    for (const run of [1, 2]) {
      const effect = await apply(w, 'DeletePermanentResidence', fathersDeath);
      expect(effect.result, `run ${run}`).toEqual({ deletedOn: TODAY, householdWithoutHead: 'H1' });
      expect(effect.text.en).toContain('Household H1 has no head any more: its members agree on a new one');
      expect(effect.text.vi).toContain('Hộ gia đình H1 không còn chủ hộ');
    }
    // A sole survivor heads the household by law: the family is told to record it.
    const widow = world(FAMILY.filter((c) => c.pin !== PINS.grandfather));
    await apply(widow, 'RegisterDeath', fathersDeath);
    const alone = await apply(widow, 'DeletePermanentResidence', fathersDeath);
    expect(alone.result).toEqual({ deletedOn: TODAY, householdWithoutHead: 'H1' });
    expect(alone.text.en).toContain(`${MOTHER.fullName} is the only member left in household H1 and so heads it`);
    expect(alone.text.vi).toContain('là thành viên duy nhất còn lại của hộ H1 nên là chủ hộ');
    // The death of a member who is not the head (the grandfather's) says nothing of the household.
    await apply(w, 'RegisterDeath', deathDossier());
    const effect = await apply(w, 'DeletePermanentResidence', deathDossier());
    expect(effect.result).toEqual({ deletedOn: TODAY });
    expect(effect.text.en).not.toContain('no head');
  });
});

describe('GrantFuneralAllowance', () => {
  const claim = (basis: string, card: string | undefined) => {
    const grandfather = {
      ...GRANDFATHER,
      healthInsurance: card ? { ...GRANDFATHER.healthInsurance, number: card } : undefined,
    };
    const w = world([...FAMILY.filter((c) => c.pin !== PINS.grandfather), grandfather as Citizen]);
    return { w, dossier: deathDossier({}, deathForm({ funeralAllowance: { basis, recipientPin: PINS.father } })) };
  };

  it.each([
    ['insured', 'DN4010100000001', true],
    ['insured', 'HC4010100000001', true],
    ['insured', 'HT2010100000001', false],
    ['pensioner', 'HT2010100000001', true],
    ['pensioner', 'DN4010100000001', false],
    ['social-protection', 'BT2010100000001', true],
    ['social-protection', 'DN4010100000001', false],
    ['insured', undefined, false],
  ])('basis %s with a %s health-insurance card: evidence %s', async (basis, card, passed) => {
    const { w, dossier } = claim(basis, card);
    expect((await checks(w, 'GrantFuneralAllowance', dossier))['basis-evidence']).toBe(passed);
  });

  it('fails without a claim, and when the recipient is not alive', async () => {
    const w = world();
    const { funeralAllowance: _f, ...form } = deathForm({ alsoRequest: [] });
    expect(await checks(w, 'GrantFuneralAllowance', deathDossier({}, form))).toEqual({
      'claim-present': false,
      'recipient-in-npdb': false,
      'basis-evidence': false,
    });
    const deadRecipient = world(withCitizen({ pin: PINS.father, status: 'deceased', deathDate: '2026-11-20' }));
    expect((await checks(deadRecipient, 'GrantFuneralAllowance', deathDossier()))['recipient-in-npdb']).toBe(false);
  });

  it.each([
    ['insured', '2026-11-20', 23_400_000, 'social-security'],
    ['pensioner', '2024-07-01', 23_400_000, 'social-security'],
    ['insured', '2024-06-30', 18_000_000, 'social-security'],
    ['social-protection', '2026-11-20', 10_000_000, 'welfare'],
  ])('pays a %s death on %s: %i VND by %s', async (basis, deathDate, amountVnd, payer) => {
    const dossier = deathDossier({}, deathForm({ deathDate, funeralAllowance: { basis, recipientPin: PINS.father } }));
    const effect = await apply(afterRegisteredDeath(), 'GrantFuneralAllowance', dossier);
    expect(effect.result).toMatchObject({
      amountVnd,
      payer,
      recipientPin: PINS.father,
      decisionNumber: `MT${DEATH_DOSSIER_ID.slice(2)}`,
    });
    expect(effect.documents).toEqual({ funeralAllowance: { amountVnd, payer, recipientPin: PINS.father } });
  });

  it('refuses to grant to a recipient who is not a living citizen (intake does not look the PIN up)', async () => {
    const dossier = deathDossier(
      {},
      deathForm({ funeralAllowance: { basis: 'pensioner', recipientPin: '001090000098' } }),
    );
    await expect(apply(afterRegisteredDeath(), 'GrantFuneralAllowance', dossier)).rejects.toThrow(
      'The recipient of the funeral allowance is not a living citizen in the NPDB.',
    );
  });

  it('refuses to apply without a claim', async () => {
    const { funeralAllowance: _f, ...form } = deathForm({ alsoRequest: [] });
    await expect(apply(afterRegisteredDeath(), 'GrantFuneralAllowance', deathDossier({}, form))).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('grants no benefit once the death is not (or no longer) registered', async () => {
    await expect(apply(world(), 'GrantFuneralAllowance', deathDossier())).rejects.toBeInstanceOf(ConflictError);
    await expect(apply(world(), 'GrantSurvivorBenefit', deathDossier())).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('stepAgency', () => {
  it("gives a social-protection beneficiary's funeral allowance to the welfare authority", () => {
    const welfare = deathDossier(
      {},
      deathForm({ funeralAllowance: { basis: 'social-protection', recipientPin: PINS.father } }),
    );
    expect(stepAgency('GrantFuneralAllowance', welfare)).toBe('welfare');
    expect(stepAgency('GrantFuneralAllowance', deathDossier())).toBe('social-security');
    expect(stepAgency('GrantSurvivorBenefit', welfare)).toBe('social-security');
    expect(stepAgency('RegisterDeath', welfare)).toBe('civil-status');
  });

  it('follows the catalogue for every other step', () => {
    for (const stepId of STEP_IDS.filter((s) => s !== 'GrantFuneralAllowance')) {
      expect(stepAgency(stepId, birthDossier())).toBe(STEPS[stepId].agency);
    }
  });
});

describe('GrantSurvivorBenefit', () => {
  it.each([
    ['insured', true],
    ['pensioner', true],
    ['social-protection', false],
  ])('basis %s: contributions or pension %s', async (basis, passed) => {
    const dossier = deathDossier({}, deathForm({ funeralAllowance: { basis, recipientPin: PINS.father } }));
    expect(await checks(world(), 'GrantSurvivorBenefit', dossier)).toEqual({ 'insured-or-pensioner': passed });
  });

  it('issues the decision numbered TT + the dossier ID', async () => {
    const effect = await apply(afterRegisteredDeath(), 'GrantSurvivorBenefit', deathDossier());
    expect(effect.documents).toEqual({ survivorBenefitDecision: `TT${DEATH_DOSSIER_ID.slice(2)}` });
  });
});

describe('MOTHER fixture', () => {
  it('is a valid female PIN holder (the fixtures stay consistent)', () => {
    expect(validatePinFor(MOTHER.pin, MOTHER)).toEqual({ ok: true });
    for (const c of FAMILY) expect(validatePinFor(c.pin, c), c.fullName).toEqual({ ok: true });
  });
});
