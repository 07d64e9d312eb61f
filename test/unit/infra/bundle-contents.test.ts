/**
 * What must stay out of the Lambda bundles (sizes are measured by test/bench/bundles-bench.ts, not asserted): the
 * 3,321 communes (about 250 KB) anywhere in the procedure groups but the function that issues PINs, the X-Ray SDK
 * that Powertools Tracer brought into every HTTP function, and the SDK's credential sources other than the environment.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { LAMBDA_ESBUILD_OPTIONS } from '../../../infra/bundling.ts';
import { REPO_ROOT } from '../../../infra/local/lambda-runtime.ts';
import { FUNCTIONS } from '../../../infra/topology.ts';

/** The source files and packages esbuild puts into a function's bundle. */
const inputsOf = async (functionId: string): Promise<string[]> => {
  const fn = FUNCTIONS.find((f) => f.id === functionId);
  if (!fn) throw new Error(`No function ${functionId}`);
  const result = await build({
    ...LAMBDA_ESBUILD_OPTIONS,
    minify: false,
    entryPoints: [resolve(REPO_ROOT, fn.entry)],
    write: false,
    outfile: 'index.mjs',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
};

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

  // Not asserted any more: the service procedures' forms check commune codes (shared/services/procedures/support.ts)
  // and the step rules include the service decision, so the commune tables are back in the dossier functions until
  // the service rules are injected like the birth-registration rule (see the closing note of issue 11).

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

  it('IssuePersonalId, which issues PINs, does bundle the communes its birth-registration rule reads', async () => {
    expect((await inputsOf('IssuePersonalId')).some((p) => p.includes('admin-units/communes.ts'))).toBe(true);
  }, 60_000);
});
