/**
 * What must stay out of the Lambda bundles (sizes are measured by test/bench/bundles-bench.ts, not asserted): the
 * communes' names (about 35 KB compacted, 120 KB as the readable tables, which no bundle carries) anywhere in the
 * procedure groups and the services, which route and check by the communes' codes alone (shared/domain/admin-units/commune-codes.ts), the X-Ray SDK that Powertools Tracer brought
 * into every HTTP function, and the SDK's credential sources other than the environment.
 */
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BULK_SYNC_FUNCTIONS } from '../../../infra/bulk-sync-topology.ts';
import { LAMBDA_ESBUILD_OPTIONS } from '../../../infra/bundling.ts';
import { FEED } from '../../../infra/feed-topology.ts';
import { REPO_ROOT } from '../../../infra/local/lambda-runtime.ts';
import { FUNCTIONS, type FunctionSpec, LEGACY_COMMUNES_DATA_FILE } from '../../../infra/topology.ts';

/** Every function CDK bundles: the topology's, the life-event feed's and the bulk synchronisation's. */
const ALL_FUNCTIONS: readonly FunctionSpec[] = [...FUNCTIONS, ...FEED.functions, ...BULK_SYNC_FUNCTIONS];

import { LEGACY_COMMUNES_FILE } from '../../../shared/domain/admin-units/legacy-communes-compact.ts';

/** esbuild's metafile of a function's bundle, built once per function for the file. */
const built = new Map<string, Promise<Metafile>>();
const metafileOf = (functionId: string): Promise<Metafile> => {
  const fn = ALL_FUNCTIONS.find((f) => f.id === functionId);
  if (!fn) throw new Error(`No function ${functionId}`);
  let metafile = built.get(functionId);
  if (!metafile) {
    metafile = build({
      ...LAMBDA_ESBUILD_OPTIONS,
      minify: false,
      entryPoints: [resolve(REPO_ROOT, fn.entry)],
      write: false,
      outfile: 'index.mjs',
      metafile: true,
      logLevel: 'silent',
    }).then((result) => result.metafile);
    built.set(functionId, metafile);
  }
  return metafile;
};

/** The source files and packages esbuild reads for a function's bundle (what it imports, used or not). */
const inputsOf = async (functionId: string): Promise<string[]> => Object.keys((await metafileOf(functionId)).inputs);

/** The source files and packages of which some code ends up in the bundle, after tree-shaking. */
const shippedOf = async (functionId: string): Promise<string[]> =>
  Object.values((await metafileOf(functionId)).outputs).flatMap((output) =>
    Object.entries(output.inputs).flatMap(([path, input]) => (input.bytesInOutput > 0 ? [path] : [])),
  );

const PROCEDURE_GROUP_FUNCTIONS = [
  'OpenDossierStep',
  'DecideOfficerTask',
  'ListOfficerTasks',
  'RevokeDeathRegistration',
  'ResumeDossier',
  'NotifyCitizen',
];

describe('Lambda bundle contents', () => {
  it.each(PROCEDURE_GROUP_FUNCTIONS)(
    '%s bundles no X-Ray SDK',
    async (id) => {
      const inputs = await inputsOf(id);
      expect(inputs.some((p) => p.startsWith('shared/dossiers/'))).toBe(true);
      expect(inputs.filter((p) => p.includes('aws-xray-sdk'))).toEqual([]);
    },
    60_000,
  );

  // The functions that read dossiers, list the inbox, finish, resume or revoke run no step's rule: the step rules
  // (every service's procedure and form) and the commune tables they use stay out of their bundles.
  it.each([
    'GetDossier',
    'ListMyDossiers',
    'ListOfficerTasks',
    'NotifyCitizen',
    'ResumeDossier',
    'RevokeDeathRegistration',
    'SubmitDossier',
    'SubmitRecordCorrection',
  ])(
    '%s bundles neither the step rules nor the commune tables',
    async (id) => {
      const inputs = await inputsOf(id);
      expect(inputs.some((p) => p.startsWith('shared/dossiers/'))).toBe(true);
      expect(
        inputs.filter((p) =>
          /dossiers\/step-rules\.ts|services\/procedures\/index\.ts|admin-units\/(communes-data\/|commune-names)/.test(
            p,
          ),
        ),
      ).toEqual([]);
    },
    60_000,
  );

  // Services whose form takes no address and whose rules look no commune up (3, 4, 14 and the owner agencies' do).
  it.each(['Service02', 'Service05', 'Service06', 'Service12', 'Service15', 'Service16', 'Service20'])(
    '%s bundles no commune tables, not even their codes',
    async (id) => {
      const inputs = await inputsOf(id);
      expect(inputs.some((p) => p.startsWith('shared/services/procedures/'))).toBe(true);
      expect(inputs.filter((p) => /admin-units\/commune/.test(p))).toEqual([]);
    },
    60_000,
  );

  // Those that do, and the functions that run step rules (the service decision runs every service's rule; the birth
  // rule checks the registering commune): the communes' codes, never their names.
  it.each([
    'Service03',
    'Service04',
    'Service07',
    'Service14',
    'OpenDossierStep',
    'StartDossierWorkflow',
    'DecideOfficerTask',
  ])(
    '%s routes and checks by commune code, without the names',
    async (id) => {
      const inputs = await inputsOf(id);
      expect(inputs).toContain('shared/domain/admin-units/commune-codes.ts');
      expect(
        inputs.filter((p) => /admin-units\/(communes\.ts|communes-data\/|commune-names|legacy-communes)/.test(p)),
      ).toEqual([]);
    },
    60_000,
  );

  // Those that show names read the compact table (about 35 KB), never the readable one it is generated from (120 KB).
  it.each(['GetOfficerOverview', 'EkycIdentity', 'GetMyRecord'])(
    "%s reads the communes' names from their compact form",
    async (id) => {
      const inputs = await inputsOf(id);
      expect(inputs).toContain('shared/domain/admin-units/commune-names-data.ts');
      expect(inputs.filter((p) => /admin-units\/communes-data\//.test(p))).toEqual([
        'shared/domain/admin-units/communes-data/amendments.ts',
      ]);
    },
    60_000,
  );

  // The pre-2025 communes are read from a data file beside the bundle: every function whose bundle holds the reader
  // declares the file, so CDK ships it, and no other function carries it.
  it('ships the legacy communes file with exactly the functions that read it', async () => {
    expect(LEGACY_COMMUNES_DATA_FILE).toBe(`shared/domain/admin-units/${LEGACY_COMMUNES_FILE}`);
    const readers: string[] = [];
    for (const fn of ALL_FUNCTIONS) {
      const inputs = await inputsOf(fn.id);
      expect(inputs, fn.id).not.toContain('shared/domain/admin-units/legacy-communes-compact.json');
      if (inputs.includes('shared/domain/admin-units/legacy-communes-compact.ts')) readers.push(fn.id);
    }
    expect(readers).toContain('ResolveAdminUnit');
    expect(
      ALL_FUNCTIONS.filter((fn) => fn.dataFiles?.includes(LEGACY_COMMUNES_DATA_FILE))
        .map((fn) => fn.id)
        .sort(),
    ).toEqual(readers.sort());
  }, 300_000);

  // The client getters are built at module load (shared/adapters/aws-clients.ts): marked pure, so a function that
  // calls none of them carries none of their clients.
  it.each([
    ['HospitalCheckIn', ['client-dynamodb']],
    ['ResolveAdminUnit', []],
    ['SubmitDossier', ['client-dynamodb', 'client-sqs']],
  ])(
    '%s bundles only the AWS clients it calls',
    async (id, expected) => {
      const inputs = await shippedOf(id as string);
      const clients = new Set(
        inputs.flatMap((p) => /node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\//.exec(p)?.[1] ?? []),
      );
      expect([...clients].sort()).toEqual(expected);
    },
    60_000,
  );

  it.each(['HospitalCheckIn', 'SubmitDossier'])(
    '%s takes its credentials from the environment only, without the rest of the default chain',
    async (id) => {
      const inputs = await inputsOf(id);
      expect(inputs).toContain('shared/adapters/lambda-credentials.ts');
      expect(
        inputs.filter((p) => /credential-provider-(node|ini|sso|imds|web-identity|process)|nested-clients/.test(p)),
      ).toEqual([]);
    },
    60_000,
  );
});
