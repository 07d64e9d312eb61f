import { describe, expect, it } from 'vitest';
import { billedWriteUnits, breakdownLines, emptyBreakdown, itemType, sizeOf } from '../../bench/write-breakdown.ts';

describe('write breakdown', () => {
  it('names an item type by table and key prefixes; times and numbers stand as <time>', () => {
    expect(itemType('Dossiers', { pk: 'DOSSIER#abc', sk: 'STEP#RegisterBirth' })).toBe('Dossiers DOSSIER/STEP');
    expect(itemType('Identity', { pk: 'OUTBOX#0790', sk: '2026-12-06T02:19:00.054Z#x' })).toBe(
      'Identity OUTBOX/<time>',
    );
    expect(itemType('Dossiers', { pk: 'KPI#2026', sk: '2026-12#01#birth-group' })).toBe('Dossiers KPI/<time>');
  });

  it('sizes an item as DynamoDB does, roughly: names, UTF-8 strings, numbers by digits', () => {
    expect(sizeOf({ pk: 'ab' })).toBe(3 + 2 + 1 + 2);
    expect(sizeOf('đ')).toBe(2);
    expect(sizeOf(12345)).toBe(4);
    expect(sizeOf([true, null])).toBe(3 + 2 + 2);
  });

  it('writes units per group, largest first, divided by the groups metered', () => {
    const birth = { ...emptyBreakdown(), dossiers: 2, byTable: { Dossiers: 10, Identity: 30 } };
    const death = { ...emptyBreakdown(), dossiers: 1, byTable: { Dossiers: 4 } };
    const lines = breakdownLines({ 'birth-group': birth, 'death-group': death });
    expect(lines.slice(0, 4)).toEqual([
      '| Table (base table only) | WRU per birth-group | WRU per death-group |',
      '|---|---:|---:|',
      '| Identity | 15.0 | 0.0 |',
      '| Dossiers | 5.0 | 4.0 |',
    ]);
  });

  it("bills a group's tables and indexes together, per group; nothing before a group ran", () => {
    const birth = {
      ...emptyBreakdown(),
      dossiers: 2,
      byTable: { Dossiers: 30, Population: 50 },
      byIndex: { 'Population.household': 8 },
    };
    expect(billedWriteUnits(birth)).toBe(44);
    expect(billedWriteUnits(emptyBreakdown())).toBeUndefined();
  });
});
