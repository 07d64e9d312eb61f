/**
 * Fees and online payment against the shared local cloud and its payment gateway simulator: a death-group dossier
 * asking for certified copies of the death extract (8,000 đ each) waits for payment, is paid at the simulator's page
 * (IPN, return page, e-receipt), cannot be paid twice nor credited by a replayed, forged or wrong-amount IPN, is
 * refunded when an officer refuses it, and expires unpaid. The payment sweep runs here in-process with the same
 * adapters as its Lambda (and a clock moved forward for the expiry); the cloud's own scheduled sweep may run at the
 * same time, which the sweep must tolerate too.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DossierStore } from '../../../shared/adapters/dynamodb/dossier-store.ts';
import { DynamoPaymentStore } from '../../../shared/adapters/dynamodb/payment-store.ts';
import { VnpayGateway } from '../../../shared/adapters/payments/vnpay-gateway.ts';
import { SqsIntakeQueue } from '../../../shared/adapters/sqs/intake-queue.ts';
import type { PaymentTransaction } from '../../../shared/payments/ports.ts';
import { settlePayments } from '../../../shared/payments/settle.ts';
import { signedQuery, type Terminal, withSecureHash } from '../../../shared/payments/vnpay-protocol.ts';
import { intakeQueueName } from '../../../shared/platform/resource-names.ts';
import {
  ACCOUNT,
  DossierClient,
  deathCases,
  deathRequest,
  officerCitizens,
  seededPopulation,
  taskId,
  waitFor,
} from '../../support/dossiers.ts';

const PROVINCE = '79'; // officers decide every step here
const population = seededPopulation(inject('seededCitizens'));
const deaths = deathCases(population, PROVINCE);
const [officer] = officerCitizens(population, PROVINCE);
const api = new DossierClient();
const apiUrl = inject('apiUrl');
const gatewayUrl = inject('paymentGatewayUrl');
const terminal = JSON.parse(readFileSync(inject('paymentTerminalFile'), 'utf8')) as Terminal;
afterAll(() => api.destroy());

const death = (index: number) => {
  const found = deaths[index];
  if (!found) throw new Error(`No death case ${index} in ${PROVINCE}`);
  return found;
};

const payments = new DynamoPaymentStore(api.db, 'Payments', 'Dossiers', 'Identity');
const dossiers = new DossierStore(api.db, 'Dossiers', 'Identity');
const sweep = (now: () => Date = () => new Date()) =>
  settlePayments({
    store: payments,
    dossiers,
    gateway: new VnpayGateway(
      { load: async () => terminal },
      {
        gatewayUrl,
        returnUrl: `${apiUrl}/v1/payments/vnpay/return`,
      },
    ),
    queue: new SqsIntakeQueue(api.sqs, `${inject('awsEndpoint')}/${ACCOUNT}/`, intakeQueueName),
    now,
    provinces: [PROVINCE],
    expire: (dossier, event, notifications) =>
      dossiers.moveStatus(dossier.id, ['awaiting-payment'], 'expired', event, {
        outcome: { ...event.text, at: event.at },
        notifications,
        releaseSubject: true,
      }),
  })();

const requestPage = async (dossierId: string, pin: string, body: Record<string, unknown> = {}) =>
  api.call(`/v1/dossiers/${dossierId}/payment`, await api.citizenToken(pin), {
    method: 'POST',
    body: JSON.stringify(body),
  });

/** Opens the payment page and presses a button on it; returns the signed return URL the browser is sent to. */
const press = async (paymentUrl: string, txnRef: string, action: 'pay' | 'cancel') => {
  expect((await fetch(paymentUrl)).status).toBe(200);
  const response = await fetch(`${gatewayUrl}/paymentv2/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ tmnCode: terminal.tmnCode, txnRef, action }).toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
};

const ipn = async (query: string) => {
  const response = await fetch(`${apiUrl}/v1/payments/vnpay/ipn?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { RspCode: string; Message: string };
};

const transaction = (dossierId: string, txnRef: string) => payments.getTransaction(dossierId, txnRef);
const simulated = async (txnRef: string) =>
  (await (await fetch(`${gatewayUrl}/simulator/transactions/${txnRef}`)).json()) as Record<string, unknown>;

interface PaymentView {
  amountVnd: number;
  scheduleVersion: string;
  receipt?: { number: string; amountVnd: number; scheduleVersion: string; txnRef: string };
  refund?: { amountVnd: number; reason: string };
}
const paymentOf = async (dossierId: string, pin: string) =>
  (await api.view(dossierId, pin)) as unknown as {
    status: string;
    payment?: PaymentView;
    timeline: { kind: string }[];
  };

describe('a dossier with a fee', () => {
  const applicant = death(0).applicant.pin;
  let dossierId = '';
  let paidReturn: URL;
  let cancelledRef = '';
  let firstUrl = '';
  let secondUrl = '';

  it('waits for payment before its first step, with the fee from the schedule', async () => {
    const response = await api.submit(applicant, withCopies(deathRequest(death(0)), 2));
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      status: 'awaiting-payment',
      payment: { amountVnd: 16_000, scheduleVersion: '2026.1', lines: [{ item: 'death-extract-copy', quantity: 2 }] },
    });
    dossierId = String(response.body.id);
    const view = await paymentOf(dossierId, applicant);
    expect(view.status).toBe('awaiting-payment');
    expect(view.timeline.map((e) => e.kind)).toEqual(['awaiting-payment']);
  });

  it('hands out one open payment page at a time, to the applicant only', async () => {
    const first = await requestPage(dossierId, applicant);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amountVnd: 16_000, txnRef: `${dossierId}-01` });
    firstUrl = String(first.body.paymentUrl);
    const again = await requestPage(dossierId, applicant, { locale: 'en' });
    expect(again.body.paymentUrl).toBe(first.body.paymentUrl);
    expect((await requestPage(dossierId, death(1).applicant.pin)).status).toBe(404);
    const bad = await requestPage(dossierId, applicant, { locale: 'fr', extra: 1 });
    expect(bad.status).toBe(400);
    const page = await fetch(String(first.body.paymentUrl));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-amount="16000"');
    // The same URL with another amount is refused by the gateway: the signature no longer matches.
    const tampered = String(first.body.paymentUrl).replace('vnp_Amount=1600000', 'vnp_Amount=100000');
    expect((await fetch(tampered)).status).toBe(400);
  });

  it('stays unpaid when the citizen cancels, and a new attempt gets a new page', async () => {
    cancelledRef = `${dossierId}-01`;
    const back = await press(firstUrl, cancelledRef, 'cancel');
    expect(back.searchParams.get('vnp_ResponseCode')).toBe('24');
    const landing = await fetch(back);
    expect(await landing.text()).toContain('data-outcome="cancelled"');
    expect((await transaction(dossierId, cancelledRef))?.status).toBe('cancelled');
    expect((await paymentOf(dossierId, applicant)).status).toBe('awaiting-payment');
    const second = await requestPage(dossierId, applicant);
    expect(second.body.txnRef).toBe(`${dossierId}-02`);
    secondUrl = String(second.body.paymentUrl);
  });

  it('goes ahead once paid, with its e-receipt, after the IPN', async () => {
    paidReturn = await press(secondUrl, `${dossierId}-02`, 'pay');
    expect(paidReturn.origin + paidReturn.pathname).toBe(`${apiUrl}/v1/payments/vnpay/return`);
    expect((await simulated(`${dossierId}-02`)).ipn).toEqual([expect.objectContaining({ rspCode: '00' })]);
    const landing = await fetch(paidReturn);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain('data-outcome="paid"');
    expect(html).toContain(`BL-${dossierId.slice(2)}-02`);
    const view = await api.waitForStatus(dossierId, applicant, ['submitted', 'processing']);
    const payment = (view as unknown as { payment: PaymentView }).payment;
    expect(payment.receipt).toMatchObject({
      number: `BL-${dossierId.slice(2)}-02`,
      amountVnd: 16_000,
      scheduleVersion: '2026.1',
      txnRef: `${dossierId}-02`,
    });
    await api.waitForStep(dossierId, applicant, 'RegisterDeath', 'awaiting-officer');
    const kinds = (await paymentOf(dossierId, applicant)).timeline.map((e) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['awaiting-payment', 'paid', 'started']);
    expect((await requestPage(dossierId, applicant)).status).toBe(409);
  });

  it('never credits a replayed, forged or unknown notification', async () => {
    const query = paidReturn.search.slice(1);
    expect(await ipn(query)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect((await ipn(query.replace('vnp_Amount=1600000', 'vnp_Amount=1700000'))).RspCode).toBe('97');
    expect((await ipn(query.replace(/&vnp_SecureHash=[0-9a-f]+/, ''))).RspCode).toBe('97');
    const params = Object.fromEntries(paidReturn.searchParams.entries());
    const { vnp_SecureHash: _, ...unsigned } = params;
    const forgedKey = withSecureHash('FORGEDSECRETFORGEDSECRETFORGED00', unsigned);
    expect((await ipn(new URLSearchParams(forgedKey).toString())).RspCode).toBe('97');
    // Properly signed, but for an attempt that does not exist, or one the citizen cancelled.
    const unknown = { ...unsigned, vnp_TxnRef: `${dossierId.slice(0, -2)}ZZ-01` };
    expect((await ipn(signedQuery(terminal.hashSecret, unknown))).RspCode).toBe('01');
    const cancelledPaid = { ...unsigned, vnp_TxnRef: cancelledRef };
    expect((await ipn(signedQuery(terminal.hashSecret, cancelledPaid))).RspCode).toBe('02');
    expect((await transaction(dossierId, cancelledRef))?.status).toBe('cancelled');
    const view = await paymentOf(dossierId, applicant);
    expect(view.timeline.filter((e) => e.kind === 'paid')).toHaveLength(1);
    expect(view.payment?.receipt?.txnRef).toBe(`${dossierId}-02`);
  });

  it('is refunded once when an officer refuses it', async () => {
    const communeCode = death(0).deceased.permanentResidence.communeCode;
    const token = await api.officerToken(officer?.pin ?? '', {
      agency: 'civil-status',
      role: 'officer',
      provinceCode: PROVINCE,
      communeCode,
    });
    const task = taskId(dossierId, 'RegisterDeath');
    await api.waitForTask(token, task);
    expect((await api.decide(token, task, 'reject', 'The death notice could not be verified.')).status).toBe(200);
    await api.waitForStatus(dossierId, applicant, 'rejected');
    await waitFor(async () => (await transaction(dossierId, `${dossierId}-02`))?.refund, 15_000, 'the refund request');
    await sweep();
    const view = await waitFor(async () => {
      const current = await paymentOf(dossierId, applicant);
      return current.payment?.refund ? current : undefined;
    });
    expect(view.payment?.refund).toMatchObject({ amountVnd: 16_000 });
    expect((await simulated(`${dossierId}-02`)).status).toBe('refunded');
    await sweep();
    const after = await paymentOf(dossierId, applicant);
    expect(after.timeline.filter((e) => e.kind === 'refunded')).toHaveLength(1);
    expect((await transaction(dossierId, `${dossierId}-02`))?.refund?.status).toBe('done');
  });
});

describe('an unpaid dossier', () => {
  const applicant = death(1).applicant.pin;
  let dossierId = '';
  let pending: PaymentTransaction | undefined;

  it('refuses a notification of the wrong amount', async () => {
    dossierId = await api.submitAccepted(applicant, withCopies(deathRequest(death(1)), 1));
    const page = await requestPage(dossierId, applicant);
    expect(page.status).toBe(201);
    const params = {
      vnp_TmnCode: terminal.tmnCode,
      vnp_Amount: '100000',
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: 'x',
      vnp_TransactionNo: '99999999',
      vnp_ResponseCode: '00',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: String(page.body.txnRef),
    };
    expect((await ipn(signedQuery(terminal.hashSecret, params))).RspCode).toBe('04');
    pending = await transaction(dossierId, String(page.body.txnRef));
    expect(pending?.status).toBe('pending');
    expect((await paymentOf(dossierId, applicant)).status).toBe('awaiting-payment');
  });

  it('expires after its time to pay, freeing the death for a new application', async () => {
    const later = new Date(Date.now() + 3 * 3_600_000);
    const result = await sweep(() => later);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    const view = await paymentOf(dossierId, applicant);
    expect(view.status).toBe('expired');
    expect(view.timeline.map((e) => e.kind)).toContain('expired');
    expect((await transaction(dossierId, pending?.txnRef ?? ''))?.status).toBe('expired');
    expect((await requestPage(dossierId, applicant)).status).toBe(409);
    const again = await api.submit(applicant, withCopies(deathRequest(death(1)), 1));
    expect(again.status).toBe(202);
    expect(again.body.status).toBe('awaiting-payment');
  });

  it('gives back a payment made on a page left open after the expiry', async () => {
    const back = await press(pending?.paymentUrl ?? '', pending?.txnRef ?? '', 'pay');
    expect(back.searchParams.get('vnp_ResponseCode')).toBe('00');
    const settled = await transaction(dossierId, pending?.txnRef ?? '');
    expect(settled).toMatchObject({ status: 'paid', refund: { status: 'due' } });
    await sweep();
    await waitFor(async () => (await transaction(dossierId, pending?.txnRef ?? ''))?.refund?.status === 'done');
    expect((await simulated(pending?.txnRef ?? '')).status).toBe('refunded');
    const view = await paymentOf(dossierId, applicant);
    expect(view.status).toBe('expired');
    expect(view.payment?.receipt).toBeUndefined();
    expect(view.timeline.filter((e) => e.kind === 'refunded')).toHaveLength(1);
  });
});

function withCopies<T extends { form: Record<string, unknown> }>(request: T, extractCopies: number): T {
  return { ...request, form: { ...request.form, extractCopies } };
}
