/**
 * The payment settings and store that functions outside the payment module need (intake's payment window, the refund
 * port of the engine), without the gateway adapter: `PAYMENT_WINDOW_MINUTES`, `PAYMENTS_TABLE`, `DOSSIERS_TABLE`,
 * `IDENTITY_TABLE`.
 */
import { documentClient, requiredEnv } from '../adapters/aws-clients.ts';
import { DynamoPaymentStore } from '../adapters/dynamodb/payment-store.ts';
import type { RefundRequests } from '../dossiers/ports.ts';

/** Minutes an unpaid dossier waits before it expires (`PAYMENT_WINDOW_MINUTES`, default 60). */
export const paymentWindowMinutes = (): number => {
  const value = Number(process.env.PAYMENT_WINDOW_MINUTES ?? 60);
  if (!Number.isFinite(value) || value <= 0) throw new Error('PAYMENT_WINDOW_MINUTES must be a positive number.');
  return value;
};

export const paymentStore = () =>
  new DynamoPaymentStore(
    documentClient(),
    requiredEnv('PAYMENTS_TABLE'),
    requiredEnv('DOSSIERS_TABLE'),
    process.env.IDENTITY_TABLE,
  );

/** The engine's refund port: only the Payments table, no gateway (the payment sweep refunds). */
export const refundRequests = (): RefundRequests => {
  const store = paymentStore();
  return { requestRefund: (dossierId, txnRef, reason, at) => store.requestRefund(dossierId, txnRef, reason, at) };
};
