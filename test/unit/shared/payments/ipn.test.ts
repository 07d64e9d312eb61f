/**
 * The IPN use case against an in-memory store and the real protocol module (signatures made here with the same
 * secret): each refusal gets the protocol's answer and writes nothing; a success applies once.
 */
import { describe, expect, it } from 'vitest';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import { handleIpn } from '../../../../shared/payments/payments.ts';
import type { PaymentStore, PaymentTransaction } from '../../../../shared/payments/ports.ts';
import { parsePaymentResult, withSecureHash } from '../../../../shared/payments/vnpay-protocol.ts';

const terminal = { tmnCode: 'P06TEST1', hashSecret: 'TESTSECRETTESTSECRETTESTSECRET42' };
const DOSSIER = 'HS79-20261205-ABCDEFGHJK';
const TXN = `${DOSSIER}-01`;

const setup = (dossierStatus: Dossier['status'] = 'awaiting-payment') => {
  const dossier = {
    id: DOSSIER,
    applicantPin: '079080000001',
    provinceCode: '79',
    status: dossierStatus,
    payment: { amountVnd: 16_000, scheduleVersion: 'v', lines: [], payBy: '2099-01-01T00:00:00Z' },
  } as unknown as Dossier;
  let txn: PaymentTransaction = {
    txnRef: TXN,
    dossierId: DOSSIER,
    amountVnd: 16_000,
    orderInfo: 'x',
    createdAt: '2026-12-05T00:00:00Z',
    expiresAt: '2099-01-01T00:00:00Z',
    paymentUrl: 'http://gateway/x',
    status: 'pending',
  };
  const writes: string[] = [];
  const queued: string[] = [];
  const store = {
    getTransaction: async (_d: string, ref: string) => (ref === TXN ? txn : undefined),
    confirmPayment: async ({ receipt }) => {
      if (txn.status !== 'pending') return 'transaction-not-pending';
      if (dossier.status !== 'awaiting-payment') return 'dossier-not-awaiting';
      txn = { ...txn, status: 'paid' };
      Object.assign(dossier, { status: 'submitted', payment: { ...dossier.payment, receipt } });
      writes.push(`paid ${receipt.number}`);
      return 'applied';
    },
    settleTransaction: async (_t, status, _r, refundReason, from = 'pending') => {
      if (txn.status !== from) return false;
      txn = {
        ...txn,
        status,
        ...(refundReason ? { refund: { status: 'due', reason: refundReason, requestedAt: '' } } : {}),
      };
      writes.push(`${status}${refundReason ? ' refund-due' : ''}`);
      return true;
    },
  } as Partial<PaymentStore> as PaymentStore;
  const ipn = handleIpn({
    store,
    dossiers: { get: async () => dossier },
    gateway: {
      parseResult: async (params) => parsePaymentResult(terminal, params),
    } as Parameters<typeof handleIpn>[0]['gateway'],
    queue: { send: async (_p, m) => void queued.push(m.dossierId) },
    now: () => new Date('2026-12-05T01:00:00Z'),
  });
  return { ipn, writes, queued, txn: () => txn };
};

const result = (overrides: Record<string, string> = {}) =>
  withSecureHash(terminal.hashSecret, {
    vnp_TmnCode: terminal.tmnCode,
    vnp_Amount: '1600000',
    vnp_BankCode: 'NCB',
    vnp_TransactionNo: '14000001',
    vnp_ResponseCode: '00',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: TXN,
    vnp_OrderInfo: 'x',
    ...overrides,
  });

describe('the IPN', () => {
  it('applies a payment once; a replay is answered 02 and writes nothing', async () => {
    const { ipn, writes, queued } = setup();
    expect((await ipn(result())).RspCode).toBe('00');
    expect((await ipn(result())).RspCode).toBe('02');
    expect(writes).toEqual([`paid BL-${DOSSIER.slice(2)}-01`]);
    expect(queued).toEqual([DOSSIER]);
  });

  it('refuses forged, tampered, unknown and wrong-amount notifications without writing', async () => {
    const { ipn, writes } = setup();
    const forged = withSecureHash('OTHERSECRETOTHERSECRETOTHERSECRE', { ...result(), vnp_SecureHash: '' });
    expect((await ipn(forged)).RspCode).toBe('97');
    expect((await ipn({ ...result(), vnp_Amount: '1700000' })).RspCode).toBe('97');
    expect((await ipn(result({ vnp_TxnRef: `${DOSSIER}-02` }))).RspCode).toBe('01');
    expect((await ipn(result({ vnp_TxnRef: 'not-ours' }))).RspCode).toBe('01');
    expect((await ipn(result({ vnp_Amount: '100000' }))).RspCode).toBe('04');
    expect((await ipn(result({ vnp_TmnCode: 'OTHER001' }))).RspCode).toBe('99');
    expect(writes).toEqual([]);
  });

  it('records a cancellation without touching the dossier', async () => {
    const { ipn, writes, txn } = setup();
    expect((await ipn(result({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' }))).RspCode).toBe('00');
    expect(txn().status).toBe('cancelled');
    expect((await ipn(result())).RspCode).toBe('02');
    expect(writes).toEqual(['cancelled']);
  });

  it('takes money for a dossier that no longer waits and marks it for refund', async () => {
    const { ipn, writes, queued } = setup('expired');
    expect((await ipn(result())).RspCode).toBe('00');
    expect(writes).toEqual(['paid refund-due']);
    expect(queued).toEqual([]);
  });
});
