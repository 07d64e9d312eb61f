/**
 * Generates shared/domain/admin-units/commune-codes-data.ts: the code of every commune-level unit in force, grouped by
 * its province and the legacy province it was formed in, without names (shared/domain/admin-units/commune-codes.ts
 * says why). Run it after any change to shared/domain/admin-units/communes-data/:
 *
 *   npx tsx scripts/generate-commune-codes.ts
 *
 * test/unit/shared/domain/admin-units/commune-codes.test.ts fails while the two disagree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMUNE_ROWS_BY_PROVINCE } from '../shared/domain/admin-units/communes-data/index.ts';

const OUT = join(import.meta.dirname, '../shared/domain/admin-units/commune-codes-data.ts');

const lines: string[] = [];
for (const [province, rows] of Object.entries(COMMUNE_ROWS_BY_PROVINCE).sort(([a], [b]) => a.localeCompare(b))) {
  const byLegacy = new Map<string, string[]>();
  for (const [code, , legacy] of rows) byLegacy.set(legacy, [...(byLegacy.get(legacy) ?? []), code]);
  const groups = [...byLegacy]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([legacy, codes]) => `'${legacy}': '${codes.sort().join('')}'`);
  lines.push(`  '${province}': { ${groups.join(', ')} },`);
}

writeFileSync(
  OUT,
  `/**
 * The codes of the commune-level units in force, by province and then by the legacy province each was formed in: each
 * string is the units' 5-digit codes one after another, in ascending order. Generated from ./communes-data/ by
 * scripts/generate-commune-codes.ts; do not edit by hand.
 */
export const COMMUNE_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
${lines.join('\n')}
};
`,
);
console.log(`wrote ${OUT}`);
