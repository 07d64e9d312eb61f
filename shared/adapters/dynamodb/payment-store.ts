/**
 * Payment transactions in the Payments table, and their effects on dossiers in the Dossiers table. Items (pk / sk):
 * - transaction: `DOSSIER#<dossier id>` / `TXN#<txnRef>` (all attempts of a dossier in one partition); while its
 *   refund is due: GSI byWork `refund` / `<requested at>#<txnRef>`.
 * Every change is conditioned on the state it moves from (a transaction `pending`, a dossier `awaiting-payment`, a
 * refund `due`), and a payment's transaction update, the dossier's move with its receipt, its timeline event and the
 * citizen's notification are one DynamoDB transaction: a replayed or concurrent IPN can never apply twice.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Dossier, Refund, TimelineEvent } from '../../dossiers/dossier.ts';
import type { NotificationWrite, PaymentStore, PaymentTransaction, TransactionStatus } from '../../payments/ports.ts';
import { dossierKey } from './dossier-store.ts';
import { outboxItem } from './identity-store.ts';

const txnKey = (dossierId: string, txnRef: string) => ({ pk: `DOSSIER#${dossierId}`, sk: `TXN#${txnRef}` });
const REFUND_WORK = 'refund';

const isCancelled = (error: unknown) => (error as Error).name === 'TransactionCanceledException';
const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

const strip = (item: Record<string, unknown>): PaymentTransaction => {
  const { pk: _pk, sk: _sk, type: _type, workPk: _wp, workSk: _ws, ...rest } = item;
  return rest as unknown as PaymentTransaction;
};

export class DynamoPaymentStore implements PaymentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The Dossiers table (receipts, status moves, timeline) and the Identity table (notifications). */
    private readonly dossiersTable: string,
    /** Only functions that settle payments notify; the one handing out payment pages runs without it. */
    private readonly identityTable?: string,
  ) {}

  private eventPut(dossierId: string, event: TimelineEvent) {
    return {
      Put: {
        TableName: this.dossiersTable,
        Item: {
          pk: `DOSSIER#${dossierId}`,
          sk: `EVENT#${event.at}#${event.kind}#-`,
          type: 'dossier-event',
          ...event,
        },
      },
    };
  }

  private notificationPut(write: NotificationWrite, at: string) {
    if (!this.identityTable) {
      throw new Error('This function writes notifications but has no IDENTITY_TABLE; grant it the Identity table.');
    }
    return { Put: { TableName: this.identityTable, Item: outboxItem(write.notification, new Date(at), write.id) } };
  }

  async listTransactions(dossierId: string): Promise<PaymentTransaction[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :txn)',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierId}`, ':txn': 'TXN#' },
        ConsistentRead: true,
      }),
    );
    return Items.map(strip);
  }

  async getTransaction(dossierId: string, txnRef: string): Promise<PaymentTransaction | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: txnKey(dossierId, txnRef), ConsistentRead: true }),
    );
    return Item ? strip(Item) : undefined;
  }

  async createTransaction(transaction: PaymentTransaction): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...txnKey(transaction.dossierId, transaction.txnRef),
                  type: 'payment-transaction',
                  ...transaction,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            // Only while the dossier still waits for payment.
            {
              ConditionCheck: {
                TableName: this.dossiersTable,
                Key: dossierKey(transaction.dossierId),
                ConditionExpression: '#status = :awaiting',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':awaiting': 'awaiting-payment' },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelled(error)) return false;
      throw error;
    }
  }

  async confirmPayment(input: Parameters<PaymentStore['confirmPayment']>[0]) {
    const { transaction, dossier, receipt, event, notification, result } = input;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: txnKey(transaction.dossierId, transaction.txnRef),
                ConditionExpression: '#status = :pending',
                UpdateExpression: 'SET #status = :paid, #result = :result',
                ExpressionAttributeNames: { '#status': 'status', '#result': 'result' },
                ExpressionAttributeValues: { ':pending': 'pending', ':paid': 'paid', ':result': result },
              },
            },
            {
              Update: {
                TableName: this.dossiersTable,
                Key: dossierKey(dossier.id),
                ConditionExpression: '#status = :awaiting AND attribute_not_exists(payment.receipt)',
                UpdateExpression: 'SET #status = :submitted, provinceStatus = :ps, payment.receipt = :receipt',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':awaiting': 'awaiting-payment',
                  ':submitted': 'submitted',
                  ':ps': `${dossier.provinceCode}#submitted`,
                  ':receipt': receipt,
                },
              },
            },
            this.eventPut(dossier.id, event),
            this.notificationPut(notification, event.at),
          ],
        }),
      );
      return 'applied' as const;
    } catch (error) {
      if (!isCancelled(error)) throw error;
      const current = await this.getTransaction(transaction.dossierId, transaction.txnRef);
      return current?.status !== 'pending' ? ('transaction-not-pending' as const) : ('dossier-not-awaiting' as const);
    }
  }

  async settleTransaction(
    transaction: PaymentTransaction,
    status: Exclude<TransactionStatus, 'pending'>,
    result: PaymentTransaction['result'] | undefined,
    refundReason?: string,
    from: TransactionStatus = 'pending',
  ): Promise<boolean> {
    const at = result?.at ?? new Date().toISOString();
    const refund = refundReason ? { status: 'due', reason: refundReason, requestedAt: at } : undefined;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: txnKey(transaction.dossierId, transaction.txnRef),
          ConditionExpression: '#status = :from',
          UpdateExpression: `SET #status = :to${result ? ', #result = :result' : ''}${
            refund ? ', refund = :refund, workPk = :work, workSk = :workSk' : ''
          }`,
          ExpressionAttributeNames: { '#status': 'status', ...(result ? { '#result': 'result' } : {}) },
          ExpressionAttributeValues: {
            ':from': from,
            ':to': status,
            ...(result ? { ':result': result } : {}),
            ...(refund ? { ':refund': refund, ':work': REFUND_WORK, ':workSk': `${at}#${transaction.txnRef}` } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async requestRefund(dossierId: string, txnRef: string, reason: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: txnKey(dossierId, txnRef),
          ConditionExpression: '#status = :paid AND attribute_not_exists(refund)',
          UpdateExpression: 'SET refund = :refund, workPk = :work, workSk = :workSk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':paid': 'paid',
            ':refund': { status: 'due', reason, requestedAt: at },
            ':work': REFUND_WORK,
            ':workSk': `${at}#${txnRef}`,
          },
        }),
      );
    } catch (error) {
      // Asked already (or not paid): nothing more to do.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async listRefundsDue(limit: number): Promise<PaymentTransaction[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byWork',
        KeyConditionExpression: 'workPk = :work',
        ExpressionAttributeValues: { ':work': REFUND_WORK },
        Limit: limit,
      }),
    );
    // The index may lag a moment: read each one again, strongly consistent.
    const found: PaymentTransaction[] = [];
    for (const item of Items) {
      const current = await this.getTransaction(String(item.dossierId), String(item.txnRef));
      if (current?.refund?.status === 'due') found.push(current);
    }
    return found;
  }

  async recordRefund(input: Parameters<PaymentStore['recordRefund']>[0]): Promise<boolean> {
    const { transaction, refund, dossierReceipt, event, notification } = input;
    const done = {
      ...transaction.refund,
      status: 'done',
      refundedAt: refund.refundedAt,
      gatewayTransactionNo: refund.gatewayTransactionNo,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: txnKey(transaction.dossierId, transaction.txnRef),
                ConditionExpression: 'refund.#s = :due',
                UpdateExpression: 'SET refund = :done REMOVE workPk, workSk',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':due': 'due', ':done': done },
              },
            },
            ...(dossierReceipt
              ? [
                  {
                    Update: {
                      TableName: this.dossiersTable,
                      Key: dossierKey(transaction.dossierId),
                      ConditionExpression: 'attribute_not_exists(payment.refund)',
                      UpdateExpression: 'SET payment.refund = :refund',
                      ExpressionAttributeValues: { ':refund': refund satisfies Refund },
                    },
                  },
                ]
              : []),
            this.eventPut(transaction.dossierId, event),
            ...(notification.notification.pin ? [this.notificationPut(notification, event.at)] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isCancelled(error)) return false;
      throw error;
    }
  }

  async listAwaitingPayment(provinceCode: string, before: string, limit: number): Promise<Dossier[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.dossiersTable,
        IndexName: 'byProvinceStatus',
        KeyConditionExpression: 'provinceStatus = :ps AND submittedAt < :before',
        ExpressionAttributeValues: { ':ps': `${provinceCode}#awaiting-payment`, ':before': before },
        ProjectionExpression: 'id',
        Limit: limit,
      }),
    );
    const dossiers: Dossier[] = [];
    for (const item of Items) {
      const { Item } = await this.client.send(
        new GetCommand({ TableName: this.dossiersTable, Key: dossierKey(String(item.id)), ConsistentRead: true }),
      );
      if (Item?.status === 'awaiting-payment') dossiers.push(Item as unknown as Dossier);
    }
    return dossiers;
  }
}
