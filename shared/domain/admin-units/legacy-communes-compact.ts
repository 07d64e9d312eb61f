/**
 * The commune-level units of the 63 legacy provinces on 2025-06-30 and what each became, in the compact form that
 * ./legacy-communes.ts decodes, read from a data file on first use rather than bundled: about 145 KB that most
 * requests of the functions that can name an old unit never need, and that a module would parse at every cold start.
 *
 * The file (generated from ./legacy-communes-data/ by scripts/generate-legacy-communes-compact.ts; do not edit it by
 * hand) holds `syllables`, the names' distinct syllables separated by spaces, and `provinces`, one string per legacy
 * province (3-digit code). In a province's string a district starts with `=` and its name's syllables; each unit
 * with a letter for its kind (P phường, X xã, T thị trấn), then its code's gap from the previous unit's code (one
 * base-36 digit, or `-` and three), three base-36 digits per syllable of its name (the syllable's place in
 * `syllables`), `>`, and its successors' codes in three base-36 digits each.
 *
 * Where the file is: beside this module when the sources run (the local cloud, tests), beside `index.mjs` in a
 * Lambda bundle, which is where `import.meta.url` points once bundled. A function that bundles this module declares
 * the file in its FunctionSpec.dataFiles (infra/topology.ts), so CDK copies it there; a test fails when one does not.
 */
import { readFileSync } from 'node:fs';

/** The data file's name, the same in the sources and in a bundle. */
export const LEGACY_COMMUNES_FILE = 'legacy-communes-compact.json';

export interface LegacyCommunesCompact {
  readonly syllables: readonly string[];
  /** Legacy province code → that province's compact table. */
  readonly provinces: Readonly<Record<string, string>>;
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === 'string');

/** The file's contents, checked for shape (the decoder checks each table when it reads it). */
export const parseLegacyCommunesCompact = (text: string): LegacyCommunesCompact => {
  const data: unknown = JSON.parse(text);
  const { syllables, provinces } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (typeof syllables !== 'string' || !isStringRecord(provinces) || Object.keys(provinces).length === 0) {
    throw new Error(`${LEGACY_COMMUNES_FILE} is not a legacy commune table file.`);
  }
  return { syllables: syllables.split(' '), provinces };
};

let compact: LegacyCommunesCompact | undefined;

/** The tables, read once per process; throws if the file is missing or damaged, so no lookup answers wrongly. */
export const legacyCommunesCompact = (): LegacyCommunesCompact => {
  compact ??= parseLegacyCommunesCompact(readFileSync(new URL(`./${LEGACY_COMMUNES_FILE}`, import.meta.url), 'utf8'));
  return compact;
};
