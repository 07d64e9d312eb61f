import { describe, expect, it } from 'vitest';
import type {
  ChangeContext,
  CitizenChange,
  StoredCitizen,
} from '../../../../shared/adapters/dynamodb/population-store.ts';
import { linkBatch } from '../../../../shared/bulk-sync/link-records.ts';
import type { BulkPopulation } from '../../../../shared/bulk-sync/ports.ts';
import { syncSource } from '../../../../shared/bulk-sync/sources.ts';
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import { ConflictError } from '../../../../shared/domain/errors.ts';

const citizen = (pin: string, extra: Partial<Citizen> = {}): StoredCitizen => ({
  pin,
  fullName: 'Trần Văn Minh',
  sex: 'male',
  birthDate: '1985-07-09',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { communeCode: '00004', provinceCode: '01', addressLine: 'Số 1', since: '2000-01-01' },
  version: 1,
  ...extra,
});
const record = (pin: string, extra = {}) => ({
  cardNumber: 'GD4010000000009',
  pin,
  fullName: 'Trần Văn Minh',
  birthDate: '1985-07-09',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  facilityCode: '01001',
  ...extra,
});

class MemoryPopulation implements BulkPopulation {
  readonly writes: ChangeContext[] = [];
  bulkCalls = 0;
  conflictsLeft = 0;
  constructor(readonly records: Map<string, StoredCitizen>) {}
  async getCitizens(pins: readonly string[]) {
    return new Map(pins.flatMap((p) => (this.records.has(p) ? [[p, this.records.get(p) as StoredCitizen]] : [])));
  }
  async getCitizen(pin: string) {
    return this.records.get(pin);
  }
  async updateCitizen(before: StoredCitizen, after: Citizen, change: ChangeContext) {
    if (this.conflictsLeft-- > 0) {
      this.records.set(before.pin, { ...before, version: before.version + 1 });
      throw new ConflictError('changed meanwhile');
    }
    if (this.records.get(before.pin)?.version !== before.version) throw new ConflictError('changed meanwhile');
    const stored = { ...after, version: before.version + 1 };
    this.records.set(after.pin, stored);
    this.writes.push(change);
    return stored;
  }
  /** As DynamoDB's conditions do: a change whose record moved on is a conflict, the others are written. */
  async updateCitizens(changes: readonly CitizenChange[]) {
    this.bulkCalls++;
    const outcomes = new Map<string, 'written' | 'conflict'>();
    for (const { before, after, change } of changes) {
      try {
        await this.updateCitizen(before, after, change);
        outcomes.set(before.pin, 'written');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        outcomes.set(before.pin, 'conflict');
      }
    }
    return outcomes;
  }
}

const run = (population: MemoryPopulation, items: ReturnType<typeof record>[]) =>
  linkBatch({ population, source: syncSource('health-insurance'), now: () => '2026-12-05T00:00:00Z' })({
    runId: 'r1',
    items: items.map((r, i) => ({ line: i + 1, record: r })),
  });

describe('linkBatch', () => {
  it('links a matching card, reports mismatches with reasons and unknown PINs', async () => {
    const population = new MemoryPopulation(
      new Map([
        ['001085000001', citizen('001085000001')],
        ['001085000002', citizen('001085000002')],
        ['001085000003', citizen('001085000003', { status: 'deceased', deathDate: '2026-01-02' })],
      ]),
    );
    const result = await run(population, [
      record('001085000001'),
      record('001085000002', { fullName: 'Trần Văn Mính', birthDate: '1985-07-10', cardNumber: 'GD4010000000008' }),
      record('001085000003', { cardNumber: 'GD4010000000007' }),
      record('001085999999', { cardNumber: 'GD4010000000006' }),
    ]);
    expect(result.counts).toEqual({ linked: 1, unchanged: 0, mismatched: 2, 'unknown-pin': 1 });
    expect(result.problems).toEqual([
      { line: 2, pin: '001085000002', outcome: 'mismatched', reasons: ['fullName differs', 'birthDate differs'] },
      { line: 3, pin: '001085000003', outcome: 'mismatched', reasons: ['the citizen is recorded as deceased'] },
      { line: 4, pin: '001085999999', outcome: 'unknown-pin', reasons: ['no citizen has this PIN'] },
    ]);
    expect(population.records.get('001085000001')?.healthInsurance?.number).toBe('GD4010000000009');
    expect(population.writes).toEqual([
      {
        actor: 'sync#health-insurance',
        action: 'health-insurance-linked',
        reason: 'bulk sync r1, line 1',
        at: '2026-12-05T00:00:00Z',
      },
    ]);
  });

  it('matches names that differ only in case, spacing or Unicode composition', async () => {
    const population = new MemoryPopulation(new Map([['001085000001', citizen('001085000001')]]));
    const result = await run(population, [record('001085000001', { fullName: '  TRẦN  văn minh'.normalize('NFD') })]);
    expect(result.counts.linked).toBe(1);
  });

  it('writes nothing when the card is already on the record', async () => {
    const population = new MemoryPopulation(new Map([['001085000001', citizen('001085000001')]]));
    await run(population, [record('001085000001')]);
    const again = await run(population, [record('001085000001')]);
    expect(again.counts).toEqual({ linked: 0, unchanged: 1, mismatched: 0, 'unknown-pin': 0 });
    expect(population.writes).toHaveLength(1);
  });

  it('reads the record again after a concurrent change and then links', async () => {
    const population = new MemoryPopulation(new Map([['001085000001', citizen('001085000001')]]));
    population.conflictsLeft = 1;
    const result = await run(population, [record('001085000001')]);
    expect(result.counts.linked).toBe(1);
    expect(population.records.get('001085000001')?.version).toBe(3);
  });

  it('writes the matches of a batch together, and a card repeated in the export once', async () => {
    const pins = ['001085000001', '001085000002', '001085000003'];
    const population = new MemoryPopulation(new Map(pins.map((pin) => [pin, citizen(pin)])));
    const result = await run(population, [...pins.map((pin) => record(pin)), record('001085000002')]);
    expect(population.bulkCalls).toBe(1);
    expect(result.counts).toEqual({ linked: 3, unchanged: 1, mismatched: 0, 'unknown-pin': 0 });
    expect(population.writes.map((w) => w.reason)).toEqual([
      'bulk sync r1, line 1',
      'bulk sync r1, line 2',
      'bulk sync r1, line 3',
    ]);
  });
});
