import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  needsRehash,
  PASSWORD_HASH_PARAMS,
  passwordProblems,
  verifyAgainstNothing,
  verifySecret,
} from '../../../../shared/identity/passwords.ts';
import { FAST_HASH } from './memory-identity.ts';

describe('password hashing', () => {
  it('verifies the password it hashed and refuses another', async () => {
    const stored = await hashSecret('Demo@2026', FAST_HASH);
    expect(await verifySecret('Demo@2026', stored)).toBe(true);
    expect(await verifySecret('demo@2026', stored)).toBe(false);
  });

  it('salts every hash, so one password never gives the same hash twice', async () => {
    const [a, b] = await Promise.all([hashSecret('Demo@2026', FAST_HASH), hashSecret('Demo@2026', FAST_HASH)]);
    expect(a).not.toBe(b);
  });

  it('stores the scrypt parameters with the hash and verifies with those, not the current defaults', async () => {
    const stored = await hashSecret('Mật khẩu 1', { N: 2 ** 11, r: 8, p: 2 });
    expect(stored).toMatch(/^scrypt\$2048\$8\$2\$[\w-]+\$[\w-]+$/);
    expect(await verifySecret('Mật khẩu 1', stored)).toBe(true);
  });

  it('treats composed and decomposed Vietnamese letters as the same password', async () => {
    const stored = await hashSecret('Mật khẩu 1'.normalize('NFC'), FAST_HASH);
    expect(await verifySecret('Mật khẩu 1'.normalize('NFD'), stored)).toBe(true);
  });

  it('never matches a malformed or truncated hash', async () => {
    const stored = await hashSecret('x1234567', FAST_HASH);
    expect(await verifySecret('x1234567', 'plain-text')).toBe(false);
    expect(await verifySecret('x1234567', stored.slice(0, -4))).toBe(false);
    expect(await verifySecret('x1234567', stored.replace('scrypt$', 'bcrypt$'))).toBe(false);
  });

  it('asks for a rehash when a hash is weaker than the current parameters', async () => {
    expect(needsRehash(await hashSecret('a', FAST_HASH))).toBe(true);
    expect(needsRehash(`scrypt$${PASSWORD_HASH_PARAMS.N}$8$${PASSWORD_HASH_PARAMS.p}$c2FsdA$aGFzaA`)).toBe(false);
  });

  it('spends a verification and answers false when there is nothing to compare with', async () => {
    expect(await verifyAgainstNothing('whatever', FAST_HASH)).toBe(false);
  });
});

describe('password rules', () => {
  it('accepts a password of 8 or more characters with letters and digits', () => {
    expect(passwordProblems('Demo@2026', '001090000123')).toEqual([]);
  });

  it('explains every problem of a weak password', () => {
    expect(passwordProblems('1234', '001090000123')).toEqual([
      'Use at least 8 characters.',
      'Use both letters and digits.',
    ]);
  });

  it('refuses a password containing the PIN', () => {
    expect(passwordProblems('a001090000123', '001090000123')).toContain(
      'Do not use your personal identification number in the password.',
    );
  });
});
