/**
 * What the scripts that generate the compact commune tables share: the syllable list their names are kept against,
 * and writing a generated module in the repository's format.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The syllables of `names` (split on spaces), most used first and then in code point order, so the list depends on
 * the names alone; each with its place written in `width` base-36 digits. Throws when they do not fit, or when a name
 * has an empty syllable (two spaces), which the decoders could not give back.
 */
export const syllableIndex = (
  names: Iterable<string>,
  width: number,
): { readonly syllables: string[]; readonly digits: ReadonlyMap<string, string> } => {
  const uses = new Map<string, number>();
  for (const name of names) for (const s of name.split(' ')) uses.set(s, (uses.get(s) ?? 0) + 1);
  const syllables = [...uses].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0)).map(([s]) => s);
  if (syllables.length > 36 ** width) {
    throw new Error(`${syllables.length} syllables do not fit ${width} base-36 digits.`);
  }
  if (syllables.some((s) => s === '' || /\s/.test(s))) throw new Error('A name has an empty syllable or two spaces.');
  return { syllables, digits: new Map(syllables.map((s, i) => [s, i.toString(36).padStart(width, '0')])) };
};

/** Writes a generated module, formatted as the repository is, so `npm run lint` passes on it as it is. */
export const writeGeneratedModule = (path: string, text: string): void => {
  writeFileSync(path, text);
  execFileSync(join(import.meta.dirname, '../node_modules/.bin/biome'), ['format', '--write', path], {
    stdio: 'ignore',
  });
  console.log(`wrote ${path}`);
};
