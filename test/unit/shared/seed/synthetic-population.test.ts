import { describe, expect, it } from 'vitest';
import { communesOfProvince, findCommune } from '../../../../shared/domain/admin-units/communes.ts';
import { PROVINCE_CODES } from '../../../../shared/domain/admin-units/provinces.ts';
import { CitizenSchema } from '../../../../shared/domain/citizen.ts';
import { ageInYears } from '../../../../shared/domain/dates.ts';
import { NAME_CORPUS } from '../../../../shared/domain/name-corpus.ts';
import { parsePin, validatePinFor } from '../../../../shared/domain/pin.ts';
import { syntheticCitizens } from '../../../../shared/seed/synthetic-population.ts';

const options = { communesOfProvince: (code: string) => communesOfProvince(code), names: NAME_CORPUS };
const population = syntheticCitizens(options, 0, 5000);
const byPin = new Map(population.map((c) => [c.pin, c]));

describe('the synthetic population', () => {
  it('is the same on every run and stable when more citizens are asked for', () => {
    expect(syntheticCitizens(options, 0, 300)).toEqual(population.slice(0, 300));
    expect(syntheticCitizens(options, 4000, 4100)).toEqual(population.slice(4000, 4100));
  });

  it('gives every citizen a unique PIN that matches their sex and birth year', () => {
    expect(byPin.size).toBe(population.length);
    for (const citizen of population) {
      expect(parsePin(citizen.pin, { today: '2026-07-01' }).ok, citizen.pin).toBe(true);
      expect(validatePinFor(citizen.pin, citizen), citizen.pin).toEqual({ ok: true });
    }
  });

  it('produces records that satisfy the citizen schema, with NFC names that keep their diacritics', () => {
    for (const citizen of population) {
      expect(() => CitizenSchema.parse(citizen)).not.toThrow();
      expect(citizen.fullName).toBe(citizen.fullName.normalize('NFC'));
      expect(citizen.fullName.split(' ').length).toBeGreaterThanOrEqual(3);
    }
    expect(population.some((c) => /[ăâđêôơưĂÂĐÊÔƠƯ]/.test(c.fullName))).toBe(true);
  });

  it('places residences in real communes of the province recorded, across all 34 provinces', () => {
    for (const citizen of population) {
      const commune = findCommune(citizen.permanentResidence.communeCode);
      expect(commune?.provinceCode, citizen.permanentResidence.communeCode).toBe(
        citizen.permanentResidence.provinceCode,
      );
    }
    expect(new Set(population.map((c) => c.permanentResidence.provinceCode))).toEqual(new Set(PROVINCE_CODES));
  });

  it('links children to parents who were adults when the child was born, in the same household', () => {
    const children = population.filter((c) => c.motherPin || c.fatherPin);
    expect(children.length).toBeGreaterThan(population.length / 5);
    for (const child of children) {
      for (const parentPin of [child.motherPin, child.fatherPin].filter(Boolean) as string[]) {
        const parent = byPin.get(parentPin);
        if (!parent) continue; // the last household may be cut off by the count
        expect(parent.householdId).toBe(child.householdId);
        expect(ageInYears(parent.birthDate, child.birthDate)).toBeGreaterThanOrEqual(18);
      }
      if (child.fatherPin && byPin.get(child.fatherPin)) {
        expect(child.fullName.split(' ')[0]).toBe(byPin.get(child.fatherPin)?.fullName.split(' ')[0]);
      }
    }
  });

  it('links most citizens to a health-insurance card, and gives children under 6 a TE card', () => {
    const insured = population.filter((c) => c.healthInsurance);
    expect(insured.length / population.length).toBeGreaterThan(0.8);
    for (const c of insured) {
      if (ageInYears(c.birthDate, '2026-07-01') < 6) expect(c.healthInsurance?.number.startsWith('TE')).toBe(true);
    }
    expect(new Set(insured.map((c) => c.healthInsurance?.number)).size).toBe(insured.length);
  });
});
