import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** Every module `entry` loads (following relative imports; type-only imports load nothing), and its packages. */
const importGraph = (entry: string) => {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const target = match[1] ?? '';
      if (target.startsWith('.')) visit(resolve(dirname(file), target));
      else packages.add(target);
    }
  };
  visit(resolve(ROOT, entry));
  return { files: [...files].map((f) => relative(ROOT, f)), packages: [...packages] };
};

describe('the services’ e-forms (shared/services/forms/)', () => {
  it('load no server code, so the portal bundles them as they are', () => {
    const { files, packages } = importGraph('shared/services/forms/index.ts');
    expect(files).toContain('shared/services/forms/residence.ts');
    expect(files.filter((f) => /adapters\/|lambda\/(?!fields)|dossiers\/steps\//.test(f))).toEqual([]);
    // zod only, through shared/validation/zod.ts (zod/mini and its English messages).
    expect(packages.filter((p) => p !== 'zod/mini' && p !== 'zod/v4/locales/en.js')).toEqual([]);
  });
});
