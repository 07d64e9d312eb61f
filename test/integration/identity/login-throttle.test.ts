/**
 * The sign-in lockout's counters on DynamoDB Local under parallel failures: neither the per-source limit nor the
 * per-PIN ceiling is passed however many guesses arrive at once (the conditional updates are the only guard).
 */
import { randomInt } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoLoginThrottle } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { DEFAULT_LOCKOUT_POLICY } from '../../../shared/identity/lockout.ts';
import { testDocumentClient } from '../../support/clients.ts';

const client = testDocumentClient();
afterAll(() => client.destroy());
const throttle = new DynamoLoginThrottle(client, 'Identity');
/** A PIN no seeded citizen holds (province code 099), so no other test meets its counters. */
const freshPin = () => `099${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
const pinItem = async (pin: string) =>
  (await client.send(new GetCommand({ TableName: 'Identity', Key: { pk: `ACCOUNT#${pin}`, sk: 'LOCKOUT' } }))).Item;

describe('the sign-in lockout under parallel failures', () => {
  it('locks a source at its 5th failure however many of its guesses arrive at once', async () => {
    const pin = freshPin();
    const now = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => throttle.recordFailure(pin, '192.0.2.1', now, DEFAULT_LOCKOUT_POLICY)),
    );
    const counted = outcomes.filter((o) => o.lockedUntil === undefined).map((o) => o.failures);
    expect(counted.sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(outcomes.map((o) => o.lockedUntil).filter(Boolean))).toEqual(new Set([now + 15 * 60 * 1000]));
    expect(await throttle.lockedUntil(pin, '192.0.2.1', now, DEFAULT_LOCKOUT_POLICY)).toBe(now + 15 * 60 * 1000);
    expect(await throttle.lockedUntil(pin, '192.0.2.2', now, DEFAULT_LOCKOUT_POLICY)).toBeUndefined();
  });

  it('counts exactly 50 failures against a PIN from 80 sources at once, and locks it for every source', async () => {
    const pin = freshPin();
    const now = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 80 }, (_, i) => throttle.recordFailure(pin, `198.51.100.${i}`, now, DEFAULT_LOCKOUT_POLICY)),
    );
    const windowEndsAt = now + 24 * 60 * 60 * 1000;
    expect(await pinItem(pin)).toMatchObject({ failures: 50, windowEndsAt });
    // The 50th failure and the 30 refused after it report the lock; the 49 before it do not.
    expect(outcomes.filter((o) => o.lockedUntil === windowEndsAt)).toHaveLength(31);
    expect(await throttle.lockedUntil(pin, '203.0.113.250', now, DEFAULT_LOCKOUT_POLICY)).toBe(windowEndsAt);
    expect(await throttle.lockedUntil(pin, '203.0.113.250', windowEndsAt, DEFAULT_LOCKOUT_POLICY)).toBeUndefined();
  });
});
