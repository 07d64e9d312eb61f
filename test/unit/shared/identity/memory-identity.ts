/** In-memory identity ports with the same semantics as the DynamoDB adapters, for use-case tests without AWS. */
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import type { Clock } from '../../../../shared/domain/clock.ts';
import type {
  Account,
  AccountStore,
  CitizenReader,
  PasswordSetup,
  PasswordSetupStore,
} from '../../../../shared/identity/account.ts';
import type { FailureOutcome, LockoutPolicy, LoginThrottle } from '../../../../shared/identity/lockout.ts';
import type { Notification, NotificationSender } from '../../../../shared/identity/notifications.ts';
import type { OneTimeCodeChallenge, OneTimeCodeStore } from '../../../../shared/identity/one-time-codes.ts';
import type { ScryptParams } from '../../../../shared/identity/passwords.ts';

/** Cheap scrypt parameters so unit tests stay fast; the format and comparison are the real ones. */
export const FAST_HASH: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

export const manualClock = (start = '2026-07-01T03:00:00.000Z') => {
  let now = Date.parse(start);
  const clock: Clock & { advance(seconds: number): void; set(iso: string): void } = {
    now: () => new Date(now),
    advance: (seconds) => {
      now += seconds * 1000;
    },
    set: (iso) => {
      now = Date.parse(iso);
    },
  };
  return clock;
};

export const memoryCitizens = (citizens: readonly Citizen[]): CitizenReader & { byPin: Map<string, Citizen> } => {
  const byPin = new Map(citizens.map((c) => [c.pin, c]));
  return { byPin, getCitizen: async (pin) => byPin.get(pin) };
};

export const memoryAccounts = (): AccountStore & { all: Map<string, Account> } => {
  const all = new Map<string, Account>();
  return {
    all,
    get: async (pin) => all.get(pin),
    create: async (account) => {
      if (all.has(account.pin)) return false;
      all.set(account.pin, account);
      return true;
    },
    setLevel2: async (pin, activation, at) => {
      const account = all.get(pin);
      if (!account) return false;
      all.set(pin, { ...account, level: 2, level2: activation, updatedAt: at });
      return true;
    },
    setPasswordHash: async (pin, passwordHash, at) => {
      const account = all.get(pin);
      if (account) all.set(pin, { ...account, passwordHash, updatedAt: at });
    },
    setPhone: async (pin, phone, at) => {
      const account = all.get(pin);
      if (!account) return false;
      all.set(pin, { ...account, phone, updatedAt: at });
      return true;
    },
    setOfficerRoles: async (pin, roles, expectedUpdatedAt, at) => {
      const account = all.get(pin);
      if (account?.updatedAt !== expectedUpdatedAt) return false;
      all.set(pin, { ...account, officerRoles: [...roles], updatedAt: at });
      return true;
    },
  };
};

/**
 * The lockout counters in memory with the DynamoDB throttle's contract: per PIN and source, consecutive failures lock
 * the source for `lockSeconds`; per PIN, `maxFailuresPerPin` failures within a window lock the PIN until it ends.
 */
export const memoryThrottle = (): LoginThrottle & {
  bySource: Map<string, { failures: number; lockedUntil?: number }>;
  byPin: Map<string, { failures: number; windowEndsAt: number }>;
} => {
  const bySource = new Map<string, { failures: number; lockedUntil?: number }>();
  const byPin = new Map<string, { failures: number; windowEndsAt: number }>();
  const sourceKey = (pin: string, source: string) => `${pin}#${source}`;
  const pinLock = (pin: string, now: number, policy: LockoutPolicy) => {
    const window = byPin.get(pin);
    return window && window.windowEndsAt > now && window.failures >= policy.maxFailuresPerPin
      ? window.windowEndsAt
      : undefined;
  };
  const sourceLock = (pin: string, source: string, now: number) => {
    const until = bySource.get(sourceKey(pin, source))?.lockedUntil;
    return until !== undefined && until > now ? until : undefined;
  };
  const latest = (...times: (number | undefined)[]) => {
    const set = times.filter((t): t is number => t !== undefined);
    return set.length === 0 ? undefined : Math.max(...set);
  };
  return {
    bySource,
    byPin,
    lockedUntil: async (pin, source, now, policy) => latest(pinLock(pin, now, policy), sourceLock(pin, source, now)),
    recordFailure: async (pin, source, now, policy): Promise<FailureOutcome> => {
      const window = byPin.get(pin);
      if (!window || window.windowEndsAt <= now) {
        byPin.set(pin, { failures: 1, windowEndsAt: now + policy.pinWindowSeconds * 1000 });
      } else if (window.failures < policy.maxFailuresPerPin) {
        window.failures += 1;
      }
      const key = sourceKey(pin, source);
      const current = bySource.get(key) ?? { failures: 0 };
      let outcome: FailureOutcome;
      if (current.lockedUntil !== undefined && current.lockedUntil > now) {
        outcome = { failures: 0, lockedUntil: current.lockedUntil };
      } else if (current.failures + 1 >= policy.maxFailures) {
        const until = now + policy.lockSeconds * 1000;
        bySource.set(key, { failures: 0, lockedUntil: until });
        outcome = { failures: 0, lockedUntil: until };
      } else {
        bySource.set(key, { ...current, failures: current.failures + 1 });
        outcome = { failures: current.failures + 1 };
      }
      const lockedUntil = latest(outcome.lockedUntil, pinLock(pin, now, policy));
      return lockedUntil === undefined ? outcome : { failures: 0, lockedUntil };
    },
    reset: async (pin, source) => {
      bySource.delete(sourceKey(pin, source));
    },
    unlock: async (pin, source) => {
      bySource.delete(sourceKey(pin, source));
      byPin.delete(pin);
    },
  };
};

export const memoryCodes = (): OneTimeCodeStore & { all: Map<string, OneTimeCodeChallenge> } => {
  const all = new Map<string, OneTimeCodeChallenge>();
  return {
    all,
    put: async (challenge) => {
      all.set(challenge.id, challenge);
    },
    get: async (id) => all.get(id),
    recordFailedAttempt: async (id) => {
      const challenge = all.get(id);
      if (!challenge) return undefined;
      all.set(id, { ...challenge, attempts: challenge.attempts + 1 });
      return challenge.attempts + 1;
    },
    consume: async (id, { now, maxAttempts }) => {
      const challenge = all.get(id);
      if (!challenge || challenge.attempts >= maxAttempts || challenge.expiresAt <= now) return undefined;
      all.delete(id);
      return challenge;
    },
  };
};

export const recordingNotifications = (): NotificationSender & { sent: Notification[] } => {
  const sent: Notification[] = [];
  return {
    sent,
    send: async (notification) => {
      sent.push(notification);
    },
  };
};

/** A living adult of Hà Nội, commune 00004, born in 1990. */
export const aCitizen = (overrides: Partial<Citizen> = {}): Citizen => ({
  pin: '001090000123',
  fullName: 'Nguyễn Văn An',
  sex: 'male',
  birthDate: '1990-05-17',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { communeCode: '00004', provinceCode: '01', addressLine: 'Số 1, Phố Huế', since: '2010-01-01' },
  ...overrides,
});

/** Set-password links in memory, with the DynamoDB adapter's single-use semantics. */
export const memoryPasswordSetups = (
  accounts: ReturnType<typeof memoryAccounts>,
): PasswordSetupStore & { links: Map<string, PasswordSetup> } => {
  const links = new Map<string, PasswordSetup>();
  return {
    links,
    create: async (tokenHash, setup) => {
      links.set(tokenHash, setup);
    },
    find: async (tokenHash, now) => {
      const setup = links.get(tokenHash);
      return setup && setup.expiresAt > now ? setup : undefined;
    },
    complete: async (tokenHash, pin, passwordHash, now, at) => {
      const setup = links.get(tokenHash);
      if (!setup || setup.expiresAt <= now || setup.pin !== pin) return 'link-gone';
      const account = accounts.all.get(pin);
      if (account?.status !== 'active' || account.passwordHash !== undefined) return 'password-exists';
      links.delete(tokenHash);
      accounts.all.set(pin, { ...account, passwordHash, updatedAt: at });
      return 'done';
    },
  };
};
