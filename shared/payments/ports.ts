/**
 * What the payment use cases need from outside: a payment gateway (one protocol implemented,
 * shared/adapters/payments/vnpay-gateway.ts) and storage of the payment transactions
 * (shared/adapters/dynamodb/payment-store.ts). The dossier engine sees payments only through its `RefundRequests`
 * port and the `payment` field of a dossier.
 */
import type { Dossier, Receipt, Refund, TimelineEvent } from '../dossiers/dossier.ts';
import type { Notification } from '../identity/notifications.ts';
import type { PaymentResult } from './vnpay-protocol.ts';

/** A notification to the citizen written with the change it reports; `id` is unique per change. */
export interface NotificationWrite {
  readonly notification: Notification;
  readonly id: string;
}

export type TransactionStatus = 'pending' | 'paid' | 'failed' | 'cancelled' | 'expired';

/** One attempt to pay a dossier at the gateway (a dossier may need several: a cancelled attempt, an expired page). */
export interface PaymentTransaction {
  /** `<dossier ID>-<attempt, 2 digits>`: the gateway's `vnp_TxnRef`. */
  readonly txnRef: string;
  readonly dossierId: string;
  readonly amountVnd: number;
  readonly orderInfo: string;
  readonly createdAt: string;
  /** The gateway's payment page closes then (`vnp_ExpireDate`). */
  readonly expiresAt: string;
  readonly paymentUrl: string;
  readonly status: TransactionStatus;
  /** What the gateway reported (IPN or querydr). */
  readonly result?: {
    readonly responseCode: string;
    readonly transactionStatus: string;
    readonly transactionNo: string;
    readonly bankCode: string;
    readonly payDate?: string;
    readonly at: string;
  };
  /** A paid transaction to give back: the dossier was refused, or it was paid twice, or after it expired. */
  readonly refund?: {
    readonly status: 'due' | 'done';
    readonly reason: string;
    readonly requestedAt: string;
    readonly refundedAt?: string;
    readonly gatewayTransactionNo?: string;
  };
}

export interface PayPageRequest {
  readonly txnRef: string;
  readonly amountVnd: number;
  readonly orderInfo: string;
  readonly ipAddr: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly locale: 'vn' | 'en';
  readonly bankCode?: string;
}

export type GatewayQuery =
  | { readonly found: false }
  | { readonly found: true; readonly paid: boolean; readonly refunded: boolean; readonly result: PaymentResult };

export type GatewayRefund =
  | { readonly refunded: true; readonly transactionNo: string }
  | { readonly refunded: false; readonly code: string; readonly message: string };

export interface PaymentGateway {
  /** The signed URL of the gateway's payment page for a transaction. */
  paymentUrl(request: PayPageRequest): Promise<string>;
  /** Checks a return / IPN parameter set: signature first, then shape and terminal. */
  parseResult(
    params: Readonly<Record<string, string | undefined>>,
  ): Promise<{ ok: true; result: PaymentResult } | { ok: false; reason: 'signature' | 'malformed'; detail: string }>;
  /** The gateway's view of a transaction (querydr). */
  query(transaction: PaymentTransaction, at: Date): Promise<GatewayQuery>;
  /** Refunds a paid transaction in full. */
  refund(transaction: PaymentTransaction, reason: string, at: Date): Promise<GatewayRefund>;
}

export interface PaymentStore {
  listTransactions(dossierId: string): Promise<PaymentTransaction[]>;
  getTransaction(dossierId: string, txnRef: string): Promise<PaymentTransaction | undefined>;
  /** Writes a new attempt; false if its reference exists already (a concurrent request created it). */
  createTransaction(transaction: PaymentTransaction): Promise<boolean>;
  /**
   * Records a successful payment: the transaction `pending` → `paid`, and in the same transaction the dossier
   * `awaiting-payment` → `submitted` with its receipt, a timeline event and the citizen's notification.
   * `transaction-not-pending`: the transaction was already settled (a replayed or concurrent IPN): nothing written.
   * `dossier-not-awaiting`: the dossier no longer waits (paid by another attempt, or expired): nothing written.
   */
  confirmPayment(input: {
    readonly transaction: PaymentTransaction;
    readonly result: NonNullable<PaymentTransaction['result']>;
    readonly dossier: Dossier;
    readonly receipt: Receipt;
    readonly event: TimelineEvent;
    readonly notification: NotificationWrite;
  }): Promise<'applied' | 'transaction-not-pending' | 'dossier-not-awaiting'>;
  /**
   * Settles a transaction still in `from` (default `pending`) without touching the dossier: `failed`/`cancelled`/
   * `expired`, or `paid` with a refund due (`refundReason`). False if it had moved on.
   */
  settleTransaction(
    transaction: PaymentTransaction,
    status: Exclude<TransactionStatus, 'pending'>,
    result: PaymentTransaction['result'] | undefined,
    refundReason?: string,
    from?: TransactionStatus,
  ): Promise<boolean>;
  /** Marks a paid transaction's refund due (once; a second request changes nothing). */
  requestRefund(dossierId: string, txnRef: string, reason: string, at: string): Promise<void>;
  /** Paid transactions whose refund is due, oldest request first. */
  listRefundsDue(limit: number): Promise<PaymentTransaction[]>;
  /**
   * Records a refund made: the transaction's refund `done`; if it was the dossier's receipt, the dossier's `refund`,
   * a timeline event and the notification, in one transaction. False if it was recorded already.
   */
  recordRefund(input: {
    readonly transaction: PaymentTransaction;
    readonly refund: Refund;
    readonly dossierReceipt: boolean;
    readonly event: TimelineEvent;
    readonly notification: NotificationWrite;
  }): Promise<boolean>;
  /** Dossiers of a province still `awaiting-payment` that were submitted before `before`, oldest first. */
  listAwaitingPayment(provinceCode: string, before: string, limit: number): Promise<Dossier[]>;
}
