/**
 * Groups stuck after the PIN was issued, taken up again, in a local cloud of this file's own (its Lambda runtime
 * injects the failures) with the real state machines: a birth refused at the residence step, resumed by a police
 * officer through the API; a birth whose residence task kept failing after its PIN was issued, resumed by the
 * operators' command. Each ends completed with the one PIN it was issued. In 79 officers decide RegisterBirth and
 * RegisterPermanentResidence.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../infra/local/local-cloud.ts';
import { resumeWithClients } from '../../../infra/local/resume-dossier-cli.ts';
import { topology } from '../../../infra/topology.ts';
import type { ProvinceCode } from '../../../shared/domain/admin-units/provinces.ts';
import { STEP_IDS } from '../../../shared/dossiers/catalogue.ts';
import {
  birthFamilies,
  birthRequest,
  DossierClient,
  type Family,
  officerCitizens,
  seededPopulation,
  taskId,
} from '../../support/dossiers.ts';
import { freePort } from '../../support/free-port.ts';

const SEED = 500;
const AUTO: ProvinceCode = '48';
const OFFICERS: ProvinceCode = '79';
const population = seededPopulation(SEED);
const [officer] = officerCitizens(population, OFFICERS);
const officerPin = officer?.pin ?? '';
const family = (province: ProvinceCode, index: number): Family => {
  const found = birthFamilies(population, province)[index];
  if (!found) throw new Error(`No family ${index} in ${province}`);
  return found;
};
const REASON = 'the household head confirmed the child in person';

const dataDir = mkdtempSync(join(tmpdir(), 'p06-resume-'));
let cloud: LocalCloud;
let api: DossierClient;
beforeAll(async () => {
  const [apiPort, awsPort, dynamoDbPort] = await Promise.all([freePort(), freePort(), freePort()]);
  cloud = await startLocalCloud({
    topology: topology([AUTO, OFFICERS]),
    dataDir,
    apiPort,
    awsPort,
    dynamoDbPort,
    seedCitizens: SEED,
    environment: {
      AUTO_APPROVAL: JSON.stringify({
        [AUTO]: [...STEP_IDS],
        [OFFICERS]: ['IssueChildHealthInsurance'],
        '*': [],
      }),
    },
  });
  api = new DossierClient(cloud);
});
afterAll(async () => {
  api?.destroy();
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const civil = () => api.officerToken(officerPin, { agency: 'civil-status', role: 'officer', provinceCode: OFFICERS });
const police = () => api.officerToken(officerPin, { agency: 'police', role: 'officer', provinceCode: OFFICERS });
const resume = async (token: string, dossierId: string, reason = REASON) =>
  api.call(`/v1/officer/dossiers/${dossierId}/resumption`, token, {
    method: 'POST',
    body: JSON.stringify({ reason }),
  });
const claimedPin = async (dossierId: string) =>
  (
    await api.db.send(
      new GetCommand({
        TableName: 'Population',
        Key: { pk: `CLAIM#BIRTH#${dossierId}`, sk: 'CLAIM' },
        ConsistentRead: true,
      }),
    )
  ).Item?.value as string | undefined;
/** Task states the execution scheduled (Lambda tasks and callback tasks alike), by state name. */
const enteredStates = async (executionName: string) =>
  (await api.executionHistory('BirthGroup', executionName))
    .filter((e) => e.type === 'TaskStateEntered')
    .map((e) => (e as { stateEnteredEventDetails?: { name?: string } }).stateEnteredEventDetails?.name);

describe('a birth refused at the residence step after its PIN was issued', () => {
  it('is stuck (the family cannot apply again), and a police officer resumes it to completion with the same PIN', async () => {
    const f = family(OFFICERS, 0);
    const request = birthRequest(f, { given: 'Khang' });
    const childrenBefore = await api.childrenOf(f.mother.pin);
    const id = await api.submitAccepted(f.applicant.pin, request);
    await api.approve(await civil(), (await api.waitForTask(await civil(), taskId(id, 'RegisterBirth'))).taskId);
    await api.waitForTask(await police(), taskId(id, 'RegisterPermanentResidence'));
    const refused = await api.decide(
      await police(),
      taskId(id, 'RegisterPermanentResidence'),
      'reject',
      'the household head has not confirmed the child',
    );
    expect(refused.status).toBe(200);
    const rejected = await api.waitForStatus(id, f.applicant.pin, 'rejected');
    const pin = rejected.documents.pin ?? '';
    expect(pin).toMatch(/^\d{12}$/);
    // Stuck: the birth stays claimed by this dossier (a second one would give the child a second PIN).
    expect((await api.submit(f.applicant.pin, request)).status).toBe(409);

    // Refused: a short reason (400), an officer of another agency (404); nothing is written.
    expect((await resume(await police(), id, 'again')).status).toBe(400);
    expect((await resume(await civil(), id)).status).toBe(404);
    expect((await api.view(id, f.applicant.pin)).status).toBe('rejected');

    const resumed = await resume(await police(), id);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      dossierId: id,
      status: 'processing',
      executionName: `${id}-resume-1`,
      alreadyResumed: false,
      resumption: { count: 1, fromStep: 'RegisterPermanentResidence', after: 'rejected', by: officerPin },
    });
    // The same request again (a retried click) answers with the same resumption.
    const retried = await resume(await police(), id);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ alreadyResumed: true, executionName: `${id}-resume-1` });

    await api.waitForTask(await police(), taskId(id, 'RegisterPermanentResidence'));
    await api.approve(await police(), taskId(id, 'RegisterPermanentResidence'));
    const done = await api.waitForStatus(id, f.applicant.pin, 'completed');

    expect(done.documents.pin).toBe(pin);
    expect(await api.childrenOf(f.mother.pin)).toEqual([...childrenBefore, pin].sort());
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'approved']);
    const kinds = (kind: string, stepId?: string) =>
      done.timeline.filter((e) => e.kind === kind && (stepId === undefined || e.stepId === stepId)).length;
    expect(kinds('resumed', 'RegisterPermanentResidence')).toBe(1);
    expect(kinds('step-approved', 'RegisterBirth')).toBe(1);
    expect(kinds('step-rejected', 'RegisterPermanentResidence')).toBe(1);
    expect(kinds('step-approved', 'RegisterPermanentResidence')).toBe(1);
    expect((await api.executions('BirthGroup', id)).map((e) => e.status)).toEqual(['SUCCEEDED']);
    expect((await api.executions('BirthGroup', `${id}-resume-1`)).map((e) => e.status)).toEqual(['SUCCEEDED']);
    // The resumed execution replayed the approved steps before the refused one (one transition each, nothing applied
    // again: the counts above), then ran the rest; the last step's approval completed the dossier.
    expect(await enteredStates(`${id}-resume-1`)).toEqual([
      'RegisterBirth',
      'RegisterPermanentResidence',
      'IssueChildHealthInsurance',
    ]);

    // Completed: nothing to resume any more.
    expect((await resume(await police(), id)).status).toBe(409);
  });
});

describe('a birth whose residence step kept failing after the PIN was issued', () => {
  it('fails with the child in the NPDB; the operators’ command resumes it from the birth registration and the child keeps the one PIN', async () => {
    const f = family(OFFICERS, 1);
    const childrenBefore = await api.childrenOf(f.mother.pin);
    const id = await api.submitAccepted(f.applicant.pin, birthRequest(f, { given: 'Vy' }));
    const registerBirth = (await api.waitForTask(await civil(), taskId(id, 'RegisterBirth'))).taskId;
    // The residence step's task then fails every attempt (the first and its 4 retries): nothing else runs meanwhile.
    cloud.lambda.failNext('OpenDossierStep', 5, new Error('Injected: the connection was reset'));
    await api.approve(await civil(), registerBirth);
    const failed = await api.waitForStatus(id, f.applicant.pin, ['failed', 'completed'], 90_000);
    expect(failed.status).toBe('failed');
    const pin = await claimedPin(id);
    expect(pin).toMatch(/^\d{12}$/);
    expect(failed.documents.pin).toBe(pin);
    expect(await api.childrenOf(f.mother.pin)).toEqual([...childrenBefore, pin].sort());
    // The group failed with the birth registered (its PIN issued) and the rest cancelled.
    expect(failed.steps.map((s) => s.status)).toEqual(['approved', 'cancelled', 'cancelled']);

    const env = {
      ...process.env,
      AWS_ENDPOINT_URL_DYNAMODB: cloud.dynamoDbEndpoint,
      AWS_ENDPOINT_URL_SFN: cloud.awsEndpoint,
    };
    const cli = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'infra/local/resume-dossier-cli.ts', ...args], { env }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    // Bad arguments exit 2, a step after the one that failed exits 1; nothing is written.
    expect((await cli('--dossier', id, '--from-step', 'NoSuchStep')).code).toBe(2);
    const later = await cli('--dossier', id, '--from-step', 'IssueChildHealthInsurance');
    expect(later.code).toBe(1);
    expect(later.stderr).toContain('RegisterPermanentResidence');
    expect((await api.view(id, f.applicant.pin)).status).toBe('failed');

    // From the birth registration itself, to be sure of it: it replays its recorded PIN, issuing none.
    const run = await cli('--dossier', id, '--from-step', 'RegisterBirth', '--operator', 'duty-engineer');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`resumed from RegisterBirth (resumption 1, execution ${id}-resume-1)`);
    await api.approve(
      await police(),
      (await api.waitForTask(await police(), taskId(id, 'RegisterPermanentResidence'))).taskId,
    );
    const done = await api.waitForStatus(id, f.applicant.pin, ['completed', 'failed'], 30_000);

    expect(done.status).toBe('completed');
    expect(done.documents.pin).toBe(pin);
    expect(await api.childrenOf(f.mother.pin)).toEqual([...childrenBefore, pin].sort());
    expect(done.timeline.filter((e) => e.kind === 'step-approved' && e.stepId === 'RegisterBirth')).toHaveLength(1);
    expect(done.timeline.find((e) => e.kind === 'resumed')?.actor).toBe('operator:duty-engineer');
    expect(await enteredStates(`${id}-resume-1`)).toEqual([
      'RegisterBirth',
      'RegisterPermanentResidence',
      'IssueChildHealthInsurance',
    ]);

    // Run again: the dossier is completed, nothing more is started.
    await expect(
      resumeWithClients({
        db: api.db,
        sfn: api.sfn,
        tables: { dossiers: 'Dossiers', identity: 'Identity' },
        dossierId: id,
        operator: 'duty-engineer',
      }),
    ).rejects.toMatchObject({ httpStatus: 409 });
    expect((await api.executions('BirthGroup', id)).map((e) => e.status)).toEqual(['FAILED']);
    expect((await api.executions('BirthGroup', `${id}-resume-1`)).map((e) => e.status)).toEqual(['SUCCEEDED']);
  });
});
