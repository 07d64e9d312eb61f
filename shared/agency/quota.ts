/**
 * Per-client quotas for agency systems (OWASP API4): a fixed one-minute window counted atomically in
 * DynamoDB, so the limit holds across every Lambda execution environment. Over the limit → 429 with the
 * seconds until the window ends; the request is refused before any data is read.
 */
import { DomainError } from '../domain/errors.ts';

export interface QuotaCounter {
  /** Adds one to the client's counter for the window and returns the new count. */
  increment(clientId: string, windowStart: number, expiresAt: number): Promise<number>;
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

/** Counts one request of `clientId` and throws QuotaExceededError past its limit. */
export const enforceQuota =
  (deps: { counter: QuotaCounter; policy: QuotaPolicy; now: () => Date }) =>
  async (clientId: string): Promise<void> => {
    const nowSeconds = Math.floor(deps.now().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % 60);
    const limit = deps.policy.perClient[clientId] ?? deps.policy.defaultPerMinute;
    const count = await deps.counter.increment(clientId, windowStart, windowStart + 120);
    if (count > limit) throw new QuotaExceededError(clientId, limit, windowStart + 60 - nowSeconds);
  };
