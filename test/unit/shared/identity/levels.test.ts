import { describe, expect, it } from 'vitest';
import {
  ACR_LEVEL_1,
  ACR_LEVEL_2,
  accountEligibility,
  acrForLevel,
  levelForAcr,
  meetsLevel,
  requiredLevel,
} from '../../../../shared/identity/levels.ts';

describe('assurance levels', () => {
  it('maps levels to acr values and back', () => {
    expect(acrForLevel(1)).toBe('urn:vn:p06:loa:1');
    expect(acrForLevel(2)).toBe('urn:vn:p06:loa:2');
    expect(levelForAcr(ACR_LEVEL_2)).toBe(2);
    expect(levelForAcr('urn:other:loa')).toBeUndefined();
  });

  it('reads the lowest acceptable level from acr_values, ignoring unknown values', () => {
    expect(requiredLevel(ACR_LEVEL_2)).toBe(2);
    expect(requiredLevel(`${ACR_LEVEL_2} ${ACR_LEVEL_1}`)).toBe(1);
    expect(requiredLevel('urn:other:gold')).toBeUndefined();
    expect(requiredLevel(undefined)).toBeUndefined();
    expect(requiredLevel([ACR_LEVEL_2])).toBe(2);
  });

  it('lets level 2 serve level-1 services but not the reverse', () => {
    expect(meetsLevel(2, 1)).toBe(true);
    expect(meetsLevel(1, 2)).toBe(false);
    expect(meetsLevel(1, undefined)).toBe(true);
  });
});

describe('who may hold an account', () => {
  it('allows a citizen from their 14th birthday', () => {
    expect(accountEligibility({ birthDate: '2012-07-01', status: 'alive' }, '2026-07-01')).toEqual({ ok: true });
  });

  it('refuses a citizen one day before their 14th birthday', () => {
    expect(accountEligibility({ birthDate: '2012-07-02', status: 'alive' }, '2026-07-01')).toMatchObject({
      ok: false,
      reason: 'too-young',
    });
  });

  it('refuses a deceased citizen and a PIN the NPDB does not know', () => {
    expect(accountEligibility({ birthDate: '1950-01-01', status: 'deceased' }, '2026-07-01')).toMatchObject({
      reason: 'deceased',
    });
    expect(accountEligibility(undefined, '2026-07-01')).toMatchObject({ reason: 'not-found' });
  });

  it('refuses a birth date in the future instead of failing', () => {
    expect(accountEligibility({ birthDate: '2030-01-01', status: 'alive' }, '2026-07-01')).toMatchObject({
      reason: 'too-young',
    });
  });
});
