/**
 * The wire protocol of a Vietnamese payment gateway in the style of VNPAY's payment API, version 2.1.0, written from
 * its public description (no code copied):
 * - pay: the merchant redirects the citizen to `<gateway>/paymentv2/vpcpay.html?<vnp_ parameters>&vnp_SecureHash=…`;
 * - return: the gateway redirects the citizen back to `vnp_ReturnUrl` with the signed result (display only);
 * - IPN: the gateway calls the merchant's registered IPN URL server to server with the same signed result; the
 *   merchant answers `{"RspCode":"00","Message":"Confirm Success"}` or one of the refusals below;
 * - querydr / refund: JSON POSTs to `<gateway api>/merchant_webapi/api/transaction`, each signed over a
 *   `|`-separated list of fields, answered with a signed JSON body.
 * Redirect and IPN signatures: the `vnp_` parameters except `vnp_SecureHash`/`vnp_SecureHashType`, sorted by name,
 * each name and value form-URL-encoded (space as `+`), joined as a query string, HMAC-SHA512 with the terminal's hash
 * secret, hex. Amounts on the wire are VND × 100. Dates are `yyyyMMddHHmmss` in Vietnam time (GMT+7).
 * Pure functions only: the platform (shared/adapters/payments/) and the local simulator (infra/local/payment-gateway/)
 * both use them, so both speak exactly the same protocol.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const VNP_VERSION = '2.1.0';
export const PAY_PATH = '/paymentv2/vpcpay.html';
export const API_PATH = '/merchant_webapi/api/transaction';

/** Answers to an IPN (the body's `RspCode`). */
export const IPN_ANSWERS = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknownError: { RspCode: '99', Message: 'Unknown error' },
} as const;
export type IpnAnswer = (typeof IPN_ANSWERS)[keyof typeof IPN_ANSWERS];

/** `vnp_ResponseCode` of a payment result: the ones this platform tells apart (anything else is a failure). */
export const PAYMENT_RESPONSE = { success: '00', cancelled: '24', expired: '11' } as const;
/** `vnp_TransactionStatus` of a transaction: paid, unpaid/pending, failed, refunded. */
export const TRANSACTION_STATUS = { success: '00', pending: '01', failed: '02', refunded: '05' } as const;
/** `vnp_ResponseCode` of querydr / refund answers. */
export const API_RESPONSE = {
  ok: '00',
  invalidTerminal: '02',
  invalidData: '03',
  notFound: '91',
  duplicateRequest: '94',
  notRefundable: '95',
  invalidSignature: '97',
  other: '99',
} as const;

export interface Terminal {
  /** `vnp_TmnCode`: the merchant terminal the gateway registered. */
  readonly tmnCode: string;
  /** The shared hash secret of the terminal. */
  readonly hashSecret: string;
}

const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

/** The canonical query string of the `vnp_` parameters, as signed: sorted by name, form-encoded, no hash fields. */
export const canonicalQuery = (params: Readonly<Record<string, string>>): string =>
  Object.keys(params)
    .filter((name) => name.startsWith('vnp_') && name !== 'vnp_SecureHash' && name !== 'vnp_SecureHashType')
    .filter((name) => params[name] !== undefined && params[name] !== '')
    .sort()
    .map((name) => `${encode(name)}=${encode(params[name] as string)}`)
    .join('&');

export const hmacSha512 = (secret: string, data: string): string =>
  createHmac('sha512', Buffer.from(secret, 'utf8')).update(Buffer.from(data, 'utf8')).digest('hex');

const sameHex = (a: string, b: string) => {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The `vnp_SecureHash` of a redirect / IPN parameter set. */
export const signParams = (secret: string, params: Readonly<Record<string, string>>): string =>
  hmacSha512(secret, canonicalQuery(params));

/** The parameters with their `vnp_SecureHash` added. */
export const withSecureHash = (secret: string, params: Readonly<Record<string, string>>): Record<string, string> => ({
  ...params,
  vnp_SecureHash: signParams(secret, params),
});

/** Whether a received parameter set carries the right `vnp_SecureHash` (constant-time comparison). */
export const verifyParams = (secret: string, params: Readonly<Record<string, string | undefined>>): boolean => {
  const hash = params.vnp_SecureHash;
  if (!hash || !/^[0-9a-fA-F]{128}$/.test(hash)) return false;
  const defined = Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return sameHex(signParams(secret, defined), hash);
};

/** A query string of signed parameters, in the canonical order, the hash last. */
export const signedQuery = (secret: string, params: Readonly<Record<string, string>>): string =>
  `${canonicalQuery(params)}&vnp_SecureHash=${signParams(secret, params)}`;

// --------------------------------------------------------------------------------------- dates, amounts

/** `yyyyMMddHHmmss` in Vietnam time (GMT+7, no daylight saving). */
export const vnpDate = (at: Date): string => {
  const t = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}`;
};

/** The instant a `yyyyMMddHHmmss` Vietnam-time date names, or undefined if it is not one. */
export const parseVnpDate = (text: string | undefined): Date | undefined => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`);
  return Number.isNaN(at.getTime()) || vnpDate(at) !== text ? undefined : at;
};

/** VND to the wire amount (× 100), and back; undefined if the wire amount is not a whole number of đồng. */
export const toWireAmount = (vnd: number): string => String(vnd * 100);
export const fromWireAmount = (wire: string | undefined): number | undefined =>
  /^\d{3,}$/.test(wire ?? '') && (wire as string).endsWith('00') ? Number(wire) / 100 : undefined;

// ------------------------------------------------------------------------------------------------ pay

export interface PayRequest {
  readonly txnRef: string;
  readonly amountVnd: number;
  /** Plain text, Vietnamese without diacritics recommended by the gateway. */
  readonly orderInfo: string;
  readonly returnUrl: string;
  readonly ipAddr: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly locale: 'vn' | 'en';
  readonly bankCode?: string;
}

/** The `vnp_` parameters of a payment redirect (unsigned). */
export const payParams = (terminal: Terminal, request: PayRequest): Record<string, string> => ({
  vnp_Version: VNP_VERSION,
  vnp_Command: 'pay',
  vnp_TmnCode: terminal.tmnCode,
  vnp_Amount: toWireAmount(request.amountVnd),
  vnp_CurrCode: 'VND',
  vnp_TxnRef: request.txnRef,
  vnp_OrderInfo: request.orderInfo,
  vnp_OrderType: 'other',
  vnp_Locale: request.locale,
  vnp_ReturnUrl: request.returnUrl,
  vnp_IpAddr: request.ipAddr,
  vnp_CreateDate: vnpDate(request.createdAt),
  vnp_ExpireDate: vnpDate(request.expiresAt),
  ...(request.bankCode ? { vnp_BankCode: request.bankCode } : {}),
});

/** The URL the citizen is sent to. */
export const paymentUrl = (gatewayUrl: string, terminal: Terminal, request: PayRequest): string =>
  `${gatewayUrl.replace(/\/$/, '')}${PAY_PATH}?${signedQuery(terminal.hashSecret, payParams(terminal, request))}`;

/** The parameters of a return redirect and an IPN (the same set). */
export const RESULT_PARAMS = [
  'vnp_TmnCode',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_BankTranNo',
  'vnp_CardType',
  'vnp_PayDate',
  'vnp_OrderInfo',
  'vnp_TransactionNo',
  'vnp_ResponseCode',
  'vnp_TransactionStatus',
  'vnp_TxnRef',
  'vnp_SecureHashType',
  'vnp_SecureHash',
] as const;

export interface PaymentResult {
  readonly tmnCode: string;
  readonly txnRef: string;
  readonly amountVnd: number;
  readonly responseCode: string;
  readonly transactionStatus: string;
  /** The gateway's transaction number (0 when the citizen never paid). */
  readonly transactionNo: string;
  readonly bankCode: string;
  readonly bankTranNo?: string;
  readonly cardType?: string;
  readonly payDate?: string;
  readonly orderInfo: string;
}

export type ParsedResult =
  | { readonly ok: true; readonly result: PaymentResult }
  | { readonly ok: false; readonly reason: 'signature' | 'malformed'; readonly detail: string };

/** Checks the signature first (nothing unsigned is read), then the shape of a return / IPN parameter set. */
export const parsePaymentResult = (
  terminal: Terminal,
  params: Readonly<Record<string, string | undefined>>,
): ParsedResult => {
  if (!verifyParams(terminal.hashSecret, params)) {
    return { ok: false, reason: 'signature', detail: 'vnp_SecureHash does not match the parameters' };
  }
  const missing = ['vnp_TmnCode', 'vnp_Amount', 'vnp_ResponseCode', 'vnp_TxnRef', 'vnp_TransactionStatus'].filter(
    (name) => !params[name],
  );
  if (missing.length > 0) return { ok: false, reason: 'malformed', detail: `missing ${missing.join(', ')}` };
  if (params.vnp_TmnCode !== terminal.tmnCode) {
    return { ok: false, reason: 'malformed', detail: 'vnp_TmnCode is not this terminal' };
  }
  const amountVnd = fromWireAmount(params.vnp_Amount);
  if (amountVnd === undefined) return { ok: false, reason: 'malformed', detail: 'vnp_Amount is not an amount' };
  return {
    ok: true,
    result: {
      tmnCode: params.vnp_TmnCode as string,
      txnRef: params.vnp_TxnRef as string,
      amountVnd,
      responseCode: params.vnp_ResponseCode as string,
      transactionStatus: params.vnp_TransactionStatus as string,
      transactionNo: params.vnp_TransactionNo ?? '0',
      bankCode: params.vnp_BankCode ?? '',
      ...(params.vnp_BankTranNo ? { bankTranNo: params.vnp_BankTranNo } : {}),
      ...(params.vnp_CardType ? { cardType: params.vnp_CardType } : {}),
      ...(params.vnp_PayDate ? { payDate: params.vnp_PayDate } : {}),
      orderInfo: params.vnp_OrderInfo ?? '',
    },
  };
};

/** Whether a result says the money was taken. */
export const isPaid = (result: Pick<PaymentResult, 'responseCode' | 'transactionStatus'>) =>
  result.responseCode === PAYMENT_RESPONSE.success && result.transactionStatus === TRANSACTION_STATUS.success;

// ---------------------------------------------------------------------------------- querydr and refund

/** The `|`-joined fields each API message is signed over, in order. */
export const CHECKSUM_FIELDS = {
  querydrRequest: [
    'vnp_RequestId',
    'vnp_Version',
    'vnp_Command',
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_TransactionDate',
    'vnp_CreateDate',
    'vnp_IpAddr',
    'vnp_OrderInfo',
  ],
  refundRequest: [
    'vnp_RequestId',
    'vnp_Version',
    'vnp_Command',
    'vnp_TmnCode',
    'vnp_TransactionType',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_TransactionNo',
    'vnp_TransactionDate',
    'vnp_CreateBy',
    'vnp_CreateDate',
    'vnp_IpAddr',
    'vnp_OrderInfo',
  ],
  querydrResponse: [
    'vnp_ResponseId',
    'vnp_Command',
    'vnp_ResponseCode',
    'vnp_Message',
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_BankCode',
    'vnp_PayDate',
    'vnp_TransactionNo',
    'vnp_TransactionType',
    'vnp_TransactionStatus',
    'vnp_OrderInfo',
    'vnp_PromotionCode',
    'vnp_PromotionAmount',
  ],
  refundResponse: [
    'vnp_ResponseId',
    'vnp_Command',
    'vnp_ResponseCode',
    'vnp_Message',
    'vnp_TmnCode',
    'vnp_TxnRef',
    'vnp_Amount',
    'vnp_BankCode',
    'vnp_PayDate',
    'vnp_TransactionNo',
    'vnp_TransactionType',
    'vnp_TransactionStatus',
    'vnp_OrderInfo',
  ],
} as const;
export type ChecksumKind = keyof typeof CHECKSUM_FIELDS;

export const pipeData = (kind: ChecksumKind, message: Readonly<Record<string, string | undefined>>): string =>
  CHECKSUM_FIELDS[kind].map((field) => message[field] ?? '').join('|');

/** A message with its `vnp_SecureHash` over the fields of its kind. */
export const signMessage = <T extends Record<string, string>>(
  secret: string,
  kind: ChecksumKind,
  message: T,
): T & { vnp_SecureHash: string } => ({ ...message, vnp_SecureHash: hmacSha512(secret, pipeData(kind, message)) });

export const verifyMessage = (
  secret: string,
  kind: ChecksumKind,
  message: Readonly<Record<string, string | undefined>>,
): boolean => {
  const hash = message.vnp_SecureHash;
  if (typeof hash !== 'string' || !/^[0-9a-fA-F]{128}$/.test(hash)) return false;
  return sameHex(hmacSha512(secret, pipeData(kind, message)), hash);
};

/** Transaction types of a refund: full or partial. */
export const REFUND_TYPE = { full: '02', partial: '03' } as const;
