import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { PopulationStore } from '../../../shared/adapters/dynamodb/population-store.ts';
import type { Citizen } from '../../../shared/domain/citizen.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import { testDocumentClient } from '../../support/clients.ts';

const client = testDocumentClient();
const store = new PopulationStore(client, 'Population');
const registered = { actor: 'system', action: 'birth-registered', at: new Date().toISOString() };
// Girls born in 2026 in Hồ Chí Minh City, with random serials: no seeded citizen nor another run meets them.
const pinOf = () => `079326${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const claimOf = (pin: string) => ({ key: `BIRTH#test-${pin}`, value: pin });
const child = (pin: string): Citizen => ({
  pin,
  fullName: 'Nguyễn Thị Thử',
  sex: 'female',
  birthDate: '2026-01-15',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { communeCode: '26734', provinceCode: '79', addressLine: 'Số 1', since: '2026-01-15' },
});
const get = async (pk: string, sk: string) =>
  (await client.send(new GetCommand({ TableName: 'Population', Key: { pk, sk }, ConsistentRead: true }))).Item;

describe('PopulationStore.createWithIssuedPin: the child created under a PIN no citizen holds, in one write', () => {
  afterAll(() => client.destroy());

  it('writes the record and the claim together; the record is the issuance, no item of its own', async () => {
    const pin = pinOf();
    expect(await store.createWithIssuedPin(child(pin), registered, claimOf(pin))).toBe(true);
    expect(await get(`ISSUED_PIN#${pin}`, 'ISSUED_PIN')).toBeUndefined();
    expect((await store.getCitizen(pin))?.fullName).toBe('Nguyễn Thị Thử');
    expect(await store.readClaim(claimOf(pin).key)).toBe(pin);
  });

  it('answers false and writes nothing for a PIN a citizen holds (seeded or migrated) or issued before', async () => {
    const held = pinOf();
    await store.createCitizen(child(held), registered);
    expect(await store.createWithIssuedPin(child(held), registered, claimOf(held))).toBe(false);
    expect(await store.readClaim(claimOf(held).key)).toBeUndefined();
    expect((await store.getCitizen(held))?.version).toBe(1);

    // A record is never deleted: the PIN of a citizen who has died is never given to anyone else.
    const dead = pinOf();
    await store.createCitizen({ ...child(dead), status: 'deceased', deathDate: '2026-02-01' }, registered);
    expect(await store.createWithIssuedPin(child(dead), registered, claimOf(dead))).toBe(false);

    const spent = pinOf();
    expect(await store.createWithIssuedPin(child(spent), registered, claimOf(spent))).toBe(true);
    const again = claimOf(`${spent}-again`);
    expect(await store.createWithIssuedPin(child(spent), registered, again)).toBe(false);
    expect(await store.readClaim(again.key)).toBeUndefined();
  });

  it('throws a ConflictError when the claim exists (another run won), spending no PIN', async () => {
    const first = pinOf();
    expect(await store.createWithIssuedPin(child(first), registered, claimOf(first))).toBe(true);
    const second = pinOf();
    await expect(
      store.createWithIssuedPin(child(second), registered, { key: claimOf(first).key, value: second }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getCitizen(second)).toBeUndefined();
  });
});
