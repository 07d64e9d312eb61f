/**
 * Generates shared/domain/admin-units/legacy-communes-compact.json: the pre-2025 commune tables of
 * shared/domain/admin-units/legacy-communes-data/ (what scripts/generate-legacy-communes.ts writes from the sources)
 * in the compact form that shared/domain/admin-units/legacy-communes-compact.ts reads (and describes). Run it after
 * either of those changes:
 *
 *   npx tsx scripts/generate-legacy-communes-compact.ts
 *
 * test/unit/shared/domain/admin-units/legacy-communes-compact.test.ts fails while the two disagree.
 *
 * Why compact: the readable tables weigh about 265 KB in a bundle, in every function that names the units old
 * records cite (the citizen's record, their children, the public lookup). The 10,035 names and 1,201 district names
 * use about 2,000 distinct syllables, so each is kept as three base-36 digits per syllable; codes ascend within a
 * table, so each is kept as its gap from the previous one; successors as three base-36 digits each.
 *
 * Why a data file rather than a module: even compact, the tables (about 145 KB) were the largest part of the functions
 * that read them, parsed at every cold start though most requests never name an old unit. A data file is shipped
 * beside those functions' bundles (FunctionSpec.dataFiles) and read on first use.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEGACY_COMMUNES_FILE } from '../shared/domain/admin-units/legacy-communes-compact.ts';
import { LEGACY_COMMUNE_TABLES } from '../shared/domain/admin-units/legacy-communes-data/index.ts';
import { syllableIndex } from './generated-tables.ts';

const OUT = join(import.meta.dirname, '../shared/domain/admin-units', LEGACY_COMMUNES_FILE);

type Line =
  | { readonly district: string }
  | { readonly code: number; readonly kind: string; readonly name: string; readonly successors: readonly number[] };

/** The readable format: "=district" lines, then "<code><P|X|T><name>><successor codes>". */
const readTable = (province: string, table: string): Line[] =>
  table.split('\n').map((line) => {
    if (line.startsWith('=')) return { district: line.slice(1) };
    const match = /^(\d{5})([PXT])([^>]+)>(\d{5}(?:,\d{5})*)$/.exec(line);
    if (!match) throw new Error(`${province}: cannot read "${line}".`);
    const [, code, kind, name, successors] = match as unknown as [string, string, string, string, string];
    return { code: Number(code), kind, name, successors: successors.split(',').map(Number) };
  });

const tables = Object.entries(LEGACY_COMMUNE_TABLES)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([province, table]) => [province, readTable(province, table)] as const);

const wordsOf = (line: Line): string[] => ('district' in line ? line.district : line.name).split(' ');

const { syllables, digits: syllableDigits } = syllableIndex(
  tables.flatMap(([, lines]) => lines.map((line) => wordsOf(line).join(' '))),
  3,
);

const three = (value: number): string => {
  if (value >= 36 ** 3) throw new Error(`${value} does not fit three base-36 digits.`);
  return value.toString(36).padStart(3, '0');
};

const provinces: Record<string, string> = {};
for (const [province, lines] of tables) {
  let previous = 0;
  let encoded = '';
  for (const line of lines) {
    const words = wordsOf(line)
      .map((w) => syllableDigits.get(w))
      .join('');
    if ('district' in line) {
      encoded += `=${words}`;
      continue;
    }
    const gap = line.code - previous;
    if (gap <= 0) throw new Error(`${province}: codes do not ascend at ${line.code}.`);
    previous = line.code;
    encoded += `${line.kind}${gap < 36 ? gap.toString(36) : `-${three(gap)}`}${words}>${line.successors.map(three).join('')}`;
  }
  provinces[province] = encoded;
}

writeFileSync(OUT, `${JSON.stringify({ syllables: syllables.join(' '), provinces }, null, 2)}\n`);
execFileSync(join(import.meta.dirname, '../node_modules/.bin/biome'), ['format', '--write', OUT], { stdio: 'ignore' });
console.log(`wrote ${OUT}, ${syllables.length} syllables`);
