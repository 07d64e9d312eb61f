/**
 * The registry's number series on DynamoDB Local: positions taken by block (one ADD per lease), never the same
 * position twice across environments, and the waste bounded by one unspent lease per environment.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoRegistrySerials } from '../../../shared/adapters/dynamodb/registry-serials.ts';
import type { PinSerialKeyStore } from '../../../shared/adapters/secrets/pin-serial-key.ts';
import { testDocumentClient } from '../../support/clients.ts';

const client = testDocumentClient();
const noKey: PinSerialKeyStore = { load: () => Promise.reject(new Error('no permutation in this test')) };
const environment = (leaseSize?: number) =>
  new DynamoRegistrySerials(client, 'Population', noKey, leaseSize === undefined ? {} : { leaseSize });
/** A series of its own per test: a PIN prefix no birth uses (the digits are not checked here). */
const series = () => `T${randomUUID().slice(0, 8)}`;
const counter = async (prefix: string) =>
  (
    await client.send(
      new GetCommand({
        TableName: 'Population',
        Key: { pk: `SERIAL#PIN#${prefix}`, sk: 'SERIAL' },
        ConsistentRead: true,
      }),
    )
  ).Item?.last;

const increasing = (values: readonly number[]) => values.every((v, i) => i === 0 || v > (values[i - 1] as number));

describe('DynamoRegistrySerials', () => {
  afterAll(() => client.destroy());

  it('hands out a lease of ten positions per ADD, in order, to concurrent requests of one environment', async () => {
    const prefix = series();
    const serials = environment();
    const positions = await Promise.all(Array.from({ length: 25 }, () => serials.nextPinSerial(prefix)));
    expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(increasing(positions)).toBe(true);
    // Three ADDs of ten: the five positions left are this environment's to hand out next.
    expect(await counter(prefix)).toBe(30);
    expect(await serials.nextPinSerial(prefix)).toBe(26);
  });

  it('never gives two environments the same position, and skips at most one lease per environment', async () => {
    const prefix = series();
    const environments = [environment(), environment(), environment()];
    const taken = await Promise.all(
      environments.map(async (serials) => {
        const mine: number[] = [];
        for (let i = 0; i < 17; i++) mine.push(await serials.nextPinSerial(prefix));
        return mine;
      }),
    );
    for (const mine of taken) expect(increasing(mine)).toBe(true);
    const all = taken.flat();
    expect(new Set(all).size).toBe(51);
    const last = Number(await counter(prefix));
    // Each environment took two leases of ten for its 17 positions; the 9 left unspent are never issued.
    expect(last).toBe(60);
    expect(Math.max(...all)).toBeLessThanOrEqual(last);
  });

  it('takes one position per ADD with a lease of one, and continues a series counted before leases', async () => {
    const prefix = series();
    const single = environment(1);
    expect([await single.nextPinSerial(prefix), await single.nextPinSerial(prefix)]).toEqual([1, 2]);
    expect(await counter(prefix)).toBe(2);
    expect(await environment().nextPinSerial(prefix)).toBe(3);
    expect(await counter(prefix)).toBe(12);
    expect(() => environment(0)).toThrow(RangeError);
  });

  it('keeps social-insurance serials per province, apart from the PIN series', async () => {
    const serials = environment();
    const province = `T${randomUUID().slice(0, 6)}`;
    expect([
      await serials.nextSocialInsuranceSerial(province),
      await serials.nextSocialInsuranceSerial(province),
    ]).toEqual([1, 2]);
    expect(await serials.nextPinSerial(province)).toBe(1);
  });
});
