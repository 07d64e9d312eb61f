/**
 * Paying a dossier's fee online:
 * - `requestPayment`: the applicant asks for the gateway's payment page of an `awaiting-payment` dossier; an attempt
 *   still open is handed out again (one open page at a time), otherwise a new attempt `<dossier>-<nn>` is made;
 * - `handleIpn`: the gateway's signed server-to-server notification settles an attempt exactly once, answered with
 *   the protocol's codes: forged or tampered → 97, unknown reference → 01, wrong amount → 04, already settled → 02;
 *   a success moves the dossier to `submitted` with its e-receipt (and queues it); a success arriving after the
 *   dossier was paid by another attempt, or expired, is recorded and refunded;
 * - `describeReturn`: what the citizen's browser shows when the gateway sends it back (display only: the IPN is
 *   the record; a return never changes anything).
 */

import { type Principal, requireCitizen } from '../auth/principal.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { DOSSIER_ID_PATTERN, type Dossier, type Receipt } from '../dossiers/dossier.ts';
import type { IntakeQueuePort } from '../dossiers/ports.ts';
import type { PaymentGateway, PaymentStore, PaymentTransaction } from './ports.ts';
import { paidText } from './texts.ts';
import { IPN_ANSWERS, type IpnAnswer, isPaid, PAYMENT_RESPONSE, type PaymentResult } from './vnpay-protocol.ts';

/** How long the gateway's payment page stays open for one attempt. */
export const PAY_PAGE_MINUTES = 15;
/** Attempts per dossier at most (two digits of the reference). */
export const MAX_ATTEMPTS = 99;

export const txnRefOf = (dossierId: string, attempt: number) => `${dossierId}-${String(attempt).padStart(2, '0')}`;

export const parseTxnRef = (txnRef: string): { dossierId: string; attempt: number } | undefined => {
  const match = /^(.+)-(\d{2})$/.exec(txnRef);
  if (!match || !DOSSIER_ID_PATTERN.test(match[1] as string)) return undefined;
  return { dossierId: match[1] as string, attempt: Number(match[2]) };
};

/** The e-receipt number of a payment: one per transaction reference, so a replay can never issue a second. */
export const receiptNumberOf = (txnRef: string) => `BL-${txnRef.replace(/^HS/, '')}`;

/** Order text for the gateway: ASCII (the gateway recommends no diacritics), naming the dossier. */
const orderInfoOf = (dossier: Dossier) => `Thanh toan phi ho so ${dossier.id}`;

export interface PaymentDeps {
  readonly store: PaymentStore;
  readonly dossiers: { get(id: string): Promise<Dossier | undefined> };
  readonly gateway: PaymentGateway;
  readonly queue: IntakeQueuePort;
  readonly now: () => Date;
  readonly log?: (message: string, error: unknown) => void;
}

export interface PaymentPage {
  readonly dossierId: string;
  readonly txnRef: string;
  readonly amountVnd: number;
  readonly paymentUrl: string;
  readonly expiresAt: string;
}

const pageOf = (t: PaymentTransaction): PaymentPage => ({
  dossierId: t.dossierId,
  txnRef: t.txnRef,
  amountVnd: t.amountVnd,
  paymentUrl: t.paymentUrl,
  expiresAt: t.expiresAt,
});

export const requestPayment =
  (deps: Pick<PaymentDeps, 'store' | 'dossiers' | 'gateway' | 'now'>) =>
  async (
    principal: Principal | undefined,
    dossierId: string,
    options: { readonly locale: 'vn' | 'en'; readonly bankCode?: string; readonly ipAddr: string },
  ): Promise<PaymentPage> => {
    const citizen = requireCitizen(principal, 2);
    const notFound = new NotFoundError(`You have no dossier ${dossierId}.`);
    if (!DOSSIER_ID_PATTERN.test(dossierId)) throw notFound;
    const dossier = await deps.dossiers.get(dossierId);
    if (!dossier || dossier.applicantPin !== citizen.pin) throw notFound;
    if (!dossier.payment) throw new ConflictError(`Dossier ${dossierId} has no fee to pay.`);
    if (dossier.payment.receipt || dossier.status !== 'awaiting-payment') {
      throw new ConflictError(
        dossier.payment.receipt
          ? `Dossier ${dossierId} is paid already (receipt ${dossier.payment.receipt.number}).`
          : `Dossier ${dossierId} no longer waits for payment (it is ${dossier.status}).`,
      );
    }
    const now = deps.now();
    const payBy = new Date(dossier.payment.payBy);
    if (payBy <= now) throw new ConflictError(`The time to pay dossier ${dossierId} has passed.`);
    for (let round = 0; round < 3; round++) {
      const attempts = await deps.store.listTransactions(dossierId);
      // One open payment page at a time: a second click, a reload or another tab gets the same page.
      const open = attempts.find(
        (t) => t.status === 'pending' && new Date(t.expiresAt).getTime() > now.getTime() + 60_000,
      );
      if (open) return pageOf(open);
      const attempt = attempts.reduce((max, t) => Math.max(max, parseTxnRef(t.txnRef)?.attempt ?? 0), 0) + 1;
      if (attempt > MAX_ATTEMPTS) {
        throw new ConflictError(`Dossier ${dossierId} reached ${MAX_ATTEMPTS} payment attempts; apply again.`);
      }
      const expiresAt = new Date(Math.min(now.getTime() + PAY_PAGE_MINUTES * 60_000, payBy.getTime()));
      const txnRef = txnRefOf(dossierId, attempt);
      const orderInfo = orderInfoOf(dossier);
      const paymentUrl = await deps.gateway.paymentUrl({
        txnRef,
        amountVnd: dossier.payment.amountVnd,
        orderInfo,
        ipAddr: options.ipAddr,
        createdAt: now,
        expiresAt,
        locale: options.locale,
        ...(options.bankCode ? { bankCode: options.bankCode } : {}),
      });
      const transaction: PaymentTransaction = {
        txnRef,
        dossierId,
        amountVnd: dossier.payment.amountVnd,
        orderInfo,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        paymentUrl,
        status: 'pending',
      };
      if (await deps.store.createTransaction(transaction)) return pageOf(transaction);
    }
    throw new ConflictError('Another payment request for this dossier is under way; retry in a moment.');
  };

const resultOf = (result: PaymentResult, at: Date): NonNullable<PaymentTransaction['result']> => ({
  responseCode: result.responseCode,
  transactionStatus: result.transactionStatus,
  transactionNo: result.transactionNo,
  bankCode: result.bankCode,
  ...(result.payDate ? { payDate: result.payDate } : {}),
  at: at.toISOString(),
});

/**
 * Applies a gateway result (from an IPN or a querydr) to its transaction, exactly once. Shared by the IPN and the
 * expiry sweep, which asks the gateway before expiring a dossier whose IPN may have been lost.
 */
export const applyResult = async (
  deps: PaymentDeps,
  transaction: PaymentTransaction,
  result: PaymentResult,
): Promise<IpnAnswer> => {
  const now = deps.now();
  if (result.amountVnd !== transaction.amountVnd) return IPN_ANSWERS.invalidAmount;
  const recorded = resultOf(result, now);
  if (transaction.status === 'expired' && isPaid(result)) {
    // The sweep closed this attempt with its dossier, but the citizen paid on a page still open: give it back.
    const settled = await deps.store.settleTransaction(
      transaction,
      'paid',
      recorded,
      `dossier ${transaction.dossierId} expired before the payment arrived`,
      'expired',
    );
    return settled ? IPN_ANSWERS.confirmed : IPN_ANSWERS.alreadyConfirmed;
  }
  if (transaction.status !== 'pending') return IPN_ANSWERS.alreadyConfirmed;
  if (!isPaid(result)) {
    const status =
      result.responseCode === PAYMENT_RESPONSE.cancelled
        ? 'cancelled'
        : result.responseCode === PAYMENT_RESPONSE.expired
          ? 'expired'
          : 'failed';
    const settled = await deps.store.settleTransaction(transaction, status, recorded);
    return settled ? IPN_ANSWERS.confirmed : IPN_ANSWERS.alreadyConfirmed;
  }
  const dossier = await deps.dossiers.get(transaction.dossierId);
  if (!dossier?.payment) return IPN_ANSWERS.orderNotFound;
  const receipt: Receipt = {
    number: receiptNumberOf(transaction.txnRef),
    amountVnd: transaction.amountVnd,
    scheduleVersion: dossier.payment.scheduleVersion,
    paidAt: now.toISOString(),
    txnRef: transaction.txnRef,
    gatewayTransactionNo: result.transactionNo,
    bankCode: result.bankCode,
  };
  const text = paidText(dossier, receipt);
  const outcome =
    dossier.status === 'awaiting-payment'
      ? await deps.store.confirmPayment({
          transaction,
          result: recorded,
          dossier,
          receipt,
          event: { at: receipt.paidAt, kind: 'paid', actor: 'system', text },
          notification: {
            notification: { pin: dossier.applicantPin, kind: 'dossier', text: text.vi },
            id: `${dossier.id}#paid`,
          },
        })
      : 'dossier-not-awaiting';
  if (outcome === 'transaction-not-pending') return IPN_ANSWERS.alreadyConfirmed;
  if (outcome === 'dossier-not-awaiting') {
    // Money taken for a dossier that no longer waits for it (paid by another attempt, or expired): give it back.
    const reason = dossier.payment.receipt
      ? `dossier ${dossier.id} was already paid (receipt ${dossier.payment.receipt.number})`
      : `dossier ${dossier.id} is ${dossier.status}`;
    const settled = await deps.store.settleTransaction(transaction, 'paid', recorded, reason);
    return settled ? IPN_ANSWERS.confirmed : IPN_ANSWERS.alreadyConfirmed;
  }
  try {
    await deps.queue.send(dossier.provinceCode, { dossierId: dossier.id });
  } catch (error) {
    // Not lost: the dossier is `submitted`, and the housekeeping sweep queues it again.
    deps.log?.('The intake message could not be sent now; the housekeeping sweep will send it', error);
  }
  return IPN_ANSWERS.confirmed;
};

/** The IPN: always answered with a protocol body (the gateway retries anything else). */
export const handleIpn =
  (deps: PaymentDeps) =>
  async (params: Readonly<Record<string, string | undefined>>): Promise<IpnAnswer> => {
    const parsed = await deps.gateway.parseResult(params);
    if (!parsed.ok) return parsed.reason === 'signature' ? IPN_ANSWERS.invalidSignature : IPN_ANSWERS.unknownError;
    const ref = parseTxnRef(parsed.result.txnRef);
    if (!ref) return IPN_ANSWERS.orderNotFound;
    const transaction = await deps.store.getTransaction(ref.dossierId, parsed.result.txnRef);
    if (!transaction) return IPN_ANSWERS.orderNotFound;
    return applyResult(deps, transaction, parsed.result);
  };

export interface ReturnView {
  readonly outcome: 'paid' | 'confirming' | 'cancelled' | 'failed' | 'invalid';
  readonly dossierId?: string;
  readonly receiptNumber?: string;
  readonly amountVnd?: number;
}

/** The return redirect: checks the signature and reports; the record is the IPN's. */
export const describeReturn =
  (deps: Pick<PaymentDeps, 'gateway' | 'dossiers'>) =>
  async (params: Readonly<Record<string, string | undefined>>): Promise<ReturnView> => {
    const parsed = await deps.gateway.parseResult(params);
    if (!parsed.ok) return { outcome: 'invalid' };
    const ref = parseTxnRef(parsed.result.txnRef);
    if (!ref) return { outcome: 'invalid' };
    const base = { dossierId: ref.dossierId, amountVnd: parsed.result.amountVnd };
    if (!isPaid(parsed.result)) {
      return { ...base, outcome: parsed.result.responseCode === PAYMENT_RESPONSE.cancelled ? 'cancelled' : 'failed' };
    }
    const dossier = await deps.dossiers.get(ref.dossierId);
    const receipt = dossier?.payment?.receipt;
    return receipt?.txnRef === parsed.result.txnRef
      ? { ...base, outcome: 'paid', receiptNumber: receipt.number }
      : { ...base, outcome: 'confirming' };
  };

/** Body of `POST /v1/dossiers/{id}/payment`. */
export const validateLocale = (locale: string | undefined): 'vn' | 'en' => {
  if (locale === undefined || locale === 'vn') return 'vn';
  if (locale === 'en') return 'en';
  throw new ValidationError('Unknown locale.', [{ field: 'body.locale', message: 'vn or en' }]);
};
