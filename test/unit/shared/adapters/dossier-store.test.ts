import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DossierStore } from '../../../../shared/adapters/dynamodb/dossier-store.ts';
import { ConflictError } from '../../../../shared/domain/errors.ts';
import type { TimelineEvent } from '../../../../shared/dossiers/dossier.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const dynamo = mockClient(documentClient);
const store = () => new DossierStore(documentClient, 'Dossiers', 'Identity');
const ID = 'HS01-20261123-ABCDEFGHJK';
const EVENT: TimelineEvent = {
  at: '2026-11-23T03:00:00.000Z',
  kind: 'failed',
  actor: 'system',
  text: { vi: 'x', en: 'x' },
};
const cancelled = (...codes: (string | undefined)[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    ...(codes.length > 0 ? { CancellationReasons: codes.map((Code) => (Code ? { Code } : {})) } : {}),
  });
const fail = () =>
  store().moveStatus(ID, ['processing', 'submitted'], 'failed', EVENT, {
    provinceCode: '01',
    stepUpdates: [{ stepId: 'RegisterPermanentResidence', status: 'cancelled', reason: 'the group ended' }],
  });

const STORED = {
  id: ID,
  status: 'processing',
  group: 'birth-group',
  provinceCode: '01',
  submittedAt: '2026-11-23T02:00:00.000Z',
  expectedBy: '2026-11-25',
};

/** The dossier's partition as DossierStore.load queries it: here only its dossier item. */
const dossierItems = (dossier: Record<string, unknown>) => ({
  Items: [{ pk: `DOSSIER#${String(dossier.id)}`, sk: 'DOSSIER', ...dossier }],
});

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves(dossierItems(STORED));
});

describe('DossierStore.moveStatus', () => {
  it('cancels only steps never opened, or undecided and not claimed by an approval, and takes them out of the inbox', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await fail()).toBe(true);
    const [dossier, step] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(dossier?.Update?.ConditionExpression).toBe('#status IN (:from0, :from1)');
    expect(step?.Update).toMatchObject({
      ConditionExpression:
        'attribute_not_exists(pk) OR (#status IN (:pending, :awaiting) AND (attribute_not_exists(claimedDecision) OR claimedDecision <> :approve))',
      ExpressionAttributeValues: expect.objectContaining({
        ':pending': 'pending',
        ':awaiting': 'awaiting-officer',
        ':approve': 'approve',
      }),
    });
    expect(step?.Update?.UpdateExpression).toMatch(/REMOVE inboxPk, inboxSk, inboxDueSk, duePk, dueSk/);
  });

  it("moves the indicators of the dossier's cell in the same transaction", async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    expect(await fail()).toBe(true);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const kpi = items.find((i) => String(i.Update?.Key?.pk).startsWith('KPI#'))?.Update;
    expect(kpi?.Key).toEqual({ pk: 'KPI#2026', sk: '2026-11#01#birth-group' });
    expect(kpi?.UpdateExpression).toMatch(/ADD #c0 :c0$/);
    expect(kpi?.ExpressionAttributeNames?.['#c0']).toBe('failed');
    expect(kpi?.ExpressionAttributeValues?.[':c0']).toBe(1);
  });

  it('writes no indicator between open statuses', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(QueryCommand).resolves(dossierItems({ ...STORED, status: 'submitted' }));
    expect(await store().markStarted(ID, { ...EVENT, kind: 'started' })).toBe(true);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.some((i) => String(i.Update?.Key?.pk).startsWith('KPI#'))).toBe(false);
  });

  it('conditions a change from statuses that count differently on the status read, and re-reads if it moved', async () => {
    const revoke = () =>
      store().moveStatus(ID, ['completed', 'processing', 'submitted'], 'revoked', { ...EVENT, kind: 'revoked' });
    dynamo
      .on(QueryCommand)
      .resolvesOnce(dossierItems(STORED))
      .resolves(dossierItems({ ...STORED, status: 'completed', countedOnTime: true }));
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed', 'None')).resolves({});
    expect(await revoke()).toBe(true);
    const [first, second] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);
    // Read `processing`: conditioned on the statuses that count alike with it, never on `completed`.
    expect(first?.[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':from0': 'processing',
      ':from1': 'submitted',
    });
    expect(first?.[0]?.Update?.ExpressionAttributeValues).not.toHaveProperty(':from2');
    expect(second?.[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':from0': 'completed' });
    expect(second?.[0]?.Update?.ExpressionAttributeValues).not.toHaveProperty(':from1');
    const kpi = second?.find((i) => String(i.Update?.Key?.pk).startsWith('KPI#'))?.Update;
    const delta = Object.fromEntries(
      Object.entries(kpi?.ExpressionAttributeNames ?? {})
        .filter(([k]) => k.startsWith('#c'))
        .map(([k, name]) => [name, kpi?.ExpressionAttributeValues?.[`:${k.slice(1)}`]]),
    );
    expect(delta).toEqual({ completed: -1, completedOnTime: -1, revoked: 1 });
    expect(second?.[0]?.Update?.UpdateExpression).toBe('SET #status = :to REMOVE provinceStatus, countedOnTime');
  });

  it('marks a dossier completed on time, so a later revocation takes back just that', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await store().moveStatus(ID, ['processing'], 'completed', { ...EVENT, kind: 'completed' });
    const [dossier] = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(dossier?.Update?.UpdateExpression).toBe('SET #status = :to, countedOnTime = :true REMOVE provinceStatus');
  });

  it('lists a dossier in the byProvinceStatus index only until its workflow starts (the sweeps read no other)', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(QueryCommand).resolves(dossierItems({ ...STORED, status: 'submitted' }));
    dynamo.on(UpdateCommand).resolves({});
    await store().markStarted(ID, { ...EVENT, kind: 'started' });
    // The start: one conditional update (no transaction, no read), its event kept on the dossier item.
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(0);
    await fail();
    const [started] = dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(started?.UpdateExpression).toBe('SET #status = :to, startedAt = :at REMOVE provinceStatus');
    expect(started?.ConditionExpression).toBe('#status = :from');
    const [failed] = dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems?.[0]);
    expect(failed?.Update?.UpdateExpression).toBe('SET #status = :to REMOVE provinceStatus');
    expect(failed?.Update?.ExpressionAttributeValues).not.toHaveProperty(':ps');
  });

  it("answers false when the dossier's own condition failed (not in a from-state)", async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect(await fail()).toBe(false);
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'));
    expect(await fail()).toBe(false);
  });

  it('throws a ConflictError (retry) when a step update failed or the transaction conflicted', async () => {
    for (const codes of [
      ['None', 'ConditionalCheckFailed', 'None'],
      ['TransactionConflict', 'None', 'None'],
      ['None', 'TransactionConflict', 'None'],
    ]) {
      dynamo.on(TransactWriteCommand).rejects(cancelled(...codes));
      const error = await fail().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(/changed meanwhile.*; retry/);
    }
  });

  it('without CancellationReasons, reads the dossier: still in a from-state is a conflict, otherwise false', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled());
    dynamo.on(QueryCommand).resolves(dossierItems(STORED));
    await expect(fail()).rejects.toBeInstanceOf(ConflictError);
    dynamo.on(QueryCommand).resolves(dossierItems({ id: ID, status: 'failed' }));
    expect(await fail()).toBe(false);
    dynamo.on(QueryCommand).resolves({ Items: [] });
    expect(await fail()).toBe(false);
  });

  it('lets other errors through', async () => {
    dynamo.on(TransactWriteCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(fail()).rejects.toThrow('Rate exceeded');
  });
});
