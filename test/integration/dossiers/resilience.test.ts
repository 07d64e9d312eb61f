/**
 * What keeps the procedure groups correct when something in the middle goes wrong, in a local cloud of this file's
 * own (its Lambda runtime can inject faults, its scheduled functions can be invoked, it is restarted): poison intake
 * messages end in the province DLQ, a lost intake message is sent again by the sweep, a message delivered twice
 * starts one execution, failing Lambdas are retried without issuing a second PIN, overdue steps are flagged once,
 * and dossiers waiting for officers survive a restart. Province 48 approves every step automatically, province 79
 * keeps the repository's configuration (officers decide); their intake queues redeliver after 1 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../infra/local/local-cloud.ts';
import { provinceQueue, topology } from '../../../infra/topology.ts';
import type { ProvinceCode } from '../../../shared/domain/admin-units/provinces.ts';
import { STEP_IDS } from '../../../shared/dossiers/catalogue.ts';
import {
  ACCOUNT,
  birthFamilies,
  birthRequest,
  DossierClient,
  daysAgo,
  type Family,
  officerCitizens,
  seededPopulation,
  taskId,
  waitFor,
  writeSubmittedBirthDossier,
} from '../../support/dossiers.ts';
import { freePort } from '../../support/free-port.ts';

const SEED = 500;
const AUTO: ProvinceCode = '48';
const OFFICERS: ProvinceCode = '79';
const population = seededPopulation(SEED);
const autoFamilies = birthFamilies(population, AUTO);
const officerFamilies = birthFamilies(population, OFFICERS);
const [officer] = officerCitizens(population, OFFICERS);
const officerPin = officer?.pin ?? '';

const dataDir = mkdtempSync(join(tmpdir(), 'p06-dossiers-'));
const ports = Promise.all([freePort(), freePort(), freePort()]);
const start = async () => {
  const [apiPort, awsPort, dynamoDbPort] = await ports;
  return startLocalCloud({
    topology: {
      ...topology([AUTO, OFFICERS]),
      provinceQueues: [AUTO, OFFICERS].map((code) => provinceQueue(code, { visibilityTimeoutSeconds: 1 })),
    },
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
};

let cloud: LocalCloud;
let api: DossierClient;
beforeAll(async () => {
  cloud = await start();
  api = new DossierClient(cloud);
});
afterAll(async () => {
  api?.destroy();
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const family = (list: Family[], index: number) => {
  const found = list[index % list.length];
  if (!found) throw new Error('The seeded population has no family there');
  return found;
};
/** A newborn's given names; each dossier of this file names its child differently (one live dossier per birth). */
const given = (() => {
  const names = [
    'An',
    'Bình',
    'Châu',
    'Duy',
    'Giao',
    'Hạnh',
    'Khoa',
    'Lộc',
    'Mai',
    'Nhân',
    'Oanh',
    'Phú',
    'Quý',
    'Sang',
  ];
  let next = 0;
  return () => names[next++ % names.length] ?? 'Tín';
})();
const civil = () => api.officerToken(officerPin, { agency: 'civil-status', role: 'officer', provinceCode: OFFICERS });
const police = () => api.officerToken(officerPin, { agency: 'police', role: 'officer', provinceCode: OFFICERS });
const queueUrl = (name: string) => `${cloud.awsEndpoint}/${ACCOUNT}/${name}`;
const queueDepth = async (name: string) => {
  const { Attributes = {} } = await api.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl(name),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
};
const sendIntake = (province: string, body: string) =>
  api.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(`p06-intake-${province}`), MessageBody: body }));
/** Events of one type in the dossier's execution history, optionally only those mentioning `text`. */
const historyCount = async (dossierId: string, type: string, text?: string) =>
  (await api.executionHistory('BirthGroup', dossierId)).filter(
    (e) => e.type === type && (text === undefined || JSON.stringify(e).includes(text)),
  ).length;

describe('intake queue', () => {
  it('poison messages reach the province DLQ after 5 receives while a valid dossier is processed', async () => {
    const malformed = 'this is not an intake message';
    const unknown = JSON.stringify({ dossierId: `HS${OFFICERS}-20261123-ABCDEFGHJK` });
    await sendIntake(OFFICERS, malformed);
    await sendIntake(OFFICERS, unknown);
    const f = family(officerFamilies, 0);
    const id = await api.submitAccepted(f.applicant.pin, birthRequest(f, { given: given() }));
    await api.waitForStep(id, f.applicant.pin, 'RegisterBirth', 'awaiting-officer', 10_000);

    const dlq = `p06-intake-${OFFICERS}-dlq`;
    await waitFor(async () => (await queueDepth(dlq)) === 2, 30_000, 'two messages in the DLQ');
    expect(await queueDepth(`p06-intake-${OFFICERS}`)).toBe(0);
    const received: Message[] = [];
    await waitFor(async () => {
      const { Messages = [] } = await api.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl(dlq),
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 30,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      received.push(...Messages);
      return received.length >= 2;
    }, 5_000);
    expect(received.map((m) => m.Body).sort()).toEqual([malformed, unknown].sort());
    for (const message of received)
      expect(Number(message.Attributes?.ApproximateReceiveCount)).toBeGreaterThanOrEqual(5);
    expect(await api.executions('BirthGroup', `HS${OFFICERS}-20261123-ABCDEFGHJK`)).toEqual([]);
    expect(await api.executions('BirthGroup', id)).toHaveLength(1);
  });

  it('a family in a province without an intake queue is sent to the one-stop desk, and nothing is written', async () => {
    const elsewhere = ['82', '86', '91', '01']
      .flatMap((code) => birthFamilies(population, code))
      .find((f) => ![AUTO, OFFICERS].some((code) => code === f.applicant.permanentResidence.provinceCode));
    if (!elsewhere) throw new Error('No family outside the onboarded provinces');
    const before = await api.dossierItemCount();
    const refused = await api.submit(elsewhere.applicant.pin, birthRequest(elsewhere, { given: given() }));
    expect(refused.status).toBe(422);
    expect(String(refused.body.message)).toContain(
      `Province ${elsewhere.applicant.permanentResidence.provinceCode} does not yet handle this group online`,
    );
    expect(await api.dossierItemCount()).toBe(before);
  });

  it('a dossier whose intake message was lost is queued again by the sweep (only once it is a minute old) and completes', async () => {
    const f = family(autoFamilies, 0);
    const stalled = await writeSubmittedBirthDossier(
      api.db,
      f,
      birthRequest(f, { given: given() }),
      new Date(Date.now() - 120_000),
    );
    const recent = await writeSubmittedBirthDossier(
      api.db,
      f,
      birthRequest(f, { given: given() }),
      new Date(Date.now() - 10_000),
    );
    expect((await api.view(stalled, f.applicant.pin)).status).toBe('submitted');

    expect(await cloud.lambda.invoke('RequeueStalledDossiers', {})).toEqual({ requeued: 1 });
    const done = await api.waitForStatus(stalled, f.applicant.pin, 'completed');
    expect(done.documents.pin).toMatch(/^\d{12}$/);
    expect(done.steps.every((s) => s.status === 'approved')).toBe(true);
    expect((await api.view(recent, f.applicant.pin)).status).toBe('submitted');
    expect(await api.executions('BirthGroup', recent)).toEqual([]);
  });

  it('the same intake message delivered twice (and again later) starts one execution', async () => {
    const f = family(officerFamilies, 1);
    const id = await writeSubmittedBirthDossier(api.db, f, birthRequest(f, { given: given() }), new Date());
    const body = JSON.stringify({ dossierId: id });
    await Promise.all([sendIntake(OFFICERS, body), sendIntake(OFFICERS, body)]);
    await api.waitForStep(id, f.applicant.pin, 'RegisterBirth', 'awaiting-officer', 10_000);
    await sendIntake(OFFICERS, body);
    await waitFor(async () => (await queueDepth(`p06-intake-${OFFICERS}`)) === 0, 10_000, 'the queue to drain');

    expect((await api.executions('BirthGroup', id)).map((e) => e.status)).toEqual(['RUNNING']);
    const view = await api.view(id, f.applicant.pin);
    expect(view.status).toBe('processing');
    expect(view.timeline.filter((e) => e.kind === 'started')).toHaveLength(1);
    expect(view.timeline.filter((e) => e.kind === 'step-opened')).toHaveLength(1);
    expect(await historyCount(id, 'TaskScheduled')).toBe(1);
  });
});

describe('failing Lambdas', () => {
  it.each([
    ['after writing the child (its response lost)', true],
    ['before doing anything', false],
  ])("the officer's approval failing once %s is retried and the child gets one PIN", async (_, afterRun) => {
    const f = family(officerFamilies, afterRun ? 5 : 6);
    const children = await api.childrenOf(f.mother.pin);
    const id = await api.submitAccepted(f.applicant.pin, birthRequest(f, { given: given(), birthDate: daysAgo(3) }));
    const task = taskId(id, 'RegisterBirth');
    await api.waitForTask(await civil(), task);
    cloud.lambda.failNext('DecideOfficerTask', 1, new Error('Injected: the connection was reset'), { afterRun });
    const lost = await api.decide(await civil(), task, 'approve');
    expect(lost.status).toBeGreaterThanOrEqual(500);
    // Written or not, the same click again is the approval, with the one PIN.
    expect((await api.decide(await civil(), task, 'approve')).status).toBe(200);
    await api.approve(
      await police(),
      (await api.waitForTask(await police(), taskId(id, 'RegisterPermanentResidence'))).taskId,
    );
    const done = await api.waitForStatus(id, f.applicant.pin, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('completed');
    const pin = done.documents.pin ?? '';
    expect(await api.childrenOf(f.mother.pin)).toEqual([...children, pin].sort());
    expect(done.steps.find((s) => s.stepId === 'RegisterBirth')?.result).toMatchObject({ pin });
    expect(done.timeline.filter((e) => e.kind === 'step-approved' && e.stepId === 'RegisterBirth')).toHaveLength(1);
    expect((await api.executions('BirthGroup', id)).map((e) => e.status)).toEqual(['SUCCEEDED']);
  });

  it('OpenDossierStep failing after it filled the inbox is retried, and the officer decision resumes the retried task', async () => {
    const f = family(officerFamilies, 2);
    cloud.lambda.failNext('OpenDossierStep', 1, new Error('Injected: timed out writing the response'), {
      afterRun: true,
    });
    const id = await api.submitAccepted(f.applicant.pin, birthRequest(f, { given: given() }));
    // The first task failed after putting the step in the inbox; wait until its retry is waiting in turn.
    await waitFor(
      async () => (await historyCount(id, 'TaskFailed')) === 1 && (await historyCount(id, 'TaskSubmitted')) === 1,
      15_000,
      'the retried RegisterBirth task',
    );
    await api.approve(await civil(), taskId(id, 'RegisterBirth'));
    await api.waitForTask(await police(), taskId(id, 'RegisterPermanentResidence'));
    await api.approve(await police(), taskId(id, 'RegisterPermanentResidence'));
    const done = await api.waitForStatus(id, f.applicant.pin, 'completed');
    expect(done.timeline.filter((e) => e.kind === 'step-opened' && e.stepId === 'RegisterBirth')).toHaveLength(1);
  });
});

describe('deadlines', () => {
  it('a step past its deadline is flagged once to the supervisors, in every inbox and on the timeline', async () => {
    const f = family(officerFamilies, 3);
    const id = await api.submitAccepted(f.applicant.pin, birthRequest(f, { given: given() }));
    const task = await api.waitForTask(await civil(), taskId(id, 'RegisterBirth'));
    expect(task.overdue).toBe(false);
    expect(await cloud.lambda.invoke('FlagOverdueSteps', {})).toEqual({ flagged: 0 });

    // The handlers use the real clock: move the step's deadline to yesterday instead.
    const dueAt = new Date(Date.now() - 86_400_000).toISOString();
    await api.db.send(
      new UpdateCommand({
        TableName: 'Dossiers',
        Key: { pk: `DOSSIER#${id}`, sk: 'STEP#RegisterBirth' },
        UpdateExpression: 'SET dueAt = :at, dueDate = :date, dueSk = :dueSk, inboxSk = :inboxSk',
        ExpressionAttributeValues: {
          ':at': dueAt,
          ':date': daysAgo(1),
          ':dueSk': `${dueAt}#${id}#RegisterBirth`,
          ':inboxSk': `${task.communeCode}#${dueAt}#${id}`,
        },
      }),
    );
    expect(await cloud.lambda.invoke('FlagOverdueSteps', {})).toEqual({ flagged: 1 });
    const channel = `SUPERVISORS#civil-status#${OFFICERS}`;
    const flagged = (await api.outbox(channel)).filter((m) => m.text.includes(id));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.text).toMatch(/^Quá hạn: bước "Đăng ký khai sinh"/);
    expect((await api.inbox(await civil(), 'overdue=true')).map((t) => t.taskId)).toEqual([
      taskId(id, 'RegisterBirth'),
    ]);
    expect((await api.inbox(await civil(), 'overdue=false')).map((t) => t.taskId)).not.toContain(
      taskId(id, 'RegisterBirth'),
    );
    const timeline = async () =>
      (await api.view(id, f.applicant.pin)).timeline.filter(
        (e) => e.kind === 'step-overdue' && e.stepId === 'RegisterBirth',
      );
    expect(await timeline()).toHaveLength(1);

    // A second run flags nothing again.
    expect(await cloud.lambda.invoke('FlagOverdueSteps', {})).toEqual({ flagged: 0 });
    expect((await api.outbox(channel)).filter((m) => m.text.includes(id))).toHaveLength(1);
    expect(await timeline()).toHaveLength(1);

    // Late, but still decided: the approval takes the step out of every list.
    await api.approve(await civil(), taskId(id, 'RegisterBirth'));
    expect((await api.inbox(await civil(), 'overdue=true')).map((t) => t.taskId)).toEqual([]);
  });
});

describe('restart', () => {
  it('dossiers waiting for officers survive a stop in the middle; approving them completes each with one PIN', {
    timeout: 300_000,
  }, async () => {
    const families = [4, 0, 1].map((i) => family(officerFamilies, i));
    const requests = families.map((f) => birthRequest(f, { given: given(), birthDate: daysAgo(5) }));
    const childrenBefore = await Promise.all(families.map((f) => api.childrenOf(f.mother.pin)));
    const ids = await Promise.all(families.map((f, i) => api.submitAccepted(f.applicant.pin, requests[i])));
    for (const id of ids) await api.waitForTask(await civil(), taskId(id, 'RegisterBirth'));
    const [waitingForPolice, inFlight, waitingForCivil] = ids as [string, string, string];
    await api.approve(await civil(), taskId(waitingForPolice, 'RegisterBirth'));
    await api.waitForTask(await police(), taskId(waitingForPolice, 'RegisterPermanentResidence'));

    // Stop right after issuing a PIN: the child is written, but the approval's answer is lost before the stop.
    cloud.lambda.failNext('DecideOfficerTask', 1, new Error('Injected: lost answer before the stop'), {
      afterRun: true,
    });
    expect(
      (await api.decide(await civil(), taskId(inFlight, 'RegisterBirth'), 'approve')).status,
    ).toBeGreaterThanOrEqual(500);
    const pinBeforeStop = await api.db.send(
      new GetCommand({ TableName: 'Population', Key: { pk: `CLAIM#BIRTH#${inFlight}`, sk: 'CLAIM' } }),
    );
    expect(pinBeforeStop.Item?.value).toMatch(/^\d{12}$/);
    await cloud.stop();
    cloud = await start();
    expect(cloud.seed).toMatchObject({ before: SEED, after: SEED });

    const civilInbox = (await api.inbox(await civil(), 'limit=200')).map((t) => t.taskId);
    expect(civilInbox).toContain(taskId(waitingForCivil, 'RegisterBirth'));
    expect(civilInbox).not.toContain(taskId(inFlight, 'RegisterBirth'));
    // A cloud just started on a loaded machine (CI runs the unit and infra tests beside these) takes a while to move
    // the workflows on: each wait below allows 45 s, and 90 s for the dossier whose approval lost its answer, whose
    // workflow the restarted cloud resumes (it timed out at 45 s under the full suite's load; the test takes 6 s alone).
    await api.waitForTask(await police(), taskId(waitingForPolice, 'RegisterPermanentResidence'), 45_000);
    await api.waitForTask(await police(), taskId(inFlight, 'RegisterPermanentResidence'), 90_000);

    // The officer clicks again on the approval whose answer was lost: the same approval, the same PIN.
    expect((await api.decide(await civil(), taskId(inFlight, 'RegisterBirth'), 'approve')).status).toBe(200);
    await api.approve(await civil(), taskId(waitingForCivil, 'RegisterBirth'));
    await api.waitForTask(await police(), taskId(waitingForCivil, 'RegisterPermanentResidence'), 45_000);
    for (const id of ids) await api.approve(await police(), taskId(id, 'RegisterPermanentResidence'));

    const done = await Promise.all(
      ids.map((id, i) => api.waitForStatus(id, families[i]?.applicant.pin ?? '', ['completed', 'failed'], 45_000)),
    );
    expect(done.map((d) => d.status)).toEqual(['completed', 'completed', 'completed']);
    const pins = done.map((d) => d.documents.pin ?? '');
    expect(new Set(pins).size).toBe(3);
    expect(pins[1]).toBe(pinBeforeStop.Item?.value);
    for (const [i, f] of families.entries()) {
      expect(await api.childrenOf(f.mother.pin)).toEqual([...(childrenBefore[i] ?? []), pins[i]].sort());
    }
    for (const [i, view] of done.entries()) {
      expect(await api.citizen(pins[i] ?? '')).toMatchObject({ fullName: requests[i]?.form.child.fullName });
      for (const stepId of ['RegisterBirth', 'RegisterPermanentResidence']) {
        expect(view.timeline.filter((e) => e.kind === 'step-approved' && e.stepId === stepId)).toHaveLength(1);
      }
      expect((await api.executions('BirthGroup', view.id)).map((e) => e.status)).toEqual(['SUCCEEDED']);
    }
  });
});
