/**
 * DossierStore's conditional writes against DynamoDB Local (the tables of the shared local cloud): what an approval's
 * claim protects, when a decided step leaves the officers' inbox, and which step updates a status move may make.
 * Each test writes its own dossier in a commune of its own, so they see nothing of the other tests.
 */
import { randomInt } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DossierStore } from '../../../shared/adapters/dynamodb/dossier-store.ts';
import { ConflictError } from '../../../shared/domain/errors.ts';
import type { StepId } from '../../../shared/dossiers/catalogue.ts';
import { type Dossier, newDossierId, type TimelineEvent } from '../../../shared/dossiers/dossier.ts';
import type { BirthForm } from '../../../shared/dossiers/forms.ts';
import { completionText, receivedEvent } from '../../../shared/dossiers/notification-texts.ts';
import { testDocumentClient } from '../../support/clients.ts';

const store = () => new DossierStore(testDocumentClient(), 'Dossiers', 'Identity');
const PROVINCE = '01';
const AT = '2026-11-23T03:00:00.000Z';
const event = (kind: TimelineEvent['kind'], stepId?: StepId): TimelineEvent => ({
  at: new Date().toISOString(),
  kind,
  ...(stepId ? { stepId } : {}),
  actor: 'system',
  text: { vi: kind, en: kind },
});

/** A processing birth dossier in a commune of its own, with RegisterBirth waiting for an officer. */
const openDossier = async () => {
  const db = store();
  const communeCode = `9${String(randomInt(0, 10_000)).padStart(4, '0')}`;
  const id = newDossierId(PROVINCE, '20261123');
  const dossier: Dossier = {
    id,
    group: 'birth-group',
    applicantPin: '001190000001',
    communeCode,
    provinceCode: PROVINCE,
    form: {} as BirthForm,
    steps: ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance'],
    status: 'processing',
    submittedAt: AT,
    receiptDate: '2026-11-23',
    expectedBy: '2026-11-25',
    documents: {},
  };
  const subject = `birth#test#${id}`;
  expect((await db.create(dossier, { key: `k-${id}`, fingerprint: 'f' }, [], subject)).created).toBe(true);
  await db.openStep(
    {
      dossierId: id,
      stepId: 'RegisterBirth',
      agency: 'civil-status',
      status: 'awaiting-officer',
      openedAt: AT,
      dueDate: '2026-11-23',
      dueAt: '2026-11-23T10:00:00.000Z',
      findings: [],
    },
    { provinceCode: PROVINCE, communeCode, group: 'birth-group' },
    'token-1',
    event('step-opened', 'RegisterBirth'),
  );
  const inbox = async () => (await db.listInbox('civil-status', PROVINCE, { communeCode })).tasks;
  return { db, id, dossier, subject, inbox };
};

const approve = (id: string, stepId: StepId = 'RegisterBirth') => ({
  dossierId: id,
  stepId,
  status: 'approved' as const,
  agency: 'civil-status' as const,
  decidedBy: '001080000009',
  decidedAt: new Date().toISOString(),
  event: event('step-approved', stepId),
});

const cancelLeft = (stepIds: readonly StepId[]) =>
  stepIds.map((stepId) => ({ stepId, status: 'cancelled' as const, reason: 'the group ended before this step' }));

const claim = (decision: 'approve' | 'reject', at: string, staleBefore = '2000-01-01T00:00:00.000Z') => ({
  decision,
  actor: `officer-${decision}`,
  at,
  staleBefore,
});

/** moveStatus's answer to a transaction stopped by something other than the dossier's status: retry. */
const expectConflict = async (moving: Promise<boolean>) => {
  const error = await moving.then(
    (moved) => new Error(`moved: ${moved}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  expect((error as Error).message).toMatch(/changed meanwhile.*; retry/);
};

describe('DossierStore.claimDecision', () => {
  it("never lets a rejection take over an approval's claim, however old; the same decision may claim again", async () => {
    const { db, id } = await openDossier();
    expect(await db.claimDecision(id, 'RegisterBirth', claim('approve', '2026-11-23T03:00:00.000Z'))).toEqual({
      claimed: true,
      shared: false,
    });
    const later = '2026-11-23T04:00:00.000Z';
    const rejecting = await db.claimDecision(id, 'RegisterBirth', claim('reject', later, later));
    expect(rejecting).toMatchObject({
      claimed: false,
      step: { status: 'awaiting-officer', claimedDecision: 'approve' },
    });
    // The approval's claim is stale by now: this approval is the only one under way.
    expect(await db.claimDecision(id, 'RegisterBirth', claim('approve', later, later))).toEqual({
      claimed: true,
      shared: false,
    });
  });

  it('tells an approval claiming over a live approval claim that the claim is shared', async () => {
    const { db, id } = await openDossier();
    await db.claimDecision(id, 'RegisterBirth', claim('approve', '2026-11-23T03:00:00.000Z'));
    const second = { ...claim('approve', '2026-11-23T03:00:01.000Z', '2026-11-23T02:58:01.000Z'), actor: 'b' };
    expect(await db.claimDecision(id, 'RegisterBirth', second)).toEqual({ claimed: true, shared: true });
    expect(await db.getStep(id, 'RegisterBirth')).toMatchObject({ claimedBy: 'b', claimedDecision: 'approve' });
  });

  it("lets an approval take over a stale rejection's claim, not a fresh one", async () => {
    const { db, id } = await openDossier();
    await db.claimDecision(id, 'RegisterBirth', claim('reject', '2026-11-23T03:00:00.000Z'));
    const fresh = await db.claimDecision(id, 'RegisterBirth', claim('approve', '2026-11-23T03:01:00.000Z'));
    expect(fresh.claimed).toBe(false);
    const stale = await db.claimDecision(
      id,
      'RegisterBirth',
      claim('approve', '2026-11-23T03:05:00.000Z', '2026-11-23T03:03:00.000Z'),
    );
    expect(stale).toEqual({ claimed: true, shared: false });
  });

  it('releaseClaim removes only its own claim', async () => {
    const { db, id } = await openDossier();
    const first = claim('approve', '2026-11-23T03:00:00.000Z');
    await db.claimDecision(id, 'RegisterBirth', first);
    const second = { ...claim('approve', '2026-11-23T03:00:05.000Z'), actor: 'another-officer' };
    await db.claimDecision(id, 'RegisterBirth', second);
    expect(await db.releaseClaim(id, 'RegisterBirth', first)).toBe(false);
    expect((await db.getStep(id, 'RegisterBirth'))?.claimedBy).toBe('another-officer');
    expect(await db.releaseClaim(id, 'RegisterBirth', second)).toBe(true);
    expect((await db.getStep(id, 'RegisterBirth'))?.claimedDecision).toBeUndefined();
  });
});

describe('DossierStore: a decided step and the inbox', () => {
  it('keeps a decided step in the inbox, with its status, until markDelivered', async () => {
    const { db, id, inbox } = await openDossier();
    expect((await inbox()).map((t) => [t.stepId, t.status])).toEqual([['RegisterBirth', 'awaiting-officer']]);
    const outcome = await db.decideStep(approve(id));
    expect(outcome).toMatchObject({ applied: true, step: { status: 'approved', inInbox: true, taskToken: 'token-1' } });
    expect((await inbox()).map((t) => [t.stepId, t.status, t.overdue])).toEqual([['RegisterBirth', 'approved', false]]);
    expect(await db.listOverdue(PROVINCE, '2099-01-01')).not.toContainEqual(expect.objectContaining({ dossierId: id }));
    expect(await db.markDelivered(id, 'RegisterBirth')).toBe(true);
    expect(await inbox()).toEqual([]);
    expect(await db.markDelivered(id, 'RegisterBirth')).toBe(false);
    expect((await db.getStep(id, 'RegisterBirth'))?.inInbox).toBeUndefined();
  });

  it('markDelivered neither takes an undecided step out of the inbox nor creates a step', async () => {
    const { db, id, inbox } = await openDossier();
    expect(await db.markDelivered(id, 'RegisterBirth')).toBe(false);
    expect(await inbox()).toHaveLength(1);
    expect(await db.markDelivered(id, 'RegisterPermanentResidence')).toBe(false);
    expect(await db.getStep(id, 'RegisterPermanentResidence')).toBeUndefined();
  });

  it('a cancellation by the end of the group takes the step out of the inbox', async () => {
    const { db, id, dossier, inbox } = await openDossier();
    await db.moveStatus(id, ['processing'], 'failed', event('failed'), {
      provinceCode: PROVINCE,
      stepUpdates: cancelLeft(dossier.steps),
    });
    expect(await inbox()).toEqual([]);
    expect((await db.getStep(id, 'RegisterBirth'))?.status).toBe('cancelled');
  });
});

describe('DossierStore: the timeline', () => {
  it("keeps an approval's event on its step, merged into the timeline in order; a rejection has an item", async () => {
    const { db, id } = await openDossier();
    await db.decideStep(approve(id));
    await db.decideStep({
      ...approve(id, 'RegisterPermanentResidence'),
      status: 'rejected',
      reason: 'test',
      event: event('step-rejected', 'RegisterPermanentResidence'),
    });
    const view = await db.view(id);
    expect(view?.timeline.map((e) => [e.kind, e.stepId])).toEqual([
      ['submitted', undefined],
      ['step-opened', 'RegisterBirth'],
      ['step-approved', 'RegisterBirth'],
      ['step-rejected', 'RegisterPermanentResidence'],
    ]);
    // The approval is not an item of its own, and the step as read shows no storage detail.
    const { Items } = await testDocumentClient().send(
      new QueryCommand({
        TableName: 'Dossiers',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${id}`, ':event': 'EVENT#' },
      }),
    );
    // Neither is the receipt: it follows from the dossier item (receivedEvent).
    expect((Items ?? []).map((i) => i.kind)).toEqual(['step-opened', 'step-rejected']);
    expect(await db.getStep(id, 'RegisterBirth')).not.toHaveProperty('approvedEvent');
    expect(view?.steps.find((s) => s.stepId === 'RegisterBirth')).not.toHaveProperty('approvedEvent');
    // Approving again writes nothing: the timeline keeps one approval.
    expect((await db.decideStep(approve(id))).applied).toBe(false);
    expect((await db.view(id))?.timeline.filter((e) => e.kind === 'step-approved')).toHaveLength(1);
  });

  it('keeps the start on the dossier item (startedAt), in the timeline in order, once', async () => {
    const db = store();
    const id = newDossierId(PROVINCE, '20261123');
    const dossier = { ...(await openDossier()).dossier, id, status: 'submitted' as const };
    expect((await db.create(dossier, { key: `k-${id}`, fingerprint: 'f' })).created).toBe(true);
    expect(await db.markStarted(id, event('started'))).toBe(true);
    expect(await db.markStarted(id, event('started'))).toBe(false);
    await db.decideStep(approve(id));
    expect(await db.moveStatus(id, ['processing'], 'completed', event('completed'), { provinceCode: PROVINCE })).toBe(
      true,
    );
    expect(await db.moveStatus(id, ['processing'], 'completed', event('completed'), { provinceCode: PROVINCE })).toBe(
      false,
    );
    const view = await db.view(id);
    expect(view?.dossier.status).toBe('completed');
    expect(view?.dossier).not.toHaveProperty('startedAt');
    expect(view?.timeline.map((e) => e.kind)).toEqual(['submitted', 'started', 'step-approved', 'completed']);
    expect(view?.timeline[1]).toMatchObject({
      actor: 'system',
      text: { en: `Dossier ${id} has been passed to the agencies.` },
    });
    const { Items } = await testDocumentClient().send(
      new QueryCommand({
        TableName: 'Dossiers',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${id}`, ':event': 'EVENT#' },
      }),
    );
    expect((Items ?? []).map((i) => i.kind)).toEqual(['completed']);
    expect(await db.markStarted(newDossierId(PROVINCE, '20261123'), event('started'))).toBe(false);
  });

  it('derives the receipt from the dossier item, and lists a receipt stored as an item (older dossiers) once', async () => {
    const { db, id, dossier } = await openDossier();
    const received = receivedEvent(dossier);
    expect((await db.view(id))?.timeline[0]).toEqual(received);
    expect(received).toMatchObject({ kind: 'submitted', actor: dossier.applicantPin, at: AT });
    expect(received.text.en).toBe(
      `Dossier ${id} (Birth registration, permanent residence and health-insurance card for a child under 6) is received; the result is expected by 2026-11-25.`,
    );
    // A dossier written before the receipt was derived has it as an item, with the text the citizen was sent.
    const stored = { ...received, text: { vi: 'đã nhận', en: 'received (as sent)' } };
    await testDocumentClient().send(new PutCommand({ TableName: 'Dossiers', Item: db.eventItem(id, stored) }));
    const timeline = (await db.view(id))?.timeline ?? [];
    expect(timeline.filter((e) => e.kind === 'submitted')).toEqual([stored]);
    expect(timeline.map((e) => e.kind)).toEqual(['submitted', 'step-opened']);
  });
});

describe('DossierStore: the completion event', () => {
  const eventItems = async (id: string) =>
    (
      (
        await testDocumentClient().send(
          new QueryCommand({
            TableName: 'Dossiers',
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
            ExpressionAttributeValues: { ':pk': `DOSSIER#${id}`, ':event': 'EVENT#' },
          }),
        )
      ).Items ?? []
    ).filter((i) => i.kind !== 'step-opened');

  it('is the outcome of a completed dossier, no item; revoking it keeps the completion as an item', async () => {
    const { db, id } = await openDossier();
    const done: TimelineEvent = { ...event('completed'), text: { vi: 'Hồ sơ đã hoàn thành.', en: 'Complete.' } };
    const extra = { provinceCode: PROVINCE, outcome: { ...done.text, at: done.at } };
    expect(await db.moveStatus(id, ['processing'], 'completed', done, extra)).toBe(true);
    expect(await eventItems(id)).toEqual([]);
    expect((await db.view(id))?.timeline.at(-1)).toEqual(done);

    const revoked: TimelineEvent = { ...event('revoked'), at: new Date(Date.parse(done.at) + 1000).toISOString() };
    const outcome = { ...revoked.text, at: revoked.at };
    expect(await db.moveStatus(id, ['completed', 'processing'], 'revoked', revoked, { outcome })).toBe(true);
    expect((await eventItems(id)).map((i) => i.kind)).toEqual(['completed', 'revoked']);
    const view = await db.view(id);
    expect(view?.dossier).toMatchObject({ status: 'revoked', outcome });
    expect(view?.timeline.slice(-2)).toEqual([done, revoked]);
  });

  it("keeps a completed group's time alone and derives its text from the steps on every read", async () => {
    const { db, id, dossier } = await openDossier();
    const approval = { vi: 'Đã cấp số định danh cá nhân.', en: 'A personal identification number is issued.' };
    await db.decideStep({
      ...approve(id),
      automatic: true,
      event: { ...event('step-approved', 'RegisterBirth'), text: approval },
    });
    const text = completionText(
      dossier,
      [{ stepId: 'RegisterBirth', status: 'approved', automatic: true }],
      [{ ...event('step-approved', 'RegisterBirth'), text: approval }],
    );
    expect(text.en).toContain(approval.en);
    const done: TimelineEvent = { ...event('completed'), text };
    const extra = { provinceCode: PROVINCE, outcome: { ...text, at: done.at }, outcomeFromSteps: true };
    expect(await db.moveStatus(id, ['processing'], 'completed', done, extra)).toBe(true);

    const raw = (
      await testDocumentClient().send(
        new GetCommand({ TableName: 'Dossiers', Key: { pk: `DOSSIER#${id}`, sk: 'DOSSIER' } }),
      )
    ).Item;
    expect(raw?.outcome).toEqual({ at: done.at });
    expect(await eventItems(id)).toEqual([]);
    expect((await db.get(id))?.outcome).toEqual({ ...text, at: done.at });
    const view = await db.view(id);
    expect(view?.dossier.outcome).toEqual({ ...text, at: done.at });
    expect(view?.timeline.at(-1)).toEqual(done);
    const listed = (await db.listByApplicant(dossier.applicantPin, 100)).find((d) => d.id === id);
    expect(listed?.status).toBe('completed');
    expect(listed).not.toHaveProperty('outcome');

    // A revocation reverses the approved steps first: the completion still reads as it was sent.
    expect(await db.reverseStep(id, 'RegisterBirth', event('step-reversed', 'RegisterBirth'), 'revoked')).toBe(true);
    expect((await db.view(id))?.dossier.outcome).toEqual({ ...text, at: done.at });
    // Revoking it writes the completion, with its derived text, as an item of its own before replacing the outcome.
    const revoked: TimelineEvent = { ...event('revoked'), at: new Date(Date.parse(done.at) + 1000).toISOString() };
    const outcome = { ...revoked.text, at: revoked.at };
    expect(await db.moveStatus(id, ['completed', 'processing'], 'revoked', revoked, { outcome })).toBe(true);
    const ends = (await eventItems(id)).filter((i) => i.kind !== 'step-reversed');
    expect(ends.map((i) => i.text)).toEqual([text, revoked.text]);
    const timeline = (await db.view(id))?.timeline ?? [];
    expect(timeline.filter((e) => e.kind === 'completed' || e.kind === 'revoked')).toEqual([done, revoked]);
  });

  it('a completion whose event differs from its outcome (an older caller) is kept as an item, listed once', async () => {
    const { db, id } = await openDossier();
    const done = event('completed');
    const outcome = { vi: 'khác', en: 'other', at: done.at };
    expect(await db.moveStatus(id, ['processing'], 'completed', done, { provinceCode: PROVINCE, outcome })).toBe(true);
    expect((await eventItems(id)).map((i) => i.kind)).toEqual(['completed']);
    expect((await db.view(id))?.timeline.filter((e) => e.kind === 'completed')).toEqual([done]);
  });
});

describe("DossierStore: a step's documents", () => {
  const rawDossierItem = async (id: string) =>
    (
      await testDocumentClient().send(
        new GetCommand({ TableName: 'Dossiers', Key: { pk: `DOSSIER#${id}`, sk: 'DOSSIER' } }),
      )
    ).Item;

  it('keeps the documents an approval issues on its step, in one write; every read of the dossier shows them', async () => {
    const { db, id } = await openDossier();
    const decided = await db.decideStep({ ...approve(id), documents: { birthCertificateNumber: `KS-${id}` } });
    // One conditional write returns the step it wrote: no transaction, no read back.
    expect(decided).toMatchObject({
      applied: true,
      step: { status: 'approved', stepId: 'RegisterBirth', inInbox: true },
    });
    expect(decided.step).not.toHaveProperty('documents');
    expect((await rawDossierItem(id))?.documents).toEqual({});
    await db.decideStep({
      ...approve(id, 'IssueChildHealthInsurance'),
      automatic: true,
      documents: { healthInsuranceCardNumber: 'TE1010126000123' },
    });
    const documents = { birthCertificateNumber: `KS-${id}`, healthInsuranceCardNumber: 'TE1010126000123' };
    expect((await db.get(id))?.documents).toEqual(documents);
    expect((await db.load(id))?.dossier.documents).toEqual(documents);
    expect((await db.view(id))?.dossier.documents).toEqual(documents);
    // The applicant's list reads dossiers by key: one still running is read whole, so it shows them too.
    const listed = (await db.listByApplicant('001190000001', 100)).find((d) => d.id === id);
    expect(listed?.documents).toEqual(documents);
    // Deciding again changes nothing.
    expect((await db.decideStep({ ...approve(id), documents: { birthCertificateNumber: 'other' } })).applied).toBe(
      false,
    );
    expect((await db.get(id))?.documents).toEqual(documents);
    // Its end copies them onto the dossier item, which the list reads alone once it has ended.
    const dossier = await db.get(id);
    expect(
      await db.moveStatus(id, ['processing'], 'completed', event('completed'), {
        provinceCode: PROVINCE,
        documents,
        ...(dossier ? { read: dossier } : {}),
      }),
    ).toBe(true);
    expect((await rawDossierItem(id))?.documents).toEqual(documents);
    expect((await db.listByApplicant('001190000001', 100)).find((d) => d.id === id)?.documents).toEqual(documents);
  });
});

describe('DossierStore.moveStatus and the steps it cancels', () => {
  it('never overwrites a step decided meanwhile: throws a ConflictError, writing nothing', async () => {
    const { db, id, dossier } = await openDossier();
    await db.decideStep(approve(id));
    await expectConflict(
      db.moveStatus(id, ['processing'], 'failed', event('failed'), {
        provinceCode: PROVINCE,
        stepUpdates: cancelLeft(dossier.steps),
      }),
    );
    expect((await db.getStep(id, 'RegisterBirth'))?.status).toBe('approved');
    expect((await db.get(id))?.status).toBe('processing');
    expect(await db.getStep(id, 'RegisterPermanentResidence')).toBeUndefined();
  });

  it('never cancels a step whose approval holds a claim: throws a ConflictError, writing nothing', async () => {
    const { db, id, dossier } = await openDossier();
    await db.claimDecision(id, 'RegisterBirth', claim('approve', AT));
    await expectConflict(
      db.moveStatus(id, ['processing'], 'failed', event('failed'), {
        provinceCode: PROVINCE,
        stepUpdates: cancelLeft(dossier.steps),
      }),
    );
    expect(await db.getStep(id, 'RegisterBirth')).toMatchObject({
      status: 'awaiting-officer',
      claimedDecision: 'approve',
    });
    expect((await db.get(id))?.status).toBe('processing');
  });

  it('answers false (writes nothing) only when the dossier is not in a from-state, whatever else fails', async () => {
    const { db, id, dossier } = await openDossier();
    await db.decideStep(approve(id));
    expect(
      await db.moveStatus(id, ['completed'], 'revoked', event('revoked'), {
        provinceCode: PROVINCE,
        stepUpdates: cancelLeft(dossier.steps),
      }),
    ).toBe(false);
    expect((await db.get(id))?.status).toBe('processing');
    expect(await db.moveStatus('HS01-20261123-NOSUCHDOSS', ['processing'], 'failed', event('failed'))).toBe(false);
  });

  it('throws, writing nothing, when the subject claim to release is not the dossier any more', async () => {
    const { db, id, subject } = await openDossier();
    await testDocumentClient().send(
      new PutCommand({
        TableName: 'Dossiers',
        Item: { pk: `SUBJECT#${subject}`, sk: 'SUBJECT', type: 'subject-claim', dossierId: 'HS01-20261123-ANOTHERONE' },
      }),
    );
    await expectConflict(db.moveStatus(id, ['processing'], 'failed', event('failed'), { releaseSubject: true }));
    expect((await db.get(id))?.status).toBe('processing');
  });

  it('DynamoDB Local names the failed item of a cancelled transaction (CancellationReasons, the dossier first)', async () => {
    const { id } = await openDossier();
    const error = await testDocumentClient()
      .send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: 'Dossiers',
                Key: { pk: `DOSSIER#${id}`, sk: 'DOSSIER' },
                ConditionExpression: '#s = :s',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':s': 'processing' },
              },
            },
            {
              ConditionCheck: {
                TableName: 'Dossiers',
                Key: { pk: `DOSSIER#${id}`, sk: 'STEP#RegisterBirth' },
                ConditionExpression: '#s = :s',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':s': 'approved' },
              },
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
  });

  it('cancels a step claimed by a rejection (nothing is written before a rejection is recorded)', async () => {
    const { db, id, dossier } = await openDossier();
    await db.claimDecision(id, 'RegisterBirth', claim('reject', AT));
    expect(
      await db.moveStatus(id, ['processing'], 'failed', event('failed'), {
        provinceCode: PROVINCE,
        stepUpdates: cancelLeft(dossier.steps),
      }),
    ).toBe(true);
    const step = await db.getStep(id, 'RegisterBirth');
    expect(step).toMatchObject({ status: 'cancelled' });
    expect(step?.claimedDecision).toBeUndefined();
    expect((await db.getStep(id, 'IssueChildHealthInsurance'))?.status).toBe('cancelled');
  });
});
