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
import { join } from 'node:path';
import { COMMUNE_ROWS_BY_PROVINCE } from '../shared/domain/admin-units/communes-data/index.ts';
import { syllableIndex, writeGeneratedModule } from './generated-tables.ts';

const OUT = join(import.meta.dirname, '../shared/domain/admin-units/commune-names-data.ts');

/** The letter that starts each unit's entry, by the kind its official name starts with. */
const KIND_LETTERS: readonly (readonly [prefix: string, letter: string])[] = [
  ['Phường ', 'P'],
  ['Xã ', 'X'],
  ['Đặc khu ', 'D'],
];

const splitName = (fullName: string): [letter: string, name: string] => {
  for (const [prefix, letter] of KIND_LETTERS) {
    if (fullName.startsWith(prefix)) return [letter, fullName.slice(prefix.length)];
  }
  throw new Error(`"${fullName}" does not start with a known kind.`);
};

const rows = Object.entries(COMMUNE_ROWS_BY_PROVINCE).sort(([a], [b]) => a.localeCompare(b));

const { syllables, digits } = syllableIndex(
  rows.flatMap(([, provinceRows]) => provinceRows.map(([, fullName]) => splitName(fullName)[1])),
  2,
);

const lines: string[] = [];
for (const [province, provinceRows] of rows) {
  let encoded = '';
  for (const [code, fullName] of provinceRows) {
    const value = Number(code);
    if (!/^\d{5}$/.test(code) || value >= 36 ** 3) throw new Error(`Code ${code} does not fit three base-36 digits.`);
    const [letter, name] = splitName(fullName);
    encoded +=
      letter +
      value.toString(36).padStart(3, '0') +
      name
        .split(' ')
        .map((s) => digits.get(s))
        .join('');
  }
  lines.push(`  '${province}': '${encoded}',`);
}

writeGeneratedModule(
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
console.log(`${syllables.length} syllables`);
