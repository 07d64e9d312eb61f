import { describe, expect, it } from 'vitest';
import type { Officer } from '../../../../shared/identity/account.ts';
import { activateLevel2 } from '../../../../shared/identity/accounts.ts';
import {
  checkPasswordSetupLink,
  completePasswordSetup,
  PASSWORD_SETUP_VALID_HOURS,
} from '../../../../shared/identity/password-setup.ts';
import { verifySecret } from '../../../../shared/identity/passwords.ts';
import {
  aCitizen,
  FAST_HASH,
  manualClock,
  memoryAccounts,
  memoryCitizens,
  memoryPasswordSetups,
  recordingNotifications,
} from './memory-identity.ts';

const ADULT = aCitizen();
const police: Officer = {
  pin: '001085000001',
  roles: [{ agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00004' }],
};

/** A level-2 activation of a citizen without an account; returns the token of the link sent. */
const activated = async () => {
  const accounts = memoryAccounts();
  const setups = memoryPasswordSetups(accounts);
  const notifications = recordingNotifications();
  const clock = manualClock();
  const deps = { citizens: memoryCitizens([ADULT]), accounts, setups, notifications, clock, hashParams: FAST_HASH };
  const activate = activateLevel2({ ...deps, issuer: 'https://id.p06.example' });
  await activate(police, ADULT.pin);
  const tokenOf = () => /token=([\w-]{43})/.exec(notifications.sent.at(-1)?.text ?? '')?.[1] as string;
  return {
    accounts,
    setups,
    notifications,
    clock,
    activate,
    tokenOf,
    token: tokenOf(),
    complete: completePasswordSetup({ ...deps, issuer: 'https://id.p06.example' }),
    check: checkPasswordSetupLink(deps),
  };
};

describe('the set-password step after a level-2 activation without an account', () => {
  it('stores only the hash of the link token', async () => {
    const { setups, token } = await activated();
    expect(setups.links.size).toBe(1);
    expect([...setups.links.keys()][0]).not.toBe(token);
    expect(JSON.stringify([...setups.links])).not.toContain(token);
  });

  it('sets the password once through the link, tells the holder, and the password then verifies', async () => {
    const { complete, accounts, notifications, token, check } = await activated();
    expect(await check(token)).toBe(true);
    expect(await complete({ token, password: 'Mat-khau-2026', confirmation: 'Mat-khau-2026' })).toEqual({
      kind: 'done',
    });
    expect(await verifySecret('Mat-khau-2026', String(accounts.all.get(ADULT.pin)?.passwordHash))).toBe(true);
    expect(notifications.sent.at(-1)).toMatchObject({ pin: ADULT.pin, kind: 'account-password-set' });
    expect(await check(token)).toBe(false);
  });

  it('refuses a second use of the link and keeps the first password', async () => {
    const { complete, accounts, token } = await activated();
    await complete({ token, password: 'Mat-khau-2026', confirmation: 'Mat-khau-2026' });
    expect(await complete({ token, password: 'Khac-hoan-toan-9', confirmation: 'Khac-hoan-toan-9' })).toEqual({
      kind: 'link-gone',
    });
    expect(await verifySecret('Mat-khau-2026', String(accounts.all.get(ADULT.pin)?.passwordHash))).toBe(true);
  });

  it('lets only the first of two links set the password (an activation retried after the first link was lost)', async () => {
    const { activate, tokenOf, token: first, complete, accounts } = await activated();
    await activate(police, ADULT.pin);
    const second = tokenOf();
    expect(second).not.toBe(first);
    expect((await complete({ token: second, password: 'Mat-khau-2026', confirmation: 'Mat-khau-2026' })).kind).toBe(
      'done',
    );
    expect(
      (await complete({ token: first, password: 'Khac-hoan-toan-9', confirmation: 'Khac-hoan-toan-9' })).kind,
    ).toBe('link-gone');
    expect(await verifySecret('Mat-khau-2026', String(accounts.all.get(ADULT.pin)?.passwordHash))).toBe(true);
  });

  it('rejects a weak or mistyped password, changes nothing and leaves the link usable', async () => {
    const { complete, accounts, token, check } = await activated();
    expect(await complete({ token, password: 'short1', confirmation: 'short1' })).toMatchObject({ kind: 'rejected' });
    expect(await complete({ token, password: `${ADULT.pin}abc`, confirmation: `${ADULT.pin}abc` })).toMatchObject({
      kind: 'rejected',
    });
    expect(await complete({ token, password: 'Mat-khau-2026', confirmation: 'Mat-khau-2027' })).toMatchObject({
      kind: 'rejected',
      problems: ['The two passwords are not the same.'],
    });
    expect(accounts.all.get(ADULT.pin)?.passwordHash).toBeUndefined();
    expect(await check(token)).toBe(true);
  });

  it(`refuses a link after ${PASSWORD_SETUP_VALID_HOURS} hours, and a malformed or unknown token`, async () => {
    const { complete, clock, token, accounts } = await activated();
    const attempt = (t: string) => complete({ token: t, password: 'Mat-khau-2026', confirmation: 'Mat-khau-2026' });
    expect(await attempt('not-a-token')).toEqual({ kind: 'link-gone' });
    expect(await attempt('A'.repeat(43))).toEqual({ kind: 'link-gone' });
    clock.advance(PASSWORD_SETUP_VALID_HOURS * 3600);
    expect(await attempt(token)).toEqual({ kind: 'link-gone' });
    expect(accounts.all.get(ADULT.pin)?.passwordHash).toBeUndefined();
  });
});
