/**
 * The resumption of a failed or refused group in the Dossiers table (see dossier-items.ts for the items): the
 * dossier back to `processing` with its `resumption`, the steps to run again cleared, the subject claimed again,
 * a timeline event and the citizen's notification, in one transaction. A method of DossierStore.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ResumptionOutcome, ResumptionWrite } from '../../dossiers/dossier-records.ts';
import { kpiOnTransition } from '../../statistics/dossier-kpis.ts';
import { type DossierTable, dossierKey, isCancelled, stepKey, subjectKey } from './dossier-items.ts';
import { kpiUpdate } from './dossier-kpi-store.ts';
import { get } from './dossier-lifecycle.ts';

export type { ResumptionOutcome, ResumptionWrite };

/**
 * Records a resumption, conditioned on the dossier still being in `resumption.after` with the previous resumption's
 * count (so two resumptions of one failure never both apply), each step to clear being absent, cancelled or
 * rejected (never approved, never claimed by an approval), and the subject free or already this dossier's.
 */
export async function recordResumption(t: DossierTable, write: ResumptionWrite): Promise<ResumptionOutcome> {
  const { dossierId: id, resumption } = write;
  const previous = resumption.count - 1;
  // The indicators take the dossier out of `failed` or `rejected` (the write is conditioned on that very status).
  const dossier = await get(t, id);
  const kpi = dossier ? kpiOnTransition(dossier, [resumption.after], 'processing', write.event.at) : undefined;
  try {
    await t.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: t.tableName,
              Key: dossierKey(id),
              ConditionExpression:
                previous === 0
                  ? '#status = :from AND attribute_not_exists(resumption)'
                  : '#status = :from AND resumption.#count = :previous',
              // Processing again, which the byProvinceStatus index does not list (LISTED_STATUSES).
              UpdateExpression: 'SET #status = :to, resumption = :r REMOVE outcome',
              ExpressionAttributeNames: { '#status': 'status', ...(previous === 0 ? {} : { '#count': 'count' }) },
              ExpressionAttributeValues: {
                ':from': resumption.after,
                ':to': 'processing',
                ':r': resumption,
                ...(previous === 0 ? {} : { ':previous': previous }),
              },
            },
          },
          ...write.resetSteps.map((stepId) => ({
            Delete: {
              TableName: t.tableName,
              Key: stepKey(id, stepId),
              ConditionExpression:
                'attribute_not_exists(pk) OR (#status IN (:cancelled, :rejected) AND attribute_not_exists(claimedDecision))',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':cancelled': 'cancelled', ':rejected': 'rejected' },
            },
          })),
          ...(write.subject
            ? [
                {
                  Put: {
                    TableName: t.tableName,
                    Item: { ...subjectKey(write.subject), type: 'subject-claim', dossierId: id },
                    ConditionExpression: 'attribute_not_exists(pk) OR dossierId = :id',
                    ExpressionAttributeValues: { ':id': id },
                  },
                },
              ]
            : []),
          { Put: { TableName: t.tableName, Item: t.eventItem(id, write.event) } },
          ...(kpi ? [kpiUpdate(t.tableName, kpi)] : []),
          ...t.notificationPuts(write.notifications, new Date(write.event.at)),
        ],
      }),
    );
    return { resumed: true };
  } catch (error) {
    if (!isCancelled(error)) throw error;
    const reasons = (error as { CancellationReasons?: readonly ({ Code?: string } | undefined)[] }).CancellationReasons;
    const failed = (index: number) => reasons?.[index]?.Code === 'ConditionalCheckFailed';
    if (failed(0)) return { resumed: false, reason: 'dossier-changed' };
    if (write.subject && failed(1 + write.resetSteps.length)) {
      const { Item } = await t.client.send(
        new GetCommand({ TableName: t.tableName, Key: subjectKey(write.subject), ConsistentRead: true }),
      );
      if (Item && Item.dossierId !== id) {
        return { resumed: false, reason: 'subject-taken', heldBy: String(Item.dossierId) };
      }
    }
    if (write.resetSteps.some((_, i) => failed(1 + i))) return { resumed: false, reason: 'step-changed' };
    throw error;
  }
}
