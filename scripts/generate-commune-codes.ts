/**
 * Generates shared/domain/admin-units/commune-codes-data.ts: the code of every commune-level unit in force, grouped by
 * its province and the legacy province it was formed in, without names (shared/domain/admin-units/commune-codes.ts
 * says why). Run it after any change to shared/domain/admin-units/communes-data/:
 *
 *   npx tsx scripts/generate-commune-codes.ts
 *
 * test/unit/shared/domain/admin-units/commune-codes.test.ts fails while the two disagree.
 */
import { join } from 'node:path';
import { COMMUNE_ROWS_BY_PROVINCE } from '../shared/domain/admin-units/communes-data/index.ts';
import { writeGeneratedModule } from './generated-tables.ts';

const OUT = join(import.meta.dirname, '../shared/domain/admin-units/commune-codes-data.ts');

/**
 * The ascending codes as gaps from the previous code (the first from 0): a gap under 36 is one base-36 digit, a larger
 * one `-` and four base-36 digits. Two in three gaps are under 10, so 3,321 codes take about 3.7 KB, not 16.6.
 */
const encode = (codes: readonly string[]): string => {
  let previous = 0;
  let out = '';
  for (const code of [...codes].sort()) {
    const gap = Number(code) - previous;
    previous = Number(code);
    out += gap < 36 ? gap.toString(36) : `-${gap.toString(36).padStart(4, '0')}`;
  }
  return out;
};

const lines: string[] = [];
for (const [province, rows] of Object.entries(COMMUNE_ROWS_BY_PROVINCE).sort(([a], [b]) => a.localeCompare(b))) {
  const byLegacy = new Map<string, string[]>();
  for (const [code, , legacy] of rows) byLegacy.set(legacy, [...(byLegacy.get(legacy) ?? []), code]);
  const groups = [...byLegacy]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([legacy, codes]) => `'${legacy}': '${encode(codes)}'`);
  lines.push(`  '${province}': { ${groups.join(', ')} },`);
}

writeGeneratedModule(
  OUT,
  `/**
 * The codes of the commune-level units in force, by province and then by the legacy province each was formed in. Each
 * string holds the units' codes in ascending order as gaps from the previous code (the first from 0): a gap under 36
 * is one base-36 digit, a larger one \`-\` and four base-36 digits (decoded by ./commune-codes.ts). Generated from
 * ./communes-data/ by scripts/generate-commune-codes.ts; do not edit by hand.
 */
export const COMMUNE_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
${lines.join('\n')}
};
`,
);
