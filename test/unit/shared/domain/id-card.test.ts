import { describe, expect, it } from 'vitest';
import {
  birthdayAt,
  idCardExpired,
  idCardExpiry,
  renewableByAgeFrom,
  seededIdCard,
} from '../../../../shared/domain/id-card.ts';

describe('idCardExpiry: valid until the next renewal age (14, 25, 40, 60), for life from 58', () => {
  it.each([
    ['a card issued at 21 runs to 25', '2000-05-10', '2021-06-01', '2025-05-10'],
    ['a card issued less than two years before 25 runs to 40', '2000-05-10', '2023-05-11', '2040-05-10'],
    ['exactly two years before 25 still runs to 25', '2000-05-10', '2023-05-09', '2025-05-10'],
    ['a card issued at 10 runs to 14', '2016-01-01', '2026-01-01', '2030-01-01'],
    ['a card issued at 12 and a half runs to 25', '2013-06-01', '2026-01-01', '2038-06-01'],
    ['a card issued at 39 runs to 60', '1987-03-01', '2026-06-01', '2047-03-01'],
    ['a card issued at 57 runs to 60', '1968-03-01', '2025-06-01', '2028-03-01'],
    ['a card issued at 58 is valid for life', '1968-03-01', '2026-06-01', undefined],
    ['a card issued at 70 is valid for life', '1956-01-01', '2026-01-01', undefined],
  ])('%s', (_case, birthDate, issuedOn, expected) => {
    expect(idCardExpiry(birthDate, issuedOn)).toBe(expected);
  });

  it('counts someone born on 29 February a year older on 1 March', () => {
    expect(birthdayAt('2004-02-29', 25)).toBe('2029-03-01');
    expect(birthdayAt('2004-02-29', 40)).toBe('2044-02-29');
    expect(idCardExpiry('2004-02-29', '2026-01-10')).toBe('2029-03-01');
  });

  it('refuses an issue date before the birth', () => {
    expect(() => idCardExpiry('2000-01-01', '1999-12-31')).toThrow(RangeError);
  });

  it('opens renewal by age two years before the expiry, and knows an expired card', () => {
    expect(renewableByAgeFrom('2027-08-15')).toBe('2025-08-15');
    expect(idCardExpired({ expiresOn: '2026-12-01' }, '2026-12-01')).toBe(true);
    expect(idCardExpired({ expiresOn: '2026-12-02' }, '2026-12-01')).toBe(false);
    expect(idCardExpired({}, '2099-01-01')).toBe(false);
  });
});

describe('seededIdCard', () => {
  it('gives a card to everyone from 14, numbered with the PIN, valid by the age rule', () => {
    expect(seededIdCard('001213000001', '2013-01-01', '2026-07-01')).toBeUndefined();
    // Issued in the campaign (a day from the PIN's last digits) at 19: valid until 25.
    const card = seededIdCard('001202000123', '2002-05-10', '2026-07-01');
    expect(card).toEqual({ number: '001202000123', issuedOn: '2021-07-02', expiresOn: '2027-05-10', status: 'valid' });
    const elder = seededIdCard('001950000001', '1950-01-01', '2026-07-01');
    expect(elder?.expiresOn).toBeUndefined();
    // Someone who turned 25 after the campaign holds the card renewed on that birthday.
    expect(seededIdCard('001200000000', '2000-09-01', '2026-07-01')).toMatchObject({
      issuedOn: '2025-09-01',
      expiresOn: '2040-09-01',
    });
  });
});
