import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ONE_TIME_CODE_POLICY,
  generateCode,
  issueOneTimeCode,
  verifyOneTimeCode,
} from '../../../../shared/identity/one-time-codes.ts';
import { FAST_HASH, manualClock, memoryCodes } from './memory-identity.ts';

const policy = { ...DEFAULT_ONE_TIME_CODE_POLICY, hashParams: FAST_HASH };

const setup = () => {
  const store = memoryCodes();
  const clock = manualClock();
  const deps = { store, clock, policy };
  return { store, clock, issue: issueOneTimeCode(deps), verify: verifyOneTimeCode(deps) };
};

const request = { id: 'interaction-1', subject: '001090000123', purpose: 'sign-in' as const };

describe('one-time codes', () => {
  it('generates 6 decimal digits and keeps leading zeros', () => {
    expect(generateCode(6)).toMatch(/^\d{6}$/);
    expect(generateCode(6, () => 0)).toBe('000000');
  });

  it('stores only a hash of the code, valid for 5 minutes', async () => {
    const { store, issue } = setup();
    const { code, expiresAt } = await issue(request);
    const stored = store.all.get('interaction-1');
    expect(stored?.codeHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(expiresAt - Date.parse('2026-07-01T03:00:00.000Z')).toBe(5 * 60 * 1000);
  });

  it('accepts the right code once and never again', async () => {
    const { issue, verify } = setup();
    const { code } = await issue(request);
    expect(await verify('interaction-1', code)).toMatchObject({ ok: true, challenge: { subject: '001090000123' } });
    expect(await verify('interaction-1', code)).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses the right code after 5 minutes', async () => {
    const { clock, issue, verify } = setup();
    const { code } = await issue(request);
    clock.advance(5 * 60);
    expect(await verify('interaction-1', code)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('counts wrong codes and refuses even the right one after 5 attempts', async () => {
    const { issue, verify } = setup();
    const { code } = await issue(request);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let left = 4; left >= 0; left--) {
      expect(await verify('interaction-1', wrong)).toMatchObject({ ok: false, reason: 'wrong', attemptsLeft: left });
    }
    expect(await verify('interaction-1', code)).toMatchObject({ ok: false, reason: 'exhausted' });
  });

  it('counts a malformed code as a wrong attempt without comparing it', async () => {
    const { issue, verify } = setup();
    await issue(request);
    expect(await verify('interaction-1', 'abc')).toMatchObject({ ok: false, reason: 'wrong', attemptsLeft: 4 });
  });

  it('does not accept a code of another challenge', async () => {
    const { issue, verify } = setup();
    const { code } = await issue(request);
    await issue({ ...request, id: 'interaction-2' });
    expect(await verify('interaction-3', code)).toEqual({ ok: false, reason: 'missing' });
  });

  it('replaces the earlier code when a new one is issued for the same challenge', async () => {
    const { issue, verify } = setup();
    const first = await issue(request);
    let second = await issue(request);
    while (second.code === first.code) second = await issue(request);
    expect(await verify('interaction-1', first.code)).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await verify('interaction-1', second.code)).toMatchObject({ ok: true });
  });
});
