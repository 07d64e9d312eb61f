import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../shared/identity/account.ts';
import { ACR_LEVEL_2 } from '../../../../shared/identity/levels.ts';
import { DEFAULT_LOCKOUT_POLICY, lockoutPolicyFromEnv } from '../../../../shared/identity/lockout.ts';
import { DEFAULT_ONE_TIME_CODE_POLICY } from '../../../../shared/identity/one-time-codes.ts';
import { hashSecret } from '../../../../shared/identity/passwords.ts';
import { checkPassword, sendSignInCode, verifySignInCode } from '../../../../shared/identity/sign-in.ts';
import {
  aCitizen,
  FAST_HASH,
  manualClock,
  memoryAccounts,
  memoryCitizens,
  memoryCodes,
  memoryThrottle,
  recordingNotifications,
} from './memory-identity.ts';

const PIN = '001090000123';
const PASSWORD = 'Demo@2026';
/** Two client addresses, as loginSource gives them. */
const A = '203.0.113.7';
const B = '198.51.100.20';

const setup = async (account: Partial<Account> = {}) => {
  const accounts = memoryAccounts();
  const citizens = memoryCitizens([aCitizen()]);
  const throttle = memoryThrottle();
  const codes = memoryCodes();
  const notifications = recordingNotifications();
  const clock = manualClock();
  await accounts.create({
    pin: PIN,
    level: 2,
    status: 'active',
    passwordHash: await hashSecret(PASSWORD, FAST_HASH),
    officerRoles: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...account,
  });
  const deps = {
    accounts,
    citizens,
    throttle,
    codes,
    notifications,
    clock,
    hashParams: FAST_HASH,
    oneTimeCodes: { ...DEFAULT_ONE_TIME_CODE_POLICY, hashParams: FAST_HASH },
  };
  const lastCode = () => /\b(\d{6})\b/.exec(notifications.sent.at(-1)?.text ?? '')?.[1] ?? '';
  return { ...deps, check: checkPassword(deps), send: sendSignInCode(deps), verify: verifySignInCode(deps), lastCode };
};

describe('sign-in step 1: PIN and password', () => {
  it('accepts the right password and tells the level', async () => {
    const { check } = await setup();
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toEqual({ ok: true, pin: PIN, level: 2 });
  });

  it('says how many attempts are left after a wrong password', async () => {
    const { check } = await setup();
    expect(await check({ pin: PIN, password: 'wrong', source: A })).toEqual({
      ok: false,
      reason: 'invalid-credentials',
      attemptsLeft: 4,
    });
  });

  it('answers a PIN without an account exactly like a wrong password, and counts it the same way', async () => {
    const { check, throttle } = await setup();
    const unknown = await check({ pin: '001090000999', password: PASSWORD, source: A });
    expect(unknown).toEqual({ ok: false, reason: 'invalid-credentials', attemptsLeft: 4 });
    expect(throttle.bySource.get(`001090000999#${A}`)?.failures).toBe(1);
    expect(throttle.byPin.get('001090000999')?.failures).toBe(1);
  });

  it('locks the source out of the PIN at its 5th consecutive failure, refusing even the right password from it', async () => {
    const { check, clock } = await setup();
    for (let i = 0; i < 4; i++) await check({ pin: PIN, password: `wrong-${i}`, source: A });
    const fifth = await check({ pin: PIN, password: 'wrong-5', source: A });
    const lockedUntil = clock.now().getTime() + 15 * 60 * 1000;
    expect(fifth).toEqual({ ok: false, reason: 'locked', lockedUntil });
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil,
    });
    expect(await check({ pin: PIN, password: 'another-wrong', source: A })).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil,
    });
  });

  it('lets the holder in again once the 15 minutes of the lock are over', async () => {
    const { check, clock } = await setup();
    for (let i = 0; i < 5; i++) await check({ pin: PIN, password: `wrong-${i}`, source: A });
    clock.advance(15 * 60);
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toMatchObject({ ok: true });
  });

  it('still lets the holder in from another address while one address is locked out of the PIN', async () => {
    const { check, send, verify, lastCode } = await setup();
    for (let i = 0; i < 5; i++) await check({ pin: PIN, password: `wrong-${i}`, source: A });
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toMatchObject({ ok: false, reason: 'locked' });
    expect(await check({ pin: PIN, password: PASSWORD, source: B })).toEqual({ ok: true, pin: PIN, level: 2 });
    await send('interaction-1', PIN);
    expect(await verify('interaction-1', lastCode(), B)).toMatchObject({ ok: true, pin: PIN });
    // The holder's success forgets only B's failures: A stays locked.
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('counts each address separately: four failures from each of two addresses lock neither', async () => {
    const { check } = await setup();
    for (let i = 0; i < 4; i++) {
      await check({ pin: PIN, password: `wrong-${i}`, source: A });
      await check({ pin: PIN, password: `wrong-${i}`, source: B });
    }
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toMatchObject({ ok: true });
    expect(await check({ pin: PIN, password: PASSWORD, source: B })).toMatchObject({ ok: true });
  });

  it('locks the PIN for every address once 50 failures from many addresses fall within 24 hours, until the window ends', async () => {
    const { check, clock } = await setup();
    const opened = clock.now().getTime();
    // Ten addresses, four failures each stays below each one's lock; 40 failures in all.
    for (let source = 0; source < 10; source++) {
      for (let i = 0; i < 4; i++) await check({ pin: PIN, password: 'wrong', source: `192.0.2.${source}` });
      clock.advance(60);
    }
    expect(await check({ pin: PIN, password: PASSWORD, source: B })).toMatchObject({ ok: true });
    for (let source = 10; source < 12; source++) {
      for (let i = 0; i < 4; i++) await check({ pin: PIN, password: 'wrong', source: `192.0.2.${source}` });
    }
    const windowEnds = opened + 24 * 60 * 60 * 1000;
    // The 49th from a fresh address is one more failure; the 50th locks the PIN for everyone, its owner included.
    expect(await check({ pin: PIN, password: 'wrong', source: '192.0.2.99' })).toMatchObject({
      reason: 'invalid-credentials',
    });
    expect(await check({ pin: PIN, password: 'wrong', source: '192.0.2.100' })).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil: windowEnds,
    });
    expect(await check({ pin: PIN, password: PASSWORD, source: B })).toEqual({
      ok: false,
      reason: 'locked',
      lockedUntil: windowEnds,
    });
    clock.set(new Date(windowEnds).toISOString());
    expect(await check({ pin: PIN, password: PASSWORD, source: B })).toMatchObject({ ok: true });
  });

  it('follows a configured lockout policy', async () => {
    const deps = await setup();
    const lockout = lockoutPolicyFromEnv({ LOGIN_MAX_FAILURES: '2', LOGIN_LOCK_SECONDS: '60' });
    const check = checkPassword({ ...deps, lockout });
    await check({ pin: PIN, password: 'wrong', source: A });
    expect(await check({ pin: PIN, password: 'wrong', source: A })).toMatchObject({
      reason: 'locked',
      lockedUntil: deps.clock.now().getTime() + 60_000,
    });
  });

  it('refuses a malformed lockout setting by name', () => {
    expect(() => lockoutPolicyFromEnv({ LOGIN_MAX_FAILURES: 'five' })).toThrow('LOGIN_MAX_FAILURES');
    expect(() => lockoutPolicyFromEnv({ LOGIN_PIN_WINDOW_SECONDS: '-1' })).toThrow('LOGIN_PIN_WINDOW_SECONDS');
    expect(lockoutPolicyFromEnv({})).toEqual(DEFAULT_LOCKOUT_POLICY);
    expect(lockoutPolicyFromEnv({ LOGIN_MAX_FAILURES_PER_PIN: '100', LOGIN_PIN_WINDOW_SECONDS: '3600' })).toMatchObject(
      { maxFailures: 5, maxFailuresPerPin: 100, pinWindowSeconds: 3600 },
    );
  });

  it('refuses a per-PIN ceiling below the per-source limit, which would let one address lock the PIN', () => {
    expect(() => lockoutPolicyFromEnv({ LOGIN_MAX_FAILURES: '10', LOGIN_MAX_FAILURES_PER_PIN: '5' })).toThrow(
      /LOGIN_MAX_FAILURES_PER_PIN \(5\) must be at least LOGIN_MAX_FAILURES \(10\)/,
    );
  });

  it('refuses the account of a citizen recorded as deceased, but only after the right password', async () => {
    const deps = await setup();
    deps.citizens.byPin.set(PIN, aCitizen({ status: 'deceased', deathDate: '2026-03-01' }));
    expect(await deps.check({ pin: PIN, password: 'wrong', source: A })).toMatchObject({
      reason: 'invalid-credentials',
    });
    expect(await deps.check({ pin: PIN, password: PASSWORD, source: A })).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('refuses a disabled account', async () => {
    const { check } = await setup({ status: 'disabled' });
    expect(await check({ pin: PIN, password: PASSWORD, source: A })).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('refuses a level-1 account when the service requires level 2', async () => {
    const { check } = await setup({ level: 1 });
    expect(await check({ pin: PIN, password: PASSWORD, requiredLevel: 2, source: A })).toEqual({
      ok: false,
      reason: 'level-too-low',
      level: 1,
      required: 2,
    });
    expect(await check({ pin: PIN, password: PASSWORD, requiredLevel: 1, source: A })).toMatchObject({ ok: true });
  });

  it('replaces a hash made with weaker parameters after a successful password check', async () => {
    const deps = await setup();
    const strongerParams = { N: 2 ** 11, r: 8, p: 1 };
    await checkPassword({ ...deps, hashParams: strongerParams })({ pin: PIN, password: PASSWORD, source: A });
    expect(deps.accounts.all.get(PIN)?.passwordHash).toMatch(/^scrypt\$2048\$/);
  });
});

describe('sign-in step 2: the one-time code', () => {
  it('sends a code to the holder and completes the sign-in with the acr of the account level', async () => {
    const { send, verify, notifications, lastCode } = await setup();
    await send('interaction-1', PIN);
    expect(notifications.sent).toEqual([expect.objectContaining({ pin: PIN, kind: 'one-time-code' })]);
    expect(await verify('interaction-1', lastCode(), A)).toEqual({ ok: true, pin: PIN, level: 2, acr: ACR_LEVEL_2 });
  });

  it('forgets earlier failures only when the whole sign-in succeeds', async () => {
    const { check, send, verify, throttle, lastCode } = await setup();
    await check({ pin: PIN, password: 'wrong', source: A });
    await check({ pin: PIN, password: PASSWORD, source: A });
    expect(throttle.bySource.get(`${PIN}#${A}`)?.failures).toBe(1);
    await send('interaction-1', PIN);
    await verify('interaction-1', lastCode(), A);
    expect(throttle.bySource.has(`${PIN}#${A}`)).toBe(false);
  });

  it('counts a wrong code towards the lockout of the PIN for its source', async () => {
    const { check, send, verify, lastCode } = await setup();
    for (let i = 0; i < 4; i++) await check({ pin: PIN, password: `wrong-${i}`, source: A });
    await send('interaction-1', PIN);
    const wrong = lastCode() === '000000' ? '111111' : '000000';
    expect(await verify('interaction-1', wrong, A)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await verify('interaction-1', lastCode(), A)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('refuses an expired code', async () => {
    const { send, verify, clock, lastCode } = await setup();
    await send('interaction-1', PIN);
    clock.advance(301);
    expect(await verify('interaction-1', lastCode(), A)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a code when no code was sent for this sign-in', async () => {
    const { verify } = await setup();
    expect(await verify('interaction-9', '123456', A)).toEqual({ ok: false, reason: 'missing' });
  });
});
