/**
 * Per-client quotas for agency systems (OWASP API4): a fixed one-minute window counted atomically in
 * DynamoDB, so the limit holds across every Lambda execution environment. Over the limit → 429 with the
 * seconds until the window ends; the request is refused before any data is read.
 *
 * Requests are not counted in DynamoDB one by one: each execution environment takes a lease of several
 * requests of the window at once (one atomic ADD) and spends it in memory, taking the next lease in the
 * background when half is spent. The sum of leases granted in a window never exceeds the limit, so no
 * client ever gets more than its quota; the price is that a client can be refused up to one lease per other
 * environment early, when those environments hold requests they have not spent yet.
 */
import { DomainError } from '../domain/errors.ts';

export interface QuotaCounter {
  /** Adds `by` to the client's counter for the window and returns the new count. */
  increment(clientId: string, windowStart: number, expiresAt: number, by: number): Promise<number>;
}

/** Requests per minute by client; others get `defaultPerMinute`. */
export interface QuotaPolicy {
  readonly defaultPerMinute: number;
  readonly perClient: Readonly<Record<string, number>>;
}

export const DEFAULT_QUOTA_POLICY: QuotaPolicy = {
  defaultPerMinute: 120,
  // A large hospital checks in thousands of patients a day; peaks of a few per second.
  perClient: { 'hospital-bach-mai': 1200, 'bank-vcb': 600, 'ministry-health': 60 },
};

export class QuotaExceededError extends DomainError {
  constructor(
    clientId: string,
    limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`Client ${clientId} has used its quota of ${limit} requests a minute. Retry in ${retryAfterSeconds} s.`, 429);
  }
}

/** Requests one lease covers: a twentieth of the limit, between 1 and 50. */
export const leaseSize = (limit: number) => Math.max(1, Math.min(50, Math.floor(limit / 20)));

interface Lease {
  readonly windowStart: number;
  /** Requests of this window this environment may still admit without asking DynamoDB. */
  remaining: number;
  /** The counter reached the limit: no further lease in this window. */
  exhausted: boolean;
  taking?: Promise<void> | undefined;
}

/**
 * Counts one request of `clientId` and throws QuotaExceededError past its limit.
 * 1. Find this environment's lease for the client's current window (a new window starts empty).
 * 2. If it is spent, take the next one and wait for it: ADD the lease size to the window's counter; the part
 *    of the lease that stays within the limit is granted (none once the limit is reached: 429).
 * 3. Spend one request; when half the lease is spent, take the next one in the background, so a steady
 *    client never waits for DynamoDB.
 */
export const enforceQuota = (deps: { counter: QuotaCounter; policy: QuotaPolicy; now: () => Date }) => {
  const leases = new Map<string, Lease>();
  const take = (clientId: string, lease: Lease, limit: number): Promise<void> => {
    lease.taking ??= (async () => {
      try {
        const size = leaseSize(limit);
        const count = await deps.counter.increment(clientId, lease.windowStart, lease.windowStart + 120, size);
        const granted = Math.max(0, Math.min(size, limit - (count - size)));
        lease.remaining += granted;
        if (granted < size) lease.exhausted = true;
      } finally {
        lease.taking = undefined;
      }
    })();
    return lease.taking;
  };
  return async (clientId: string): Promise<void> => {
    const nowSeconds = Math.floor(deps.now().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % 60);
    const limit = deps.policy.perClient[clientId] ?? deps.policy.defaultPerMinute;
    let lease = leases.get(clientId);
    if (lease?.windowStart !== windowStart) {
      lease = { windowStart, remaining: 0, exhausted: false };
      leases.set(clientId, lease);
    }
    while (lease.remaining <= 0 && !lease.exhausted) await take(clientId, lease, limit);
    if (lease.remaining <= 0) throw new QuotaExceededError(clientId, limit, windowStart + 60 - nowSeconds);
    lease.remaining -= 1;
    if (lease.remaining <= leaseSize(limit) / 2 && !lease.exhausted && !lease.taking) {
      // A failed background lease is not lost: the next request that finds the lease spent takes it again.
      take(clientId, lease, limit).catch(() => undefined);
    }
  };
};
