/**
 * Service 3's approval writes which dossier moved each person (`residenceDossierId`), so a rejection over a move this
 * dossier made is refused (the engine's `ownEffectWritten`), and one over another dossier's move is not. Intake routes
 * on the commune the applicant states and never reads the named head's record; the officer's findings and approval
 * check the head.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import { permanentResidenceRegistration } from '../../../../shared/services/procedures/permanent-residence.ts';
import {
  FAMILY,
  GRANDMOTHER_ELSEWHERE,
  MOTHER,
  NOW,
  PINS,
  person,
  serviceDossier,
  TODAY,
  world,
} from '../dossiers/fixtures.ts';

const DOSSIER_ID = 'CT01-20261123-SERVICE003';
/** The commune of household H1 (the father's), in Hà Nội. */
const H1_COMMUNE = '00070';
/** Another commune of Hà Nội, where neither H1 nor the grandmother (Ninh Bình, 13504) lives. */
const ELSEWHERE = '00004';
const NOBODY = '001090000098';

/** The grandmother heads a household of her own in Ninh Bình; she joins the father's (H1) in Hà Nội. */
const dossier = (
  id = DOSSIER_ID,
  persons: readonly { pin: string; relationToHead: string }[] = [
    { pin: PINS.grandmotherElsewhere, relationToHead: 'parent' },
  ],
): Dossier => serviceDossier(3, { householdHeadPin: PINS.father, householdCommuneCode: H1_COMMUNE, persons }, { id });

describe('service 3: the move a dossier made is known by the dossier', () => {
  const rule = permanentResidenceRegistration.rule;

  it('records the dossier on each person it moves, and takes the move as its own effect', async () => {
    const w = world();
    const context = { dossier: dossier(), now: NOW, deps: w.deps };
    expect(await rule.ownEffectWritten?.(context)).toBe(false);
    await rule.apply(context, PINS.officer);
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)).toMatchObject({
      householdId: 'H1',
      residenceDossierId: DOSSIER_ID,
    });
    expect(await rule.ownEffectWritten?.(context)).toBe(true);
  });

  it("does not take another dossier's move into the same household as its own, and refuses to approve over it", async () => {
    const w = world();
    await rule.apply({ dossier: dossier('CT01-20261123-OTHERDOSS1'), now: NOW, deps: w.deps }, PINS.officer);
    const context = { dossier: dossier(), now: NOW, deps: w.deps };
    // Approval refuses it, so it is not this dossier's effect either: the step can still be rejected.
    expect(await rule.applied?.(context)).toBe(false);
    expect(await rule.ownEffectWritten?.(context)).toBe(false);
    await expect(rule.apply(context, PINS.officer)).rejects.toThrow(
      'Phạm Thị Lan is already registered in that household.',
    );
  });

  it('completes a retried approval that finds its own move written', async () => {
    const w = world();
    const context = { dossier: dossier(), now: NOW, deps: w.deps };
    const first = await rule.apply(context, PINS.officer);
    const writes = w.population.history.length;
    const again = await rule.apply(context, PINS.officer);
    expect(again.result).toMatchObject({ householdId: 'H1', noticeNumber: first.result.noticeNumber });
    expect(w.population.history).toHaveLength(writes);
    expect(await rule.applied?.(context)).toBe(true);
  });
});

describe('service 3: a family moves together or not at all', () => {
  const rule = permanentResidenceRegistration.rule;
  /** The stranger heads H2; her son lives with her. */
  const SON = person({
    pin: '001220000006',
    fullName: 'Lê Văn Con',
    birthDate: '2020-06-06',
    householdId: 'H2',
    relationToHead: 'child',
    motherPin: PINS.stranger,
  });
  const family = [...FAMILY, SON];
  const moving = (w: ReturnType<typeof world>, pins: readonly string[]) => ({
    dossier: dossier(
      DOSSIER_ID,
      pins.map((pin) => ({ pin, relationToHead: pin === PINS.grandmotherElsewhere ? 'parent' : 'other' })),
    ),
    now: NOW,
    deps: w.deps,
  });

  it('refuses before moving anyone when one of them may not leave (a head whose household stays)', async () => {
    const w = world(family);
    const context = moving(w, [PINS.grandmotherElsewhere, PINS.stranger]);
    const writes = w.population.history.length;
    const refusal = rule.apply(context, PINS.officer);
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toThrow('heads a household where others stay');
    // The grandmother, named first and free to move, was not moved either: the step can still be rejected.
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)).toMatchObject({ householdId: 'H3' });
    expect(w.population.history).toHaveLength(writes);
    expect(await rule.ownEffectWritten?.(context)).toBe(false);
    expect(await rule.applied?.(context)).toBe(false);
  });

  it('lets a head leave with every member of the household in the same dossier, all in one write', async () => {
    const w = world(family);
    const context = moving(w, [PINS.stranger, SON.pin]);
    const writes = w.population.history.length;
    await rule.apply(context, PINS.officer);
    for (const pin of [PINS.stranger, SON.pin]) {
      expect(w.population.citizens.get(pin)).toMatchObject({ householdId: 'H1', residenceDossierId: DOSSIER_ID });
    }
    expect(w.population.togetherWrites).toBe(1);
    expect(w.population.history).toHaveLength(writes + 2);
    expect(await rule.ownEffectWritten?.(context)).toBe(true);
  });

  it('refuses a head who would leave someone who joined after the members were read (the index lags)', async () => {
    const { householdId: _none, relationToHead: _r, ...newborn } = SON;
    const w = world([...FAMILY, newborn]);
    const population = w.deps.population;
    // The members index answers as it stood before the son joined the stranger's household, which then happens.
    const listed = population.listHouseholdMembers.bind(population);
    population.listHouseholdMembers = async (id) => {
      const stale = await listed(id);
      const son = await population.getCitizen(SON.pin);
      if (id === 'H2' && son && son.householdId === undefined) {
        await population.updateCitizen(
          son,
          { ...son, householdId: 'H2', relationToHead: 'child' },
          {
            actor: 'police',
            action: 'permanent-residence-registered',
            at: NOW.toISOString(),
          },
        );
      }
      return stale;
    };
    const context = moving(w, [PINS.stranger]);
    const refusal = rule.apply(context, PINS.officer);
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toThrow('Household H2 has living members who do not move with its head');
    expect(w.population.citizens.get(PINS.stranger)).toMatchObject({ householdId: 'H2', relationToHead: 'head' });
    expect(w.population.citizens.get(SON.pin)).toMatchObject({ householdId: 'H2' });
    expect(await rule.ownEffectWritten?.(context)).toBe(false);
  });

  it('accepts at intake a head who brings every member along, and refuses one who leaves a member behind', async () => {
    const w = world(family);
    const stranger = w.population.citizens.get(PINS.stranger);
    if (!stranger) throw new Error('no stranger');
    const intake = (persons: { pin: string; relationToHead: 'other' }[]) =>
      permanentResidenceRegistration.intake({
        applicant: stranger,
        form: { householdHeadPin: PINS.father, householdCommuneCode: H1_COMMUNE, persons },
        today: TODAY,
        population: w.deps.population,
      });
    await expect(
      intake([
        { pin: PINS.stranger, relationToHead: 'other' },
        { pin: SON.pin, relationToHead: 'other' },
      ]),
    ).resolves.toMatchObject({ provinceCode: '01' });
    await expect(intake([{ pin: PINS.stranger, relationToHead: 'other' }])).rejects.toMatchObject({
      httpStatus: 422,
      message: expect.stringContaining('heads a household where others stay'),
    });
  });
});

describe('service 3: intake routes on the commune stated and never reads the head named', () => {
  const persons = [{ pin: PINS.grandmotherElsewhere, relationToHead: 'parent' as const }];
  /** The grandmother (Ninh Bình) files for herself; every PIN intake reads is kept. */
  const intake = async (householdHeadPin: string, householdCommuneCode = ELSEWHERE) => {
    const w = world();
    const read: string[] = [];
    const population = w.deps.population;
    const applicant = w.population.citizens.get(PINS.grandmotherElsewhere);
    if (!applicant) throw new Error('no applicant');
    const routing = await permanentResidenceRegistration.intake({
      applicant,
      form: { householdHeadPin, householdCommuneCode, persons },
      today: TODAY,
      population: {
        getCitizen: (pin) => {
          read.push(pin);
          return population.getCitizen(pin);
        },
        listHouseholdMembers: (id) => population.listHouseholdMembers(id),
      },
    });
    return { routing, read };
  };

  it.each([
    ['the head of a household in another commune', PINS.father],
    ['the head of another household in another commune', PINS.stranger],
    ['a member of a household who does not head it', PINS.mother],
    ['a PIN issued to nobody', NOBODY],
  ])('files %s like any other, to the police of the commune stated', async (_what, householdHeadPin) => {
    const { routing, read } = await intake(householdHeadPin);
    expect(routing).toEqual({
      communeCode: ELSEWHERE,
      provinceCode: '01',
      parties: [householdHeadPin, PINS.grandmotherElsewhere],
      subject: `permanent-residence#${PINS.grandmotherElsewhere}`,
    });
    expect(read).not.toContain(householdHeadPin);
  });

  it("takes the province from the commune stated, not from the applicant's or the head's residence", async () => {
    const { routing } = await intake(PINS.father, GRANDMOTHER_ELSEWHERE.permanentResidence.communeCode);
    expect(routing).toMatchObject({ communeCode: '13504', provinceCode: '37' });
  });

  it('refuses a commune code of no commune, naming the field', async () => {
    await expect(intake(PINS.father, '99999')).rejects.toMatchObject({
      httpStatus: 422,
      message: 'No commune has this code.',
      problems: [expect.objectContaining({ field: 'body.form.householdCommuneCode' })],
    });
  });
});

describe('service 3: a person already in the household', () => {
  const rule = permanentResidenceRegistration.rule;

  it('is refused at intake when the applicant names the head of their own household (they know it already)', async () => {
    const w = world();
    const mother = w.population.citizens.get(PINS.mother);
    if (!mother) throw new Error('no mother');
    await expect(
      permanentResidenceRegistration.intake({
        applicant: mother,
        form: {
          householdHeadPin: PINS.father,
          householdCommuneCode: ELSEWHERE,
          persons: [{ pin: PINS.mother, relationToHead: 'spouse' }],
        },
        today: TODAY,
        population: w.deps.population,
      }),
    ).rejects.toMatchObject({
      httpStatus: 422,
      message: 'This person is already registered in that household.',
      problems: [expect.objectContaining({ field: 'body.form.persons.0.pin' })],
    });
  });

  it('of another household than the applicant’s is not told at intake: the officer finds it, approval refuses it', async () => {
    // The grandmother is the mother's mother: she may file for her daughter, who lives in H1 already.
    const w = world([
      ...FAMILY.filter((c) => c.pin !== PINS.mother),
      { ...MOTHER, motherPin: PINS.grandmotherElsewhere },
    ]);
    const grandmother = w.population.citizens.get(PINS.grandmotherElsewhere);
    if (!grandmother) throw new Error('no grandmother');
    const form = {
      householdHeadPin: PINS.father,
      householdCommuneCode: H1_COMMUNE,
      persons: [{ pin: PINS.mother, relationToHead: 'spouse' as const }],
    };
    const routing = (head: string) =>
      permanentResidenceRegistration.intake({
        applicant: grandmother,
        form: { ...form, householdHeadPin: head },
        today: TODAY,
        population: w.deps.population,
      });
    // The same answer whether the PIN heads her daughter's household or nobody's.
    const { parties: _heads, ...named } = await routing(PINS.father);
    const { parties: _nobody, ...unknown } = await routing(NOBODY);
    expect(named).toEqual(unknown);
    expect(named).toMatchObject({ communeCode: H1_COMMUNE, provinceCode: '01' });

    const context = { dossier: serviceDossier(3, form, { id: DOSSIER_ID }), now: NOW, deps: w.deps };
    expect(await rule.check(context)).toContainEqual({
      check: `person-${PINS.mother.slice(-4)}`,
      passed: false,
      detail: 'This person is already registered in that household.',
    });
    const writes = w.population.history.length;
    await expect(rule.apply(context, PINS.officer)).rejects.toThrow(
      'Nguyễn Thị Hoa is already registered in that household.',
    );
    expect(w.population.history).toHaveLength(writes);
    expect(await rule.applied?.(context)).toBe(false);
  });
});

describe('service 3: the head named, and where the household lives, are the officer’s findings', () => {
  const rule = permanentResidenceRegistration.rule;
  const persons = [{ pin: PINS.grandmotherElsewhere, relationToHead: 'parent' as const }];
  const context = (w: ReturnType<typeof world>, householdHeadPin: string, householdCommuneCode: string) => ({
    dossier: serviceDossier(3, { householdHeadPin, householdCommuneCode, persons }, { id: DOSSIER_ID }),
    now: NOW,
    deps: w.deps,
  });

  it('shows a head whose household lives in the commune stated, with its address, and approval moves the person', async () => {
    const w = world();
    const c = context(w, PINS.father, H1_COMMUNE);
    const findings = await rule.check(c);
    expect(findings).toContainEqual({
      check: 'household-head',
      passed: true,
      detail: 'household H1 at Số 12 phố Hàng Bạc',
    });
    expect(findings).toContainEqual({
      check: 'household-commune',
      passed: true,
      detail: 'the household lives in commune 00070, as stated',
    });
    await rule.apply(c, PINS.officer);
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)).toMatchObject({ householdId: 'H1' });
  });

  it('shows a head whose household lives elsewhere than stated, without its address; approval refuses it', async () => {
    const w = world();
    const c = context(w, PINS.father, ELSEWHERE);
    const findings = await rule.check(c);
    expect(findings).toContainEqual({ check: 'household-head', passed: true, detail: 'household H1' });
    expect(findings).toContainEqual({
      check: 'household-commune',
      passed: false,
      detail: 'The household of this PIN does not live in the commune stated.',
    });
    const writes = w.population.history.length;
    const refusal = rule.apply(c, PINS.officer);
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toThrow(
      'The household of Trần Văn Bình does not live in commune 00004, which the dossier states.',
    );
    expect(w.population.history).toHaveLength(writes);
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)?.householdId).toBe('H3');
    expect(await rule.applied?.(c)).toBe(false);
  });

  it('takes a dossier filed before the form stated the commune as stating the commune it was sent to', async () => {
    const w = world();
    const legacy = (communeCode: string) => ({
      dossier: serviceDossier(3, { householdHeadPin: PINS.father, persons }, { id: DOSSIER_ID, communeCode }),
      now: NOW,
      deps: w.deps,
    });
    expect(await rule.check(legacy(ELSEWHERE))).toContainEqual(
      expect.objectContaining({ check: 'household-commune', passed: false }),
    );
    expect(await rule.check(legacy(H1_COMMUNE))).toContainEqual(
      expect.objectContaining({ check: 'household-commune', passed: true }),
    );
    await rule.apply(legacy(H1_COMMUNE), PINS.officer);
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)).toMatchObject({ householdId: 'H1' });
  });

  it.each([
    ['a member who does not head the household', PINS.mother, 'does not head a household'],
    ['a PIN issued to nobody', NOBODY, 'is not in the NPDB'],
  ])('shows the officer that %s is not a head, and approval refuses it', async (_what, householdHeadPin, refused) => {
    const w = world();
    const c = context(w, householdHeadPin, H1_COMMUNE);
    const findings = await rule.check(c);
    expect(findings).toContainEqual({
      check: 'household-head',
      passed: false,
      detail: 'This PIN is not the head of a household in the NPDB.',
    });
    expect(findings).toContainEqual({
      check: 'household-commune',
      passed: false,
      detail: 'no household of this PIN to compare',
    });
    expect(await rule.applied?.(c)).toBe(false);
    await expect(rule.apply(c, PINS.officer)).rejects.toThrow(refused);
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)?.householdId).not.toBe('H1');
  });
});
