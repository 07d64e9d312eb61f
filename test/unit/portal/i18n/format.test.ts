import { describe, expect, it } from 'vitest';
import { en } from '../../../../portal/src/i18n/en.ts';
import {
  formatDate,
  formatInstant,
  formatLongDate,
  formatMoney,
  formatMonth,
  maskPin,
} from '../../../../portal/src/i18n/format.ts';
import { vi } from '../../../../portal/src/i18n/vi.ts';

const spaces = (text: string) => text.replace(/\s/g, ' ');

describe('locale formatting', () => {
  it('writes calendar dates as dd/MM/yyyy in both languages, whatever the time zone', () => {
    expect(formatDate('2026-12-05', 'vi')).toBe('05/12/2026');
    expect(formatDate('2026-01-31', 'en')).toBe('31/01/2026');
  });

  it('names the month of a date entered, so day and month are never read the other way round', () => {
    expect(formatLongDate('2026-12-05', 'vi')).toBe('5 tháng 12, 2026');
    expect(formatLongDate('2026-12-05', 'en')).toBe('5 December 2026');
    expect(formatLongDate('2026-12', 'en')).toBeUndefined();
    // A two-digit year typed into the browser's year box is year 26, not 1926, and reads as such.
    expect(formatLongDate('0026-12-05', 'en')).toBe('5 December 0026');
    expect(formatDate('0026-12-05', 'vi')).toBe('05/12/0026');
    expect(formatLongDate('', 'vi')).toBeUndefined();
  });

  it('shows instants in Vietnam time', () => {
    expect(formatInstant('2026-12-05T17:30:00Z', 'vi')).toContain('06/12/2026');
    expect(formatInstant('2026-12-05T17:30:00Z', 'vi')).toContain('00:30');
  });

  it('writes money as Vietnamese readers expect', () => {
    expect(spaces(formatMoney(23_400_000, 'vi'))).toBe('23.400.000 ₫');
    expect(spaces(formatMoney(23_400_000, 'en'))).toContain('23,400,000');
  });

  it('shows a month as MM/yyyy and a masked PIN with its last three digits', () => {
    expect(formatMonth('2026-07')).toBe('07/2026');
    expect(maskPin('001099500001')).toBe('•••••••••001');
  });
});

describe('messages', () => {
  const keys = (node: unknown, prefix = ''): string[] =>
    node && typeof node === 'object'
      ? Object.entries(node).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
      : [prefix.slice(0, -1)];

  it('have the same keys in Vietnamese and English, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
    const at = (tree: unknown, key: string) =>
      key.split('.').reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], tree);
    const empty = keys(vi).flatMap((k) => [vi, en].filter((tree) => String(at(tree, k)).trim() === '').map(() => k));
    expect(empty).toEqual([]);
  });

  it('keep the interpolation variables of each message in both languages', () => {
    const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const at = (tree: unknown, key: string) =>
      key.split('.').reduce<unknown>((n, part) => (n as Record<string, unknown>)[part], tree) as string;
    for (const key of keys(vi)) expect(variables(at(en, key)), key).toEqual(variables(at(vi, key)));
  });
});
