/**
 * Each service function has its own entry (functions/services/by-service/service-NN.ts) that hands the shared
 * handler its own service's procedure: its bundle must hold that service's rules only, not every service's (about
 * 50 KB) nor the dossier engine's step rules that an import chain once pulled in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD_OPTIONS } from '../../../infra/bundling.ts';
import { REPO_ROOT } from '../../../infra/local/lambda-runtime.ts';
import { SERVICE_FUNCTIONS, serviceFunctionEntry } from '../../../infra/topology.ts';
import { SERVICES } from '../../../shared/services/catalogue/index.ts';

const PROCEDURES = 'shared/services/procedures/';
const CATALOGUE = 'shared/services/catalogue/';
/** What every service's rules share: not another service's. */
const SHARED_PROCEDURE_FILES = new Set([`${PROCEDURES}support.ts`]);

const DOSSIER_SERVICES = SERVICES.filter((s) => s.start?.kind === 'dossier');

/** The procedure files and dossier-engine files esbuild puts into the bundle of an entry. */
const bundledInputsOf = async (entry: string): Promise<string[]> => {
  const result = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    minify: false,
    entryPoints: [resolve(REPO_ROOT, entry)],
    write: false,
    outfile: 'index.mjs',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
};

describe('service function entries', () => {
  it('gives every dossier service of the catalogue a function whose entry file exists', () => {
    expect(SERVICE_FUNCTIONS.map((f) => f.entry).sort()).toEqual(
      DOSSIER_SERVICES.map((s) => serviceFunctionEntry(s.code)).sort(),
    );
    for (const service of DOSSIER_SERVICES) {
      expect(existsSync(resolve(REPO_ROOT, serviceFunctionEntry(service.code))), `service ${service.code}`).toBe(true);
    }
  });

  it.each(DOSSIER_SERVICES.map((s) => [s.code, serviceFunctionEntry(s.code)] as const))(
    'service %i: %s bundles its own procedure and catalogue entry only, and not the step rules of the dossier engine',
    async (code, entry) => {
      const inputs = await bundledInputsOf(entry);
      const procedures = inputs.filter((p) => p.startsWith(PROCEDURES) && !SHARED_PROCEDURE_FILES.has(p));
      expect(procedures).toHaveLength(1);
      // Its own catalogue entry, not the catalogue (the other 24 services' texts and the catalogue's schema).
      expect(inputs.filter((p) => p.startsWith(`${CATALOGUE}by-service/`) || p === `${CATALOGUE}index.ts`)).toEqual([
        expect.stringMatching(new RegExp(`^${CATALOGUE}by-service/${String(code).padStart(2, '0')}-`)),
      ]);
      expect(inputs.filter((p) => /shared\/dossiers\/(step-rules|steps\/service-decision)\.ts$/.test(p))).toEqual([]);

      // The procedure the entry hands the handler is this service's: by name from that file, or by code.
      const source = readFileSync(resolve(REPO_ROOT, entry), 'utf8');
      const handed = /serviceDossierHandler\(SERVICE_(\d\d), (\w+)(?:\((\d+)\))?\)/.exec(source);
      expect(handed, `${entry} calls serviceDossierHandler`).not.toBeNull();
      const [, entryCode, name, codeArgument] = handed as RegExpExecArray;
      expect(Number(entryCode), "the catalogue entry handed is this service's").toBe(code);
      if (codeArgument !== undefined) {
        expect(basename(procedures[0] as string)).toBe('owner-agencies.ts');
        expect(Number(codeArgument)).toBe(code);
      } else {
        const module = (await import(resolve(REPO_ROOT, procedures[0] as string))) as Record<string, { code?: number }>;
        expect(module[name as string]?.code).toBe(code);
      }
    },
    60_000,
  );
});
