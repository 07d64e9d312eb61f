/**
 * Service 3's approval writes which dossier moved each person (`residenceDossierId`), so a rejection over a move this
 * dossier made is refused (the engine's `ownEffectWritten`), and one over another dossier's move is not.
 */
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import { permanentResidenceRegistration } from '../../../../shared/services/procedures/permanent-residence.ts';
import { FAMILY, NOW, PINS, person, serviceDossier, TODAY, world } from '../dossiers/fixtures.ts';

const DOSSIER_ID = 'CT01-20261123-SERVICE003';

/** The grandmother heads a household of her own in Ninh Bình; she joins the father's (H1) in Hà Nội. */
const dossier = (
  id = DOSSIER_ID,
  persons: readonly { pin: string; relationToHead: string }[] = [
    { pin: PINS.grandmotherElsewhere, relationToHead: 'parent' },
  ],
): Dossier => serviceDossier(3, { householdHeadPin: PINS.father, persons }, { id });

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

  it("does not take another dossier's move into the same household as its own", async () => {
    const w = world();
    await rule.apply({ dossier: dossier('CT01-20261123-OTHERDOSS1'), now: NOW, deps: w.deps }, PINS.officer);
    const context = { dossier: dossier(), now: NOW, deps: w.deps };
    expect(await rule.applied?.(context)).toBe(true);
    expect(await rule.ownEffectWritten?.(context)).toBe(false);
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
        form: { householdHeadPin: PINS.father, persons },
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

describe('service 3: whether a PIN heads a household is told to the officer, not to whoever typed it', () => {
  const rule = permanentResidenceRegistration.rule;
  const persons = [{ pin: PINS.grandmotherElsewhere, relationToHead: 'parent' as const }];
  const intake = async (w: ReturnType<typeof world>, householdHeadPin: string) => {
    const applicant = w.population.citizens.get(PINS.grandmotherElsewhere);
    if (!applicant) throw new Error('no applicant');
    return permanentResidenceRegistration.intake({
      applicant,
      form: { householdHeadPin, persons },
      today: TODAY,
      population: w.deps.population,
    });
  };

  it.each([
    ['a member of a household who does not head it', PINS.mother],
    ['a PIN issued to nobody', '001090000098'],
  ])('accepts %s at intake, for the police of the applicant’s own commune', async (_what, householdHeadPin) => {
    const w = world();
    const grandmother = w.population.citizens.get(PINS.grandmotherElsewhere);
    await expect(intake(w, householdHeadPin)).resolves.toMatchObject({
      communeCode: grandmother?.permanentResidence.communeCode,
      provinceCode: grandmother?.permanentResidence.provinceCode,
      parties: [householdHeadPin, PINS.grandmotherElsewhere],
    });
  });

  it.each([
    ['a member who does not head the household', PINS.mother, 'does not head a household'],
    ['a PIN issued to nobody', '001090000098', 'is not in the NPDB'],
  ])('shows the officer that %s is not a head, and approval refuses it', async (_what, householdHeadPin, refused) => {
    const w = world();
    const context = {
      dossier: serviceDossier(3, { householdHeadPin, persons }, { id: DOSSIER_ID }),
      now: NOW,
      deps: w.deps,
    };
    expect(await rule.check(context)).toContainEqual(
      expect.objectContaining({
        check: 'household-head',
        passed: false,
        detail: 'This PIN is not the head of a household in the NPDB.',
      }),
    );
    expect(await rule.applied?.(context)).toBe(false);
    await expect(rule.apply(context, PINS.officer)).rejects.toThrow(refused);
    expect(w.population.citizens.get(PINS.grandmotherElsewhere)?.householdId).not.toBe('H1');
  });
});
