/**
 * The officers' side of the Dossiers table (see dossier-items.ts for the items): the inbox of open steps per agency
 * and province by due time, and the overdue sweep's index and flag. Methods of DossierStore.
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StepId } from '../../dossiers/catalogue.ts';
import {
  type Finding,
  type OfficerTask,
  type StepStatus,
  type TimelineEvent,
  taskIdOf,
} from '../../dossiers/dossier.ts';
import type { Agency } from '../../identity/account.ts';
import {
  appliedUnlessConditionFails,
  type DossierTable,
  type NotificationWrite,
  type StoredStep,
  stepKey,
  strip,
} from './dossier-items.ts';

/**
 * Open tasks of an agency in a province, soonest due first (GSI byInboxDue); `communeCode` narrows to one commune
 * (commune officers; GSI byInbox, due time within the commune). Pages with an opaque cursor. A task's `status` is `awaiting-officer`, or the decision
 * taken on it while the workflow has not yet been told (deciding the same again delivers it).
 */
export async function listInbox(
  t: DossierTable,
  agency: Agency,
  provinceCode: string,
  options: { communeCode?: string; limit?: number; cursor?: Record<string, unknown> } = {},
): Promise<{ tasks: OfficerTask[]; next?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
      IndexName: options.communeCode ? 'byInbox' : 'byInboxDue',
      KeyConditionExpression: options.communeCode
        ? 'inboxPk = :pk AND begins_with(inboxSk, :commune)'
        : 'inboxPk = :pk',
      ExpressionAttributeValues: {
        ':pk': `${agency}#${provinceCode}`,
        ...(options.communeCode ? { ':commune': `${options.communeCode}#` } : {}),
      },
      Limit: options.limit ?? 50,
      ExclusiveStartKey: options.cursor,
    }),
  );
  const now = new Date().toISOString();
  const tasks = Items.map((i) => ({
    taskId: taskIdOf(String(i.dossierId), i.stepId as StepId),
    dossierId: String(i.dossierId),
    stepId: i.stepId as StepId,
    group: i.group as OfficerTask['group'],
    agency: i.agency as Agency,
    provinceCode: String(i.provinceCode),
    communeCode: String(i.communeCode),
    openedAt: String(i.openedAt),
    dueDate: String(i.dueDate),
    dueAt: String(i.dueAt),
    overdue: i.status === 'awaiting-officer' && String(i.dueAt) < now,
    findings: (i.findings ?? []) as Finding[],
    status: i.status as StepStatus,
  }));
  return LastEvaluatedKey ? { tasks, next: LastEvaluatedKey } : { tasks };
}

/** Open steps of a province whose deadline passed before `now` and that were not yet flagged. */
export async function listOverdue(
  t: DossierTable,
  provinceCode: string,
  now: string,
  limit = 100,
): Promise<StoredStep[]> {
  const { Items = [] } = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
      IndexName: 'byDue',
      KeyConditionExpression: 'duePk = :p AND dueSk < :now',
      ExpressionAttributeValues: { ':p': provinceCode, ':now': now },
      Limit: limit,
    }),
  );
  return Items.map((i) => strip<StoredStep>(i));
}

/** Marks an open step as flagged to the supervisor (once), with a timeline event and the notification. */
export async function flagOverdue(
  t: DossierTable,
  dossierId: string,
  stepId: StepId,
  event: TimelineEvent,
  notifications: readonly NotificationWrite[],
): Promise<boolean> {
  return appliedUnlessConditionFails(
    t.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: t.tableName,
              Key: stepKey(dossierId, stepId),
              ConditionExpression: 'attribute_exists(duePk) AND #status = :awaiting',
              UpdateExpression: 'SET overdueFlaggedAt = :at REMOVE duePk, dueSk',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':at': event.at, ':awaiting': 'awaiting-officer' },
            },
          },
          { Put: { TableName: t.tableName, Item: t.eventItem(dossierId, event) } },
          ...t.notificationPuts(notifications, new Date(event.at)),
        ],
      }),
    ),
  );
}
