/**
 * Lockout after repeated failed sign-ins, following OWASP's guidance that a lockout must not hand an attacker a way to
 * lock the owner out. Two counters, both kept whether or not the PIN has an account (a locked PIN looks the same as a
 * locked account, so nobody learns which PINs have accounts), both counted atomically (conditional updates in
 * DynamoDB), so parallel guesses cannot slip past either limit:
 * - per PIN and source (the client address API Gateway saw): `maxFailures` wrong passwords or codes from one source
 *   lock that source out of that PIN for `lockSeconds`; the owner signing in from elsewhere is not affected;
 * - per PIN across all sources: `maxFailuresPerPin` failures within `pinWindowSeconds` lock the PIN for everyone until
 *   the window ends, so guessing spread over many addresses still stops (at most that many guesses per window).
 */

export interface LockoutPolicy {
  /** Consecutive failures (wrong password or wrong one-time code) from one source that lock it out of the PIN. Default 5. */
  readonly maxFailures: number;
  /** How long a source's lock lasts. Default 15 minutes. */
  readonly lockSeconds: number;
  /** How long a source's failures are remembered when no further attempt follows. Default 24 hours. */
  readonly rememberFailuresSeconds: number;
  /**
   * Failures from all sources together, within `pinWindowSeconds` of the first, that lock the PIN itself until the
   * window ends. Default 50: ten sources' worth of `maxFailures`. Far above what an owner mistypes in a day, it caps
   * guessing from many addresses at 50 a day per PIN, while one address needs ten of its own locks (two and a half
   * hours at least) to reach it, so locking a citizen out for the day is no longer a matter of five requests.
   */
  readonly maxFailuresPerPin: number;
  /** The window of the per-PIN ceiling, opened by its first failure. Default 24 hours. */
  readonly pinWindowSeconds: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  lockSeconds: 15 * 60,
  rememberFailuresSeconds: 24 * 60 * 60,
  maxFailuresPerPin: 50,
  pinWindowSeconds: 24 * 60 * 60,
};

const positiveInteger = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, got "${value}".`);
  return parsed;
};

/**
 * The policy from `LOGIN_MAX_FAILURES`, `LOGIN_LOCK_SECONDS` (per PIN and source), `LOGIN_MAX_FAILURES_PER_PIN` and
 * `LOGIN_PIN_WINDOW_SECONDS` (per PIN), defaulting to 5 failures and 15 minutes, and 50 failures in 24 hours.
 */
export const lockoutPolicyFromEnv = (env: Readonly<Record<string, string | undefined>>): LockoutPolicy => {
  const policy: LockoutPolicy = {
    maxFailures: positiveInteger('LOGIN_MAX_FAILURES', env.LOGIN_MAX_FAILURES, DEFAULT_LOCKOUT_POLICY.maxFailures),
    lockSeconds: positiveInteger('LOGIN_LOCK_SECONDS', env.LOGIN_LOCK_SECONDS, DEFAULT_LOCKOUT_POLICY.lockSeconds),
    rememberFailuresSeconds: DEFAULT_LOCKOUT_POLICY.rememberFailuresSeconds,
    maxFailuresPerPin: positiveInteger(
      'LOGIN_MAX_FAILURES_PER_PIN',
      env.LOGIN_MAX_FAILURES_PER_PIN,
      DEFAULT_LOCKOUT_POLICY.maxFailuresPerPin,
    ),
    pinWindowSeconds: positiveInteger(
      'LOGIN_PIN_WINDOW_SECONDS',
      env.LOGIN_PIN_WINDOW_SECONDS,
      DEFAULT_LOCKOUT_POLICY.pinWindowSeconds,
    ),
  };
  if (policy.maxFailuresPerPin < policy.maxFailures) {
    throw new Error(
      `LOGIN_MAX_FAILURES_PER_PIN (${policy.maxFailuresPerPin}) must be at least LOGIN_MAX_FAILURES (${policy.maxFailures}): otherwise one source locks the PIN for everyone.`,
    );
  }
  return policy;
};

/**
 * The source a sign-in attempt is counted against: the client address as API Gateway saw the connection (the event's
 * `requestContext.identity.sourceIp`, which a client cannot set, unlike X-Forwarded-For). An IPv4-mapped IPv6 address
 * is its IPv4 address; another IPv6 address counts as its /64, which one subscriber usually holds whole, so rotating
 * through it does not buy fresh attempts.
 */
export const loginSource = (address: string | undefined): string => {
  const raw = (address ?? '').trim().toLowerCase();
  if (raw === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(raw);
  if (mapped?.[1]) return mapped[1];
  if (!raw.includes(':')) return raw;
  const [head = '', tail] = raw.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
};

export interface FailureOutcome {
  /** Consecutive failures of this source counted so far (0 right after a lock starts). */
  readonly failures: number;
  /** Epoch milliseconds until which this source (or, past the ceiling, everyone) is locked out of the PIN, if so. */
  readonly lockedUntil?: number;
}

export interface LoginThrottle {
  /** Epoch milliseconds until which `source` may not sign in to `pin` at `now` (its own lock or the PIN's), or undefined. */
  lockedUntil(pin: string, source: string, now: number, policy: LockoutPolicy): Promise<number | undefined>;
  /**
   * Counts one failure of `source` for `pin` on both counters: the one that reaches `policy.maxFailures` locks the
   * source out, the one that reaches `policy.maxFailuresPerPin` within the window locks the PIN.
   */
  recordFailure(pin: string, source: string, now: number, policy: LockoutPolicy): Promise<FailureOutcome>;
  /**
   * Forgets the source's failures after a successful sign-in. The PIN's count stays until its window ends: an owner's
   * success must not buy guessers from elsewhere a fresh allowance.
   */
  reset(pin: string, source: string): Promise<void>;
  /**
   * Forgets the PIN's count (ending its lock) and the source's failures, after the holder proved their phone (a
   * password reset); other sources stay locked.
   */
  unlock(pin: string, source: string): Promise<void>;
}
