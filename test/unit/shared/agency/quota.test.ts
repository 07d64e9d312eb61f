import { describe, expect, it } from 'vitest';
import { enforceQuota, leaseSize, type QuotaCounter, QuotaExceededError } from '../../../../shared/agency/quota.ts';

/** The DynamoDB window counters, in memory, shared by every "execution environment" of a test. */
const sharedCounter = () => {
  const counts = new Map<string, number>();
  const calls: number[] = [];
  const counter: QuotaCounter = {
    async increment(clientId, windowStart, _expiresAt, by) {
      calls.push(by);
      const key = `${clientId}|${windowStart}`;
      counts.set(key, (counts.get(key) ?? 0) + by);
      return counts.get(key) as number;
    },
  };
  return { counter, calls };
};

const policy = { defaultPerMinute: 120, perClient: { 'hospital-bach-mai': 1200 } };
const at = (seconds: number) => () => new Date(Date.UTC(2026, 2, 1, 2, 0, seconds));

/** Sends requests until `n` were tried; returns how many were admitted. */
const admitted = async (quota: (clientId: string) => Promise<void>, n: number, clientId = 'hospital-x') => {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    try {
      await quota(clientId);
      ok++;
    } catch (error) {
      if (!(error instanceof QuotaExceededError)) throw error;
    }
  }
  return ok;
};

describe('enforceQuota', () => {
  it('admits exactly the limit in one environment, then refuses with the seconds left in the window', async () => {
    const { counter } = sharedCounter();
    const quota = enforceQuota({ counter, policy, now: at(15) });
    expect(await admitted(quota, 120)).toBe(120);
    const refusal = quota('hospital-x');
    await expect(refusal).rejects.toThrow(QuotaExceededError);
    await expect(refusal).rejects.toMatchObject({ retryAfterSeconds: 45 });
  });

  it('asks DynamoDB once per lease, not once per request', async () => {
    const { counter, calls } = sharedCounter();
    const quota = enforceQuota({ counter, policy, now: at(0) });
    await admitted(quota, 600, 'hospital-bach-mai');
    expect(leaseSize(1200)).toBe(50);
    expect(calls.length).toBeLessThanOrEqual(600 / 50 + 1);
    expect(calls.every((by) => by === 50)).toBe(true);
  });

  it('never admits more than the limit across environments, and refuses at most a lease per other environment early', async () => {
    const { counter } = sharedCounter();
    const environments = Array.from({ length: 4 }, () => enforceQuota({ counter, policy, now: at(30) }));
    let ok = 0;
    // Interleaved, as a load balancer spreads a hospital's requests over environments.
    for (let i = 0; i < 400; i++) ok += await admitted(environments[i % 4] as (clientId: string) => Promise<void>, 1);
    expect(ok).toBeLessThanOrEqual(120);
    expect(ok).toBeGreaterThanOrEqual(120 - 3 * leaseSize(120));
  });

  it('starts every client afresh in the next window', async () => {
    const { counter } = sharedCounter();
    let seconds = 10;
    const quota = enforceQuota({
      counter,
      policy,
      now: () => new Date(Date.UTC(2026, 2, 1, 2, 0, 0) + seconds * 1000),
    });
    expect(await admitted(quota, 150)).toBe(120);
    seconds = 70;
    expect(await admitted(quota, 150)).toBe(120);
  });

  it('takes the lease again on the next request when taking it in the background failed', async () => {
    const { counter } = sharedCounter();
    let failNext = false;
    const flaky: QuotaCounter = {
      async increment(...args) {
        if (failNext) {
          failNext = false;
          throw new Error('throttled');
        }
        return counter.increment(...args);
      },
    };
    const quota = enforceQuota({ counter: flaky, policy, now: at(5) });
    await quota('hospital-x');
    failNext = true;
    expect(await admitted(quota, 119)).toBe(119);
    await expect(quota('hospital-x')).rejects.toThrow(QuotaExceededError);
  });
});
