/**
 * The payment sweep (scheduled, every minute):
 * - expiry: a dossier still `awaiting-payment` after its `payBy` expires (its birth or death may then be applied for
 *   again). Before that, every attempt still pending is asked about at the gateway (querydr): an IPN may have been
 *   lost, and a payment the gateway confirms is applied exactly as the IPN would have;
 * - refunds: every paid transaction whose refund is due (a refused or failed dossier, a second payment, a payment
 *   after expiry) is refunded through the gateway and recorded on the dossier with a timeline event and a message.
 * A refund whose answer was lost is asked about (querydr) before it is tried again, so money goes back once.
 */
import type { Dossier, TimelineEvent } from '../dossiers/dossier.ts';
import { applyResult, type PaymentDeps } from './payments.ts';
import type { NotificationWrite, PaymentTransaction } from './ports.ts';
import { expiredText, refundedText } from './texts.ts';
import { API_RESPONSE } from './vnpay-protocol.ts';

/** How long after `payBy` the sweep waits before expiring (an IPN on its way gets there first). */
export const EXPIRY_GRACE_SECONDS = 60;

export interface SettleDeps extends PaymentDeps {
  readonly provinces: readonly string[];
  /** Moves the dossier `awaiting-payment` → `expired`, freeing its subject; false if it had moved. */
  readonly expire: (
    dossier: Dossier,
    event: TimelineEvent,
    notifications: readonly NotificationWrite[],
  ) => Promise<boolean>;
  readonly graceSeconds?: number;
  readonly maxPerSweep?: number;
}

const reconcilePending = async (deps: SettleDeps, transactions: readonly PaymentTransaction[]) => {
  for (const transaction of transactions.filter((t) => t.status === 'pending')) {
    const answer = await deps.gateway.query(transaction, deps.now());
    // Only a payment the gateway confirms is applied; an attempt never paid is closed by the expiry below.
    if (answer.found && answer.paid) await applyResult(deps, transaction, answer.result);
  }
};

export const settlePayments =
  (deps: SettleDeps) => async (): Promise<{ expired: number; confirmed: number; refunded: number }> => {
    const now = deps.now();
    const limit = deps.maxPerSweep ?? 100;
    let expired = 0;
    let confirmed = 0;
    let refunded = 0;
    const failures: string[] = [];
    const cutoff = new Date(now.getTime() - (deps.graceSeconds ?? EXPIRY_GRACE_SECONDS) * 1000).toISOString();
    for (const provinceCode of deps.provinces) {
      try {
        // `submittedAt` ≤ `payBy`: the index narrows to dossiers submitted before the cutoff, `payBy` decides.
        for (const dossier of await deps.store.listAwaitingPayment(provinceCode, cutoff, limit)) {
          if (!dossier.payment || dossier.payment.payBy > cutoff) continue;
          await reconcilePending(deps, await deps.store.listTransactions(dossier.id));
          const current = await deps.dossiers.get(dossier.id);
          if (current?.status !== 'awaiting-payment') {
            confirmed++;
            continue;
          }
          const text = expiredText(dossier);
          const at = deps.now().toISOString();
          const done = await deps.expire(dossier, { at, kind: 'expired', actor: 'system', text }, [
            {
              notification: { pin: dossier.applicantPin, kind: 'dossier', text: text.vi },
              id: `${dossier.id}#expired`,
            },
          ]);
          if (done) expired++;
          // Attempts left pending are closed; one paid meanwhile is refunded by applyResult.
          for (const t of await deps.store.listTransactions(dossier.id)) {
            if (t.status === 'pending') await deps.store.settleTransaction(t, 'expired', undefined);
          }
        }
      } catch (error) {
        failures.push(`${provinceCode}: ${(error as Error).message}`);
      }
    }
    for (const transaction of await deps.store.listRefundsDue(limit)) {
      try {
        if (await refundOne(deps, transaction)) refunded++;
      } catch (error) {
        failures.push(`${transaction.txnRef}: ${(error as Error).message}`);
      }
    }
    if (failures.length > 0) {
      // Fail the run (the function's Errors alarm) after everything else was settled.
      throw new Error(`Payment sweep: ${failures.length} failure(s): ${failures.join('; ')}`);
    }
    return { expired, confirmed, refunded };
  };

const refundOne = async (deps: SettleDeps, transaction: PaymentTransaction): Promise<boolean> => {
  const reason = transaction.refund?.reason ?? 'refund';
  const at = deps.now();
  // A refund made earlier whose answer was lost: the gateway says the transaction is refunded already.
  const known = await deps.gateway.query(transaction, at);
  let gatewayTransactionNo: string;
  if (known.found && known.refunded) {
    gatewayTransactionNo = known.result.transactionNo;
  } else {
    const answer = await deps.gateway.refund(transaction, reason, at);
    if (answer.refunded) {
      gatewayTransactionNo = answer.transactionNo;
    } else {
      // Another sweep may have refunded it in between: then record that refund; otherwise the refusal stands.
      const now = await deps.gateway.query(transaction, deps.now());
      if (!(now.found && now.refunded)) {
        if (answer.code === API_RESPONSE.duplicateRequest) return false;
        throw new Error(`refund refused by the gateway (${answer.code}: ${answer.message})`);
      }
      gatewayTransactionNo = now.result.transactionNo;
    }
  }
  const dossier = await deps.dossiers.get(transaction.dossierId);
  const dossierReceipt = dossier?.payment?.receipt?.txnRef === transaction.txnRef;
  const text = refundedText({ id: transaction.dossierId }, transaction.amountVnd, reason);
  return deps.store.recordRefund({
    transaction,
    refund: { amountVnd: transaction.amountVnd, refundedAt: at.toISOString(), gatewayTransactionNo, reason },
    dossierReceipt,
    event: { at: at.toISOString(), kind: 'refunded', actor: 'system', text },
    notification: {
      notification: { pin: dossier?.applicantPin ?? '', kind: 'dossier', text: text.vi },
      id: `${transaction.txnRef}#refunded`,
    },
  });
};
