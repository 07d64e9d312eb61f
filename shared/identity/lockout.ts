/**
 * Lockout after repeated failed sign-ins. Failures are counted per PIN whether or not the PIN has an account, so
 * that a locked PIN looks the same as a locked account and nobody can learn which PINs have accounts. The store
 * counts atomically (a conditional update in DynamoDB), so parallel guesses cannot slip past the limit.
 */

export interface LockoutPolicy {
  /** Consecutive failures (wrong password or wrong one-time code) that lock the PIN. Default 5. */
  readonly maxFailures: number;
  /** How long a lock lasts. Default 15 minutes. */
  readonly lockSeconds: number;
  /** How long a failure is remembered when no further attempt follows. Default 24 hours. */
  readonly rememberFailuresSeconds: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  lockSeconds: 15 * 60,
  rememberFailuresSeconds: 24 * 60 * 60,
};

const positiveInteger = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}".`);
  return parsed;
};

/** The policy from `LOGIN_MAX_FAILURES` and `LOGIN_LOCK_SECONDS`, defaulting to 5 failures and 15 minutes. */
export const lockoutPolicyFromEnv = (env: Readonly<Record<string, string | undefined>>): LockoutPolicy => ({
  maxFailures: positiveInteger('LOGIN_MAX_FAILURES', env.LOGIN_MAX_FAILURES, DEFAULT_LOCKOUT_POLICY.maxFailures),
  lockSeconds: positiveInteger('LOGIN_LOCK_SECONDS', env.LOGIN_LOCK_SECONDS, DEFAULT_LOCKOUT_POLICY.lockSeconds),
  rememberFailuresSeconds: DEFAULT_LOCKOUT_POLICY.rememberFailuresSeconds,
});

export interface FailureOutcome {
  /** Consecutive failures counted so far (0 right after a lock starts). */
  readonly failures: number;
  /** Epoch milliseconds until which the PIN is locked, if it is. */
  readonly lockedUntil?: number;
}

export interface LoginThrottle {
  /** Epoch milliseconds until which the PIN is locked at `now`, or undefined. */
  lockedUntil(pin: string, now: number): Promise<number | undefined>;
  /** Counts one failure; the one that reaches `policy.maxFailures` starts the lock. */
  recordFailure(pin: string, now: number, policy: LockoutPolicy): Promise<FailureOutcome>;
  /** Forgets the failures after a successful sign-in. */
  reset(pin: string): Promise<void>;
}
