import { describe, expect, it } from 'vitest';
import { getMyRecord } from '../../../../shared/citizen/get-my-record.ts';
import { listMyChildren } from '../../../../shared/citizen/list-my-children.ts';
import { citizen, memoryAccessLog, memoryPopulation } from '../../../support/memory-ports.ts';

const mother = citizen({ pin: '001185000001', sex: 'female', relationToHead: 'head' });
const minor = citizen({ pin: '001215000002', birthDate: '2015-05-05', motherPin: mother.pin, relationToHead: 'child' });
const adultChild = citizen({
  pin: '001200000003',
  birthDate: '2000-01-01',
  motherPin: mother.pin,
  relationToHead: 'child',
});
const deadChild = citizen({ pin: '001220000004', birthDate: '2020-01-01', motherPin: mother.pin, status: 'deceased' });
const population = memoryPopulation([mother, minor, adultChild, deadChild]);
const principal = (pin: string) => ({
  kind: 'citizen' as const,
  pin,
  level: 2 as const,
  clientId: 'p',
  scopes: ['citizen'],
  officerRoles: [],
});

describe('getMyRecord', () => {
  it('returns the record with unit names and household, and logs the citizen and each member shown', async () => {
    const log = memoryAccessLog();
    const record = await getMyRecord({ population, accessLog: log.recorder })(principal(mother.pin), 'r');
    expect(record.permanentResidence?.provinceName).toBe('Hà Nội');
    expect(record.household?.members.map((m) => m.pin).sort()).toEqual(
      [minor.pin, adultChild.pin, deadChild.pin].sort(),
    );
    expect(log.entries.map((e) => e.subjectPin).sort()).toEqual(
      [mother.pin, minor.pin, adultChild.pin, deadChild.pin].sort(),
    );
  });

  it('answers 404 when the NPDB holds no record for the PIN', async () => {
    await expect(
      getMyRecord({ population, accessLog: memoryAccessLog().recorder })(principal('001099999999'), 'r'),
    ).rejects.toMatchObject({
      httpStatus: 404,
    });
  });
});

describe('listMyChildren', () => {
  it('lists living minors only and logs each child with the parent as reader', async () => {
    const log = memoryAccessLog();
    const { children } = await listMyChildren({
      population,
      accessLog: log.recorder,
      now: () => new Date('2026-11-23T00:00:00Z'),
    })(principal(mother.pin), 'r');
    expect(children.map((c) => c.pin)).toEqual([minor.pin]);
    expect(log.entries).toEqual([
      expect.objectContaining({
        subjectPin: minor.pin,
        accessor: { type: 'citizen', id: mother.pin },
        purpose: 'parent-of-minor',
      }),
    ]);
  });
});
