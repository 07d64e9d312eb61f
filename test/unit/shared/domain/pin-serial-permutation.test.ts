import { describe, expect, it } from 'vitest';
import { createPinIssuer, MAX_PIN_SERIAL, type Pin, PinSerialsExhaustedError } from '../../../../shared/domain/pin.ts';
import {
  SERIAL_DOMAIN,
  serialPermutation,
  serialPermutations,
} from '../../../../shared/domain/pin-serial-permutation.ts';

const KEY = new Uint8Array(Buffer.from('a test key of thirty-two bytes!!', 'utf8'));
const OTHER_KEY = new Uint8Array(Buffer.from('another test key, also 32 bytes!', 'utf8'));

describe('serialPermutation', () => {
  it('is a bijection of 0–999999: every serial is reached exactly once, and inverse undoes forward', () => {
    const permutation = serialPermutation(KEY, '001326');
    const seen = new Uint8Array(SERIAL_DOMAIN);
    let outside = 0;
    let notInverted = 0;
    for (let index = 0; index < SERIAL_DOMAIN; index++) {
      const serial = permutation.forward(index);
      if (!(Number.isInteger(serial) && serial >= 0 && serial < SERIAL_DOMAIN)) outside++;
      else seen[serial] = (seen[serial] as number) + 1;
      if (permutation.inverse(serial) !== index) notInverted++;
    }
    expect(outside).toBe(0);
    expect(notInverted).toBe(0);
    expect(seen.every((count) => count === 1)).toBe(true);
  });

  it('gives each prefix and each key its own order', () => {
    const first = (key: Uint8Array, prefix: string) =>
      Array.from({ length: 20 }, (_, i) => serialPermutation(key, prefix).forward(i + 1));
    expect(first(KEY, '001326')).not.toEqual(first(KEY, '001226'));
    expect(first(KEY, '001326')).not.toEqual(first(OTHER_KEY, '001326'));
    expect(first(KEY, '001326')).toEqual(first(KEY, '001326'));
  });

  it('does not count up: successive positions land far apart and out of order', () => {
    const permutation = serialPermutation(KEY, '001326');
    const serials = Array.from({ length: 1000 }, (_, i) => permutation.forward(i + 1));
    const ascending = serials.filter((s, i) => i > 0 && s > (serials[i - 1] as number)).length;
    // A counter would be ascending 999 times out of 999 and stay below 1,001.
    expect(ascending).toBeGreaterThan(400);
    expect(ascending).toBeLessThan(600);
    expect(serials.filter((s) => s <= 1000).length).toBeLessThan(10);
  });

  it('refuses a short key and indexes outside the domain', () => {
    expect(() => serialPermutation(new Uint8Array(8), '001326')).toThrow(/at least 16 bytes/);
    const permutation = serialPermutation(KEY, '001326');
    expect(() => permutation.forward(SERIAL_DOMAIN)).toThrow(RangeError);
    expect(() => permutation.forward(-1)).toThrow(RangeError);
    expect(() => permutation.inverse(1.5)).toThrow(RangeError);
  });

  it('caches a permutation per prefix and gives the same answers as a fresh one', () => {
    const cached = serialPermutations(KEY);
    expect(cached('001326')).toBe(cached('001326'));
    expect(cached('079225').forward(42)).toBe(serialPermutation(KEY, '079225').forward(42));
  });
});

describe('createPinIssuer with the keyed permutation', () => {
  const birth = { legacyProvinceCode: '001', sex: 'female' as const, birthYear: 2026 };

  const keyedPorts = (taken: readonly string[] = []) => {
    let counter = 0;
    const issued = new Set<string>(taken);
    const permutations = serialPermutations(KEY);
    return {
      nextSerial: async () => ++counter,
      serialAt: (prefix: string, position: number) => permutations(prefix).forward(position),
      reserve: async (pin: Pin) => {
        if (issued.has(pin)) return false;
        issued.add(pin);
        return true;
      },
    };
  };

  it('issues every serial of a whole prefix once, never the same PIN twice, then reports the prefix exhausted', async () => {
    const issuer = createPinIssuer(keyedPorts());
    const serials = new Uint8Array(SERIAL_DOMAIN);
    let repeated = 0;
    for (let i = 0; i < MAX_PIN_SERIAL; i++) {
      const serial = Number((await issuer.issue(birth)).slice(6));
      if (serials[serial] === 1) repeated++;
      serials[serial] = 1;
    }
    expect(repeated).toBe(0);
    expect(serials.reduce((sum, v) => sum + v, 0)).toBe(MAX_PIN_SERIAL);
    await expect(issuer.issue(birth)).rejects.toThrow(PinSerialsExhaustedError);
  }, 120_000);

  it('does not issue ...000001 to the first child of a prefix', async () => {
    const pin = await createPinIssuer(keyedPorts()).issue(birth);
    expect(pin.slice(0, 6)).toBe('001326');
    expect(pin).toBe(`001326${String(serialPermutation(KEY, '001326').forward(1)).padStart(6, '0')}`);
    expect(pin).not.toBe('001326000001');
  });

  it('skips a permuted serial that a seeded or migrated citizen already holds, and issues the next position', async () => {
    const permutation = serialPermutation(KEY, '001326');
    const heldByAnother = `001326${String(permutation.forward(1)).padStart(6, '0')}`;
    const pin = await createPinIssuer(keyedPorts([heldByAnother])).issue(birth);
    expect(pin).toBe(`001326${String(permutation.forward(2)).padStart(6, '0')}`);
  });
});
