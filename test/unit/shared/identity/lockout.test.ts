import { describe, expect, it } from 'vitest';
import { loginSource } from '../../../../shared/identity/lockout.ts';

describe('the source a sign-in attempt is counted against', () => {
  it('is the IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(loginSource('203.0.113.7')).toBe('203.0.113.7');
    expect(loginSource('::ffff:127.0.0.2')).toBe('127.0.0.2');
  });

  it("is an IPv6 address's /64, however it is written, so one subscriber's prefix counts once", () => {
    expect(loginSource('2001:db8:85a3:1:aaaa:bbbb:cccc:1')).toBe('2001:db8:85a3:1::/64');
    expect(loginSource('2001:DB8:85A3:0001:ffff::2')).toBe('2001:db8:85a3:1::/64');
    expect(loginSource('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(loginSource('::1')).toBe('0:0:0:0::/64');
  });

  it('is one shared "unknown" source when the address is missing', () => {
    expect(loginSource(undefined)).toBe('unknown');
    expect(loginSource('')).toBe('unknown');
  });
});
