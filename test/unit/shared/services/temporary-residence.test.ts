/**
 * Service 4: whether the accommodation owner's PIN names a living citizen is the officer's finding, not an intake
 * answer to whoever typed it; approval refuses it.
 */
import { describe, expect, it } from 'vitest';
import { temporaryResidenceRegistration } from '../../../../shared/services/procedures/temporary-residence.ts';
import { NOW, PINS, serviceDossier, TODAY, world } from '../dossiers/fixtures.ts';

const NOBODY = '001090000098';
const form = (ownerPin: string) => ({
  address: { communeCode: '00004', addressLine: 'Phòng 3, số 8 phố Hàng Bông' },
  from: TODAY,
  until: '2027-05-31',
  accommodation: 'rented' as const,
  ownerPin,
  persons: [PINS.father],
});

describe('service 4: the owner of the accommodation', () => {
  const rule = temporaryResidenceRegistration.rule;

  it('is not looked up at intake: a PIN issued to nobody is filed like any other', async () => {
    const w = world();
    const applicant = w.population.citizens.get(PINS.father);
    if (!applicant) throw new Error('no applicant');
    await expect(
      temporaryResidenceRegistration.intake({
        applicant,
        form: form(NOBODY),
        today: TODAY,
        population: w.deps.population,
      }),
    ).resolves.toMatchObject({ communeCode: '00004', provinceCode: '01', parties: [NOBODY, PINS.father] });
  });

  it('who is not in the NPDB is the officer’s finding, and approval refuses it, writing nothing', async () => {
    const w = world();
    const context = { dossier: serviceDossier(4, form(NOBODY)), now: NOW, deps: w.deps };
    expect(await rule.check(context)).toContainEqual(
      expect.objectContaining({ check: 'owner-in-npdb', passed: false, detail: 'not in the NPDB' }),
    );
    await expect(rule.apply(context, PINS.officer)).rejects.toThrow(
      'The owner of the accommodation is not in the NPDB.',
    );
    expect(w.population.citizens.get(PINS.father)?.temporaryResidence).toBeUndefined();
  });

  it('who is a living citizen lets approval record the temporary residence', async () => {
    const w = world();
    const context = { dossier: serviceDossier(4, form(PINS.stranger)), now: NOW, deps: w.deps };
    await rule.apply(context, PINS.officer);
    expect(w.population.citizens.get(PINS.father)?.temporaryResidence).toMatchObject({ communeCode: '00004' });
  });
});
