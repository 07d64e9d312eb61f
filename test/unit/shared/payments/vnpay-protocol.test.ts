/**
 * The gateway protocol's signing and checking, against vectors computed here independently: the canonical strings
 * are written out by hand and hashed with node:crypto directly, so a change in sorting, encoding or field order
 * fails these tests.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  fromWireAmount,
  parsePaymentResult,
  parseVnpDate,
  paymentUrl,
  pipeData,
  signMessage,
  signParams,
  toWireAmount,
  verifyMessage,
  verifyParams,
  vnpDate,
  withSecureHash,
} from '../../../../shared/payments/vnpay-protocol.ts';

const SECRET = 'TESTSECRETTESTSECRETTESTSECRET42';
const terminal = { tmnCode: 'P06TEST1', hashSecret: SECRET };
const hmac = (data: string) => createHmac('sha512', SECRET).update(data, 'utf8').digest('hex');

const PAY = {
  vnp_Version: '2.1.0',
  vnp_Command: 'pay',
  vnp_TmnCode: 'P06TEST1',
  vnp_Amount: '1600000',
  vnp_CurrCode: 'VND',
  vnp_TxnRef: 'HS79-20261205-ABCDEFGHJK-01',
  vnp_OrderInfo: 'Thanh toan phi ho so HS79',
  vnp_OrderType: 'other',
  vnp_Locale: 'vn',
  vnp_ReturnUrl: 'http://localhost:3000/v1/payments/vnpay/return',
  vnp_IpAddr: '127.0.0.1',
  vnp_CreateDate: '20261205183000',
  vnp_ExpireDate: '20261205184500',
};
/** Sorted by name, form-encoded (spaces as +, ':' and '/' escaped). */
const PAY_CANONICAL =
  'vnp_Amount=1600000&vnp_Command=pay&vnp_CreateDate=20261205183000&vnp_CurrCode=VND&vnp_ExpireDate=20261205184500' +
  '&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+phi+ho+so+HS79&vnp_OrderType=other' +
  '&vnp_ReturnUrl=http%3A%2F%2Flocalhost%3A3000%2Fv1%2Fpayments%2Fvnpay%2Freturn&vnp_TmnCode=P06TEST1' +
  '&vnp_TxnRef=HS79-20261205-ABCDEFGHJK-01&vnp_Version=2.1.0';

describe('redirect and IPN signatures', () => {
  it('signs the sorted, form-encoded parameters with HMAC-SHA512', () => {
    expect(canonicalQuery(PAY)).toBe(PAY_CANONICAL);
    expect(signParams(SECRET, PAY)).toBe(hmac(PAY_CANONICAL));
    expect(signParams(SECRET, PAY)).toMatch(/^[0-9a-f]{128}$/);
  });

  it('leaves the hash fields, empty values and non-vnp parameters out of the signed string', () => {
    const extra = { ...PAY, vnp_SecureHashType: 'HmacSHA512', vnp_BankCode: '', utm_source: 'x' };
    expect(canonicalQuery(extra)).toBe(PAY_CANONICAL);
  });

  it('accepts its own signature (either case) and refuses any change', () => {
    const signed = withSecureHash(SECRET, PAY);
    expect(verifyParams(SECRET, signed)).toBe(true);
    expect(verifyParams(SECRET, { ...signed, vnp_SecureHash: String(signed.vnp_SecureHash).toUpperCase() })).toBe(true);
    expect(verifyParams(SECRET, { ...signed, vnp_Amount: '1600100' })).toBe(false);
    expect(verifyParams(SECRET, { ...signed, vnp_Extra: '1' })).toBe(false);
    expect(verifyParams('ANOTHERSECRETANOTHERSECRETANOTHER', signed)).toBe(false);
    expect(verifyParams(SECRET, { ...signed, vnp_SecureHash: 'abc' })).toBe(false);
    const { vnp_SecureHash: _, ...unsigned } = signed;
    expect(verifyParams(SECRET, unsigned)).toBe(false);
  });

  it('builds the payment URL a browser sends back unchanged', () => {
    const url = new URL(
      paymentUrl('http://gateway.test/', terminal, {
        txnRef: PAY.vnp_TxnRef,
        amountVnd: 16_000,
        orderInfo: PAY.vnp_OrderInfo,
        returnUrl: PAY.vnp_ReturnUrl,
        ipAddr: '127.0.0.1',
        createdAt: new Date('2026-12-05T11:30:00Z'),
        expiresAt: new Date('2026-12-05T11:45:00Z'),
        locale: 'vn',
      }),
    );
    expect(url.origin + url.pathname).toBe('http://gateway.test/paymentv2/vpcpay.html');
    const params = Object.fromEntries(url.searchParams.entries());
    expect(params).toEqual({ ...PAY, vnp_SecureHash: hmac(PAY_CANONICAL) });
    expect(verifyParams(SECRET, params)).toBe(true);
  });

  it('reads a result only after its signature, and only for this terminal', () => {
    const result = withSecureHash(SECRET, {
      vnp_TmnCode: 'P06TEST1',
      vnp_Amount: '1600000',
      vnp_BankCode: 'NCB',
      vnp_OrderInfo: 'Thanh toan',
      vnp_TransactionNo: '14000001',
      vnp_ResponseCode: '00',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: PAY.vnp_TxnRef,
      vnp_PayDate: '20261205183500',
    });
    const parsed = parsePaymentResult(terminal, result);
    expect(parsed).toMatchObject({ ok: true, result: { amountVnd: 16_000, transactionNo: '14000001' } });
    expect(parsePaymentResult(terminal, { ...result, vnp_ResponseCode: '24' })).toMatchObject({
      ok: false,
      reason: 'signature',
    });
    const other = withSecureHash(SECRET, { ...result, vnp_TmnCode: 'OTHER001' });
    expect(parsePaymentResult(terminal, other)).toMatchObject({ ok: false, reason: 'malformed' });
    const odd = withSecureHash(SECRET, { ...result, vnp_Amount: '1600050' });
    expect(parsePaymentResult(terminal, odd)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('API checksums (querydr, refund)', () => {
  it('signs the |-joined fields in the protocol order', () => {
    const request = {
      vnp_RequestId: 'r1',
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: 'P06TEST1',
      vnp_TxnRef: 'T-01',
      vnp_OrderInfo: 'q',
      vnp_TransactionDate: '20261205183000',
      vnp_CreateDate: '20261205190000',
      vnp_IpAddr: '10.0.0.1',
    };
    const data = 'r1|2.1.0|querydr|P06TEST1|T-01|20261205183000|20261205190000|10.0.0.1|q';
    expect(pipeData('querydrRequest', request)).toBe(data);
    const signed = signMessage(SECRET, 'querydrRequest', request);
    expect(signed.vnp_SecureHash).toBe(hmac(data));
    expect(verifyMessage(SECRET, 'querydrRequest', signed)).toBe(true);
    expect(verifyMessage(SECRET, 'querydrRequest', { ...signed, vnp_TxnRef: 'T-02' })).toBe(false);
  });

  it('signs a refund over its amount and transaction number', () => {
    const refund = {
      vnp_RequestId: 'r2',
      vnp_Version: '2.1.0',
      vnp_Command: 'refund',
      vnp_TmnCode: 'P06TEST1',
      vnp_TransactionType: '02',
      vnp_TxnRef: 'T-01',
      vnp_Amount: '1600000',
      vnp_TransactionNo: '14000001',
      vnp_TransactionDate: '20261205183000',
      vnp_CreateBy: 'p06',
      vnp_CreateDate: '20261205190000',
      vnp_IpAddr: '10.0.0.1',
      vnp_OrderInfo: 'Hoan tien',
    };
    const data =
      'r2|2.1.0|refund|P06TEST1|02|T-01|1600000|14000001|20261205183000|p06|20261205190000|10.0.0.1|Hoan tien';
    expect(signMessage(SECRET, 'refundRequest', refund).vnp_SecureHash).toBe(hmac(data));
    expect(
      verifyMessage(SECRET, 'refundRequest', { ...signMessage(SECRET, 'refundRequest', refund), vnp_Amount: '1' }),
    ).toBe(false);
  });
});

describe('dates and amounts on the wire', () => {
  it('writes and reads yyyyMMddHHmmss in Vietnam time', () => {
    expect(vnpDate(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
    expect(parseVnpDate('20270101003005')?.toISOString()).toBe('2026-12-31T17:30:05.000Z');
    expect(parseVnpDate('20260230120000')).toBeUndefined();
    expect(parseVnpDate('2026-12-31')).toBeUndefined();
  });

  it('multiplies VND by 100 and refuses fractions of a đồng', () => {
    expect(toWireAmount(16_000)).toBe('1600000');
    expect(fromWireAmount('1600000')).toBe(16_000);
    expect(fromWireAmount('1600050')).toBeUndefined();
    expect(fromWireAmount('-100')).toBeUndefined();
    expect(fromWireAmount(undefined)).toBeUndefined();
  });
});
