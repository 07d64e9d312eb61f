import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/domain/errors.ts';
import type { Officer } from '../../../../shared/identity/account.ts';
import {
  activateLevel2,
  NotEligibleError,
  NotPermittedError,
  registerLevel1Account,
} from '../../../../shared/identity/accounts.ts';
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
const CHILD = aCitizen({ pin: '001313000001', birthDate: '2013-01-01', sex: 'female', fullName: 'Nguyễn Thị Bé' });
const DECEASED = aCitizen({
  pin: '001050000001',
  birthDate: '1950-01-01',
  status: 'deceased',
  deathDate: '2026-01-01',
});

const setup = (match = true) => {
  const accounts = memoryAccounts();
  const notifications = recordingNotifications();
  const deps = {
    citizens: memoryCitizens([ADULT, CHILD, DECEASED]),
    accounts,
    notifications,
    clock: manualClock(),
    hashParams: FAST_HASH,
  };
  const selfieCheck = { verify: async () => ({ match, reference: 'face-42' }) };
  return {
    accounts,
    notifications,
    register: registerLevel1Account({ ...deps, selfieCheck }),
    activate: activateLevel2({ ...deps, setups: memoryPasswordSetups(accounts), issuer: 'https://id.p06.example' }),
  };
};

const communePolice: Officer = {
  pin: '001085000001',
  roles: [{ agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00004' }],
};

describe('self-registration of a level-1 account', () => {
  it('opens a level-1 account with a hashed password after the selfie matches, and tells the holder', async () => {
    const { register, accounts, notifications } = setup();
    const account = await register({ pin: ADULT.pin, password: 'Demo@2026', selfie: 'c2VsZmll' });
    expect(account).toMatchObject({
      pin: ADULT.pin,
      level: 1,
      status: 'active',
      selfieCheck: { reference: 'face-42' },
    });
    expect(await verifySecret('Demo@2026', String(accounts.all.get(ADULT.pin)?.passwordHash))).toBe(true);
    expect(notifications.sent).toEqual([expect.objectContaining({ pin: ADULT.pin, kind: 'account-created' })]);
  });

  it('refuses a child under 14', async () => {
    await expect(setup().register({ pin: CHILD.pin, password: 'Demo@2026', selfie: 'x' })).rejects.toThrow(
      NotEligibleError,
    );
  });

  it('refuses a deceased citizen and an unknown PIN', async () => {
    const { register } = setup();
    await expect(register({ pin: DECEASED.pin, password: 'Demo@2026', selfie: 'x' })).rejects.toThrow(NotEligibleError);
    await expect(register({ pin: '001090999999', password: 'Demo@2026', selfie: 'x' })).rejects.toThrow(NotFoundError);
  });

  it('refuses when the selfie does not match the NPDB portrait', async () => {
    const { register, accounts } = setup(false);
    await expect(register({ pin: ADULT.pin, password: 'Demo@2026', selfie: 'x' })).rejects.toThrow(/selfie/);
    expect(accounts.all.size).toBe(0);
  });

  it('refuses a second account for the same PIN', async () => {
    const { register } = setup();
    await register({ pin: ADULT.pin, password: 'Demo@2026', selfie: 'x' });
    await expect(register({ pin: ADULT.pin, password: 'Other@2026', selfie: 'x' })).rejects.toThrow(ConflictError);
  });

  it('explains a weak password field by field', async () => {
    await expect(setup().register({ pin: ADULT.pin, password: 'short', selfie: 'x' })).rejects.toMatchObject({
      constructor: ValidationError,
      problems: expect.arrayContaining([{ field: 'password', message: 'Use at least 8 characters.' }]),
    });
  });
});

describe('level-2 activation by the commune police', () => {
  it('raises an existing account to level 2 and records who checked the citizen', async () => {
    const { register, activate, notifications } = setup();
    await register({ pin: ADULT.pin, password: 'Demo@2026', selfie: 'x' });
    const account = await activate(communePolice, ADULT.pin);
    expect(account).toMatchObject({ level: 2, level2: { activatedBy: communePolice.pin } });
    expect(notifications.sent.at(-1)).toMatchObject({ kind: 'account-level-2' });
  });

  it('opens a level-2 account without a password when the citizen had none', async () => {
    const { activate } = setup();
    const account = await activate(communePolice, ADULT.pin);
    expect(account).toMatchObject({ level: 2, status: 'active' });
    expect(account.passwordHash).toBeUndefined();
  });

  it('sends a set-password link to an account opened without a password, and none to one that has a password', async () => {
    const fresh = setup();
    await fresh.activate(communePolice, ADULT.pin);
    expect(fresh.notifications.sent.map((n) => n.kind)).toEqual(['account-level-2', 'password-setup']);
    expect(fresh.notifications.sent[1]?.text).toMatch(
      /https:\/\/id\.p06\.example\/oidc\/set-password\?token=[\w-]{43} /,
    );

    const registered = setup();
    await registered.register({ pin: ADULT.pin, password: 'Demo@2026', selfie: 'x' });
    await registered.activate(communePolice, ADULT.pin);
    expect(registered.notifications.sent.map((n) => n.kind)).toEqual(['account-created', 'account-level-2']);
  });

  it('lets a province-wide police supervisor activate anywhere in the province', async () => {
    const supervisor: Officer = {
      pin: '001080000001',
      roles: [{ agency: 'police', role: 'supervisor', provinceCode: '01' }],
    };
    await expect(setup().activate(supervisor, ADULT.pin)).resolves.toMatchObject({ level: 2 });
  });

  it('refuses police of another commune, and officers of other agencies', async () => {
    const { activate } = setup();
    const otherCommune: Officer = {
      pin: '001085000002',
      roles: [{ agency: 'police', role: 'officer', provinceCode: '01', communeCode: '00007' }],
    };
    const civilStatus: Officer = {
      pin: '001085000003',
      roles: [{ agency: 'civil-status', role: 'officer', provinceCode: '01', communeCode: '00004' }],
    };
    await expect(activate(otherCommune, ADULT.pin)).rejects.toThrow(NotPermittedError);
    await expect(activate(civilStatus, ADULT.pin)).rejects.toThrow(NotPermittedError);
  });

  it('refuses an officer activating their own account', async () => {
    const self: Officer = { ...communePolice, pin: ADULT.pin };
    await expect(setup().activate(self, ADULT.pin)).rejects.toThrow('their own account');
  });

  it('refuses a child under 14', async () => {
    await expect(setup().activate(communePolice, CHILD.pin)).rejects.toThrow(NotEligibleError);
  });
});
