/**
 * Generates shared/domain/admin-units/commune-names-data.ts: the commune-level units in force from 2025-07-01, by
 * province in the order of the official list, in a compact form that shared/domain/admin-units/communes.ts decodes.
 * The readable tables in shared/domain/admin-units/communes-data/ stay the source. Run it after any change to them:
 *
 *   npx tsx scripts/generate-commune-names.ts
 *
 * test/unit/shared/domain/admin-units/commune-names.test.ts fails while the two disagree.
 *
 * Why compact: the readable rows weigh about 120 KB in a bundle, so every function that shows a commune's name
 * (eKYC answers, the officers' overview, the address lookup) and the portal's address form carried them. Names share
 * their syllables (3,321 names use about 1,200 distinct ones), so each name is kept as two base-36 digits per
 * syllable, against a list of the syllables, and each code as three base-36 digits.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMUNE_ROWS_BY_PROVINCE } from '../shared/domain/admin-units/communes-data/index.ts';

const OUT = join(import.meta.dirname, '../shared/domain/admin-units/commune-names-data.ts');

/** The letter that starts each unit's entry, by the kind its official name starts with. */
const KIND_LETTERS: readonly (readonly [prefix: string, letter: string])[] = [
  ['Phường ', 'P'],
  ['Xã ', 'X'],
  ['Đặc khu ', 'D'],
];

const splitName = (fullName: string): [letter: string, syllables: string[]] => {
  for (const [prefix, letter] of KIND_LETTERS) {
    if (fullName.startsWith(prefix)) return [letter, fullName.slice(prefix.length).split(' ')];
  }
  throw new Error(`"${fullName}" does not start with a known kind.`);
};

const rows = Object.entries(COMMUNE_ROWS_BY_PROVINCE).sort(([a], [b]) => a.localeCompare(b));

// The syllables, most used first (then in code point order, so the output depends on the tables alone).
const uses = new Map<string, number>();
for (const [, provinceRows] of rows) {
  for (const [, fullName] of provinceRows) {
    for (const syllable of splitName(fullName)[1]) uses.set(syllable, (uses.get(syllable) ?? 0) + 1);
  }
}
const syllables = [...uses].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).map(([s]) => s);
if (syllables.length > 36 * 36) throw new Error(`${syllables.length} syllables do not fit two base-36 digits.`);
if (syllables.some((s) => s === '' || /\s/.test(s))) throw new Error('A name has an empty syllable or two spaces.');
const syllableIndex = new Map(syllables.map((s, i) => [s, i.toString(36).padStart(2, '0')]));

const lines: string[] = [];
for (const [province, provinceRows] of rows) {
  let encoded = '';
  for (const [code, fullName] of provinceRows) {
    const value = Number(code);
    if (!/^\d{5}$/.test(code) || value >= 36 ** 3) throw new Error(`Code ${code} does not fit three base-36 digits.`);
    const [letter, parts] = splitName(fullName);
    encoded += letter + value.toString(36).padStart(3, '0') + parts.map((s) => syllableIndex.get(s)).join('');
  }
  lines.push(`  '${province}': '${encoded}',`);
}

writeFileSync(
  OUT,
  `/**
 * The commune-level units in force from 2025-07-01, by province in the order of the official list (decoded by
 * ./communes.ts). Each unit is a letter for its kind (P phường, X xã, D đặc khu), its code in three base-36 digits,
 * then two base-36 digits per syllable of its name: the syllable's place in NAME_SYLLABLES. Generated from
 * ./communes-data/ by scripts/generate-commune-names.ts; do not edit by hand.
 */
export const NAME_SYLLABLES = ${JSON.stringify(syllables.join(' '))};

export const COMMUNE_NAMES: Readonly<Record<string, string>> = {
${lines.join('\n')}
};
`,
);
// In the repository's format, so `npm run lint` passes on the generated file as it is.
execFileSync(join(import.meta.dirname, '../node_modules/.bin/biome'), ['format', '--write', OUT], { stdio: 'ignore' });
console.log(`wrote ${OUT} (${syllables.length} syllables)`);
