import { describe, expect, it } from 'vitest';
import { maskPhone, PhoneSchema } from '../../../../shared/identity/account.ts';
import { parseRoleId, roleId, supervises } from '../../../../shared/identity/officer-accounts.ts';
import { sameName } from '../../../../shared/identity/registration.ts';

describe('phone numbers', () => {
  it('accept the ways people type a Vietnamese mobile number and store E.164', () => {
    for (const typed of ['0912 345 678', '0912.345.678', '84912345678', '+84 912 345 678']) {
      expect(PhoneSchema.parse(typed)).toBe('+84912345678');
    }
    for (const wrong of ['0212345678', '12345', '+1 415 555 0100', '09123456789']) {
      expect(PhoneSchema.safeParse(wrong).success).toBe(false);
    }
    expect(maskPhone('+84912345678')).toBe('•••••••••678');
  });
});

describe('names typed at registration', () => {
  it('ignore case and spacing and compose diacritics, but keep them', () => {
    expect(sameName('  nguyễn   văn AN ', 'Nguyễn Văn An')).toBe(true);
    expect(sameName('Nguye\u0302\u0303n Văn An', 'Nguyễn Văn An')).toBe(true);
    expect(sameName('Nguyen Van An', 'Nguyễn Văn An')).toBe(false);
  });
});

describe('officer roles', () => {
  it('round-trip through their URL form and refuse malformed ones', () => {
    const role = parseRoleId('police.officer.01.00562');
    expect(role).toEqual({ agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00562' });
    expect(roleId(role)).toBe('police.officer.01.00562');
    for (const wrong of ['police.chief.01', 'army.officer.01', 'police.officer.1', 'police.officer.01.00562.9']) {
      expect(() => parseRoleId(wrong)).toThrow();
    }
  });

  it('are managed by supervisors of the same agency, province-wide or for officer roles of their commune', () => {
    const province = { pin: '1', roles: [parseRoleId('police.supervisor.01')] };
    const commune = { pin: '2', roles: [parseRoleId('police.supervisor.01.00562')] };
    const officer = { pin: '3', roles: [parseRoleId('police.officer.01.00562')] };
    expect(supervises(province, parseRoleId('police.officer.01.00562'))).toBe(true);
    expect(supervises(province, parseRoleId('police.supervisor.01'))).toBe(true);
    expect(supervises(province, parseRoleId('police.officer.79.26734'))).toBe(false);
    expect(supervises(province, parseRoleId('civil-status.officer.01.00562'))).toBe(false);
    expect(supervises(commune, parseRoleId('police.officer.01.00562'))).toBe(true);
    expect(supervises(commune, parseRoleId('police.officer.01.00565'))).toBe(false);
    expect(supervises(commune, parseRoleId('police.supervisor.01.00562'))).toBe(false);
    expect(supervises(officer, parseRoleId('police.officer.01.00562'))).toBe(false);
  });
});
