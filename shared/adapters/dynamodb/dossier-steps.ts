/**
 * The steps of a dossier in the Dossiers table (see dossier-items.ts for the items): opening a human step in the
 * officers' inbox with the workflow's task token, the claim a decision takes before its effect, the decision
 * itself, its delivery to the workflow, and a reversal. Methods of DossierStore.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StepId } from '../../dossiers/catalogue.ts';
import type { StepState, TimelineEvent } from '../../dossiers/dossier.ts';
import {
  appliedUnlessConditionFails,
  type DecideOutcome,
  type DossierTable,
  isCancelled,
  isConditionFailure,
  type StepDecision,
  type StoredStep,
  sharedClaim,
  stepKey,
  storedStep,
  strip,
} from './dossier-items.ts';

export async function getStep(t: DossierTable, id: string, stepId: StepId): Promise<StoredStep | undefined> {
  const { Item } = await t.client.send(
    new GetCommand({ TableName: t.tableName, Key: stepKey(id, stepId), ConsistentRead: true }),
  );
  return Item ? storedStep(Item) : undefined;
}

/**
 * Puts a human step in the officers' inbox with the workflow's task token. Run again for the same step (a
 * retried task gets a new token) it only replaces the token; a step already decided is left alone and
 * returned, so the caller can hand its outcome back to the workflow.
 */
export async function openStep(
  t: DossierTable,
  step: StepState & { readonly dueAt: string; readonly openedAt: string },
  where: { readonly provinceCode: string; readonly communeCode: string; readonly group: string },
  taskToken: string | undefined,
  event: TimelineEvent,
): Promise<{ opened: boolean; step: StoredStep }> {
  try {
    await t.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: t.tableName,
              Item: {
                ...stepKey(step.dossierId, step.stepId),
                type: 'dossier-step',
                ...step,
                provinceCode: where.provinceCode,
                communeCode: where.communeCode,
                group: where.group,
                ...(taskToken ? { taskToken } : {}),
                inboxPk: `${step.agency}#${where.provinceCode}`,
                inboxSk: `${where.communeCode}#${step.dueAt}#${step.dossierId}`,
                inboxDueSk: `${step.dueAt}#${step.dossierId}#${step.stepId}`,
                duePk: where.provinceCode,
                dueSk: `${step.dueAt}#${step.dossierId}#${step.stepId}`,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: t.tableName, Item: t.eventItem(step.dossierId, event) } },
        ],
      }),
    );
    return { opened: true, step: { ...step, ...(taskToken ? { taskToken } : {}), inInbox: true } };
  } catch (error) {
    if (!isCancelled(error)) throw error;
  }
  try {
    const { Attributes } = await t.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: stepKey(step.dossierId, step.stepId),
        ConditionExpression: '#status = :awaiting',
        UpdateExpression: 'SET taskToken = :token',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':awaiting': 'awaiting-officer', ':token': taskToken },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return {
      opened: false,
      step: { ...strip<StepState>(Attributes ?? {}), taskToken, ...(Attributes?.inboxPk ? { inInbox: true } : {}) },
    };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getStep(t, step.dossierId, step.stepId);
    if (!current) throw error;
    return { opened: false, step: current };
  }
}

/**
 * Records a decision on a step that is open (or was never opened: an auto-approval), with the documents it issues, a
 * timeline event (an approval's on the step item itself) and the citizen's notification. A decision that writes only
 * its step (an approval without a message of its own: an auto-approval) is one conditional write that returns
 * the step; otherwise its items are one transaction. If the step was already decided, nothing is written and the
 * stored step is returned (`applied: false`). The step stays in the inbox, showing its decision, until
 * `markDelivered`: if handing the decision to the workflow fails, an officer still sees it and deciding again
 * delivers it.
 */
export async function decideStep(t: DossierTable, decision: StepDecision): Promise<DecideOutcome> {
  const approved = decision.status === 'approved';
  const fields: Record<string, unknown> = {
    status: decision.status,
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt,
    stepId: decision.stepId,
    dossierId: decision.dossierId,
    ...(decision.agency !== undefined ? { agency: decision.agency } : {}),
    ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
    ...(decision.automatic !== undefined ? { automatic: decision.automatic } : {}),
    ...(decision.findings !== undefined ? { findings: decision.findings } : {}),
    ...(decision.result !== undefined ? { result: decision.result } : {}),
    // The documents an approval issues live on its step (dossierOf in dossier-items.ts), and so does its timeline
    // event (timelineOf): neither is a second item of the decision's write.
    ...(decision.documents !== undefined && Object.keys(decision.documents).length > 0
      ? { documents: decision.documents }
      : {}),
    ...(approved ? { approvedEvent: decision.event } : {}),
  };
  const names = Object.keys(fields);
  const update = {
    TableName: t.tableName,
    Key: stepKey(decision.dossierId, decision.stepId),
    ConditionExpression: 'attribute_not_exists(pk) OR #f0 IN (:pending, :awaiting)',
    UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :v${i}`).join(', ')} REMOVE duePk, dueSk, claimedDecision, claimedBy, claimedAt`,
    ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
    ExpressionAttributeValues: {
      ...Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
      ':pending': 'pending',
      ':awaiting': 'awaiting-officer',
    },
  };
  const others = [
    ...(approved ? [] : [{ Put: { TableName: t.tableName, Item: t.eventItem(decision.dossierId, decision.event) } }]),
    ...t.notificationPuts(decision.notifications, new Date(decision.event.at)),
  ];
  try {
    if (others.length === 0) {
      // A single conditional write, half the units of a one-item transaction, and it returns the step it wrote.
      const { Attributes } = await t.client.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
      return { applied: true, step: storedStep(Attributes ?? {}) };
    }
    await t.client.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...others] }));
    const step = await getStep(t, decision.dossierId, decision.stepId);
    return { applied: true, step: step as StoredStep };
  } catch (error) {
    if (!isCancelled(error) && !isConditionFailure(error)) throw error;
    const step = await getStep(t, decision.dossierId, decision.stepId);
    if (!step) throw error;
    return { applied: false, step };
  }
}

/**
 * Takes a decided step out of the officers' inbox once its decision was handed to the workflow (or the workflow
 * no longer waits for it). False if it was not listed (any more).
 */
export async function markDelivered(t: DossierTable, dossierId: string, stepId: StepId): Promise<boolean> {
  return appliedUnlessConditionFails(
    t.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: stepKey(dossierId, stepId),
        ConditionExpression: 'attribute_exists(inboxPk) AND #status IN (:approved, :rejected)',
        UpdateExpression: 'REMOVE inboxPk, inboxSk, inboxDueSk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':approved': 'approved', ':rejected': 'rejected' },
      }),
    ),
  );
}

/**
 * Reserves a step waiting for an officer for one decision before that decision's effect is applied: an approval
 * writes to the registries (a death, a PIN) before the decision is recorded, and a different decision recorded
 * meanwhile would leave the effect without its approval. The same decision may claim again (a second click, a
 * retry: an approval re-applies its idempotent effect). An approval's claim is never taken over by a rejection,
 * however old: its decider may have died after writing the effect, and only an approval can complete it. A
 * rejection writes nothing before its record, so its claim made before `staleBefore` (its decider died) may be
 * taken over by an approval. If the step cannot be claimed (it is decided, or claimed for the other decision),
 * nothing is written and the current step is returned. `shared`: a live claim for the same decision was there
 * (another approval may be under way), so this one must never give the step up (`releaseClaim`).
 */
export async function claimDecision(
  t: DossierTable,
  dossierId: string,
  stepId: StepId,
  claim: {
    readonly decision: 'approve' | 'reject';
    readonly actor: string;
    readonly at: string;
    readonly staleBefore: string;
    /**
     * The time of an expired approval's claim that this rejection takes over: only after the caller checked that
     * the approval's effect was not written (StepRule.applied), and only that very claim, still expired.
     */
    readonly expiredApprovalAt?: string;
  },
): Promise<
  | { readonly claimed: true; readonly shared: boolean }
  | { readonly claimed: false; readonly step: StoredStep | undefined }
> {
  const takeOver =
    claim.decision === 'reject' && claim.expiredApprovalAt !== undefined
      ? ' OR (claimedDecision = :approve AND claimedAt = :expiredAt AND claimedAt < :stale)'
      : '';
  try {
    const { Attributes: before } = await t.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: stepKey(dossierId, stepId),
        ConditionExpression: `#status = :awaiting AND (attribute_not_exists(claimedDecision) OR claimedDecision = :decision OR (claimedDecision = :reject AND claimedAt < :stale)${takeOver})`,
        ReturnValues: 'ALL_OLD',
        UpdateExpression: 'SET claimedDecision = :decision, claimedBy = :by, claimedAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':awaiting': 'awaiting-officer',
          ':decision': claim.decision,
          ':reject': 'reject',
          ':by': claim.actor,
          ':at': claim.at,
          ':stale': claim.staleBefore,
          ...(takeOver ? { ':approve': 'approve', ':expiredAt': claim.expiredApprovalAt } : {}),
        },
      }),
    );
    return { claimed: true, shared: sharedClaim(before, claim) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { claimed: false, step: await getStep(t, dossierId, stepId) };
  }
}

/**
 * Gives up a claim made by `claimDecision` whose decision will not be recorded (the step refused it before
 * writing anything), so that the step can be decided otherwise at once. Only this very claim is removed (same
 * decision, actor and time, step still awaiting an officer); false if it is no longer there. Never for a claim
 * that was `shared`: the other decider may be writing its effect.
 */
export async function releaseClaim(
  t: DossierTable,
  dossierId: string,
  stepId: StepId,
  claim: { readonly decision: 'approve' | 'reject'; readonly actor: string; readonly at: string },
): Promise<boolean> {
  return appliedUnlessConditionFails(
    t.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: stepKey(dossierId, stepId),
        ConditionExpression:
          '#status = :awaiting AND claimedDecision = :decision AND claimedBy = :by AND claimedAt = :at',
        UpdateExpression: 'REMOVE claimedDecision, claimedBy, claimedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':awaiting': 'awaiting-officer',
          ':decision': claim.decision,
          ':by': claim.actor,
          ':at': claim.at,
        },
      }),
    ),
  );
}

/** Sets a step's status after the fact (a reversal), with a timeline event. */
export async function reverseStep(
  t: DossierTable,
  dossierId: string,
  stepId: StepId,
  event: TimelineEvent,
  reason: string,
): Promise<boolean> {
  return appliedUnlessConditionFails(
    t.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: t.tableName,
              Key: stepKey(dossierId, stepId),
              ConditionExpression: '#status = :approved',
              // A reversed step leaves the inbox even if its approval was never handed to the (now stopped) workflow.
              UpdateExpression:
                'SET #status = :reversed, reversedAt = :at, reversedBy = :by, reversalReason = :r REMOVE inboxPk, inboxSk, inboxDueSk',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':approved': 'approved',
                ':reversed': 'reversed',
                ':at': event.at,
                ':by': event.actor,
                ':r': reason,
              },
            },
          },
          { Put: { TableName: t.tableName, Item: t.eventItem(dossierId, event) } },
        ],
      }),
    ),
  );
}
