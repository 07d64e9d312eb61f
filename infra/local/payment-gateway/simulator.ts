/**
 * A local payment gateway speaking the protocol of shared/payments/vnpay-protocol.ts (the VNPAY 2.1.0 style), for
 * `npm start` and the tests; it holds no money and talks to no bank.
 * - `GET /paymentv2/vpcpay.html?…`: checks the signature and parameters, then shows the order with two buttons,
 *   pay and cancel (a closed page, past `vnp_ExpireDate`, can only be left: result 11);
 * - `POST /paymentv2/confirm`: settles the transaction, sends the signed IPN to the terminal's registered IPN URL
 *   (first try awaited, then retried in the background until the merchant answers 00 or 02), and redirects the
 *   browser to `vnp_ReturnUrl` with the same signed result;
 * - `POST /merchant_webapi/api/transaction`: `querydr` and `refund`, signed both ways;
 * - `GET /simulator/transactions/{txnRef}`: what the simulator holds (for developers and tests).
 * Transactions persist in a JSON file, so a restart keeps answering querydr and refund for them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import {
  API_PATH,
  API_RESPONSE,
  fromWireAmount,
  PAY_PATH,
  PAYMENT_RESPONSE,
  parseVnpDate,
  signedQuery,
  signMessage,
  type Terminal,
  TRANSACTION_STATUS,
  VNP_VERSION,
  verifyMessage,
  verifyParams,
  vnpDate,
} from '../../../shared/payments/vnpay-protocol.ts';

export interface SimulatorTerminal extends Terminal {
  /** The merchant's IPN URL, registered with the terminal (never sent in a request). */
  readonly ipnUrl: string;
}

interface StoredTransaction {
  readonly tmnCode: string;
  readonly txnRef: string;
  readonly amount: string;
  readonly orderInfo: string;
  readonly returnUrl: string;
  readonly createDate: string;
  readonly expireDate: string;
  readonly bankCode?: string;
  status: 'pending' | 'paid' | 'failed' | 'cancelled' | 'refunded';
  responseCode?: string;
  transactionNo?: string;
  payDate?: string;
  refund?: { transactionNo: string; at: string; amount: string };
  ipn: { at: string; rspCode: string }[];
}

export interface PaymentGatewaySimulatorOptions {
  readonly terminals: readonly SimulatorTerminal[];
  /** Default 0 (any free port). */
  readonly port?: number;
  /** JSON file keeping the transactions across restarts; memory only when left out. */
  readonly stateFile?: string;
  readonly log?: (line: string) => void;
  /** IPN deliveries per transaction at most (default 5), the first awaited. */
  readonly ipnAttempts?: number;
  /** Wait before the n-th retry: n × this (default 1000 ms). */
  readonly ipnRetryMs?: number;
  readonly now?: () => Date;
}

export interface PaymentGatewaySimulator {
  readonly url: string;
  transaction(txnRef: string): StoredTransaction | undefined;
  close(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * `returnUrl`: the merchant's return page a form on this page ends at. Browsers apply `form-action` to the redirects
 * that follow a form's submission too, so the pay and cancel buttons' 302 to the merchant needs its origin there.
 */
const html = (response: ServerResponse, status: number, title: string, body: string, returnUrl?: string) => {
  const formTargets = ["'self'", ...(returnUrl && URL.canParse(returnUrl) ? [new URL(returnUrl).origin] : [])].join(
    ' ',
  );
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formTargets}`,
  });
  response.end(
    `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:36rem;margin:2rem auto"><p style="color:#a00">Cổng thanh toán mô phỏng (local) / Simulated payment gateway</p><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  );
};

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

const REQUIRED_PAY = [
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_Amount',
  'vnp_CurrCode',
  'vnp_TxnRef',
  'vnp_OrderInfo',
  'vnp_OrderType',
  'vnp_Locale',
  'vnp_ReturnUrl',
  'vnp_IpAddr',
  'vnp_CreateDate',
  'vnp_ExpireDate',
] as const;

export const startPaymentGatewaySimulator = async (
  options: PaymentGatewaySimulatorOptions,
): Promise<PaymentGatewaySimulator> => {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const terminals = new Map(options.terminals.map((t) => [t.tmnCode, t]));
  const transactions = new Map<string, StoredTransaction>();
  const requestIds = new Set<string>();
  if (options.stateFile && existsSync(options.stateFile)) {
    const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as { transactions: StoredTransaction[] };
    for (const t of saved.transactions) transactions.set(`${t.tmnCode}/${t.txnRef}`, t);
  }
  const save = () => {
    if (!options.stateFile) return;
    mkdirSync(dirname(options.stateFile), { recursive: true });
    writeFileSync(options.stateFile, JSON.stringify({ transactions: [...transactions.values()] }), { mode: 0o600 });
  };
  let serial = 14_000_000 + transactions.size;
  const nextTransactionNo = () => String(++serial);
  const pending = new Set<Promise<unknown>>();
  let closing = false;

  const resultParams = (t: StoredTransaction): Record<string, string> => ({
    vnp_TmnCode: t.tmnCode,
    vnp_Amount: t.amount,
    vnp_BankCode: t.bankCode ?? 'NCB',
    ...(t.status === 'paid' ? { vnp_BankTranNo: `VNP${t.transactionNo}`, vnp_CardType: 'ATM' } : {}),
    ...(t.payDate ? { vnp_PayDate: t.payDate } : {}),
    vnp_OrderInfo: t.orderInfo,
    vnp_TransactionNo: t.transactionNo ?? '0',
    vnp_ResponseCode: t.responseCode ?? '99',
    vnp_TransactionStatus: t.status === 'paid' ? TRANSACTION_STATUS.success : TRANSACTION_STATUS.failed,
    vnp_TxnRef: t.txnRef,
  });

  /** One IPN delivery; true when the merchant took it (00) or had it already (02). */
  const deliverIpn = async (terminal: SimulatorTerminal, t: StoredTransaction): Promise<boolean> => {
    let rspCode = 'no-answer';
    try {
      const response = await fetch(`${terminal.ipnUrl}?${signedQuery(terminal.hashSecret, resultParams(t))}`, {
        signal: AbortSignal.timeout(15_000),
      });
      rspCode = String(((await response.json()) as { RspCode?: unknown }).RspCode ?? 'no-code');
    } catch (error) {
      rspCode = `error: ${(error as Error).message}`;
    }
    t.ipn.push({ at: now().toISOString(), rspCode });
    save();
    log(`IPN ${t.txnRef} → ${rspCode}`);
    return rspCode === '00' || rspCode === '02';
  };

  const notify = async (terminal: SimulatorTerminal, t: StoredTransaction) => {
    if (await deliverIpn(terminal, t)) return;
    const attempts = options.ipnAttempts ?? 5;
    const retry = (async () => {
      for (let n = 1; n < attempts && !closing; n++) {
        await new Promise((resolve) => setTimeout(resolve, n * (options.ipnRetryMs ?? 1000)).unref());
        if (closing || (await deliverIpn(terminal, t))) return;
      }
    })();
    pending.add(retry);
    void retry.finally(() => pending.delete(retry));
  };

  const payPage = (url: URL, response: ServerResponse) => {
    const params = Object.fromEntries(url.searchParams.entries());
    const terminal = terminals.get(params.vnp_TmnCode ?? '');
    if (!terminal) return html(response, 400, 'Website chưa được phê duyệt (02)', '<p>Unknown vnp_TmnCode.</p>');
    if (!verifyParams(terminal.hashSecret, params)) {
      return html(response, 400, 'Sai chữ ký (70)', '<p>vnp_SecureHash does not match: the request was altered.</p>');
    }
    const missing = REQUIRED_PAY.filter((name) => !params[name]);
    const amount = fromWireAmount(params.vnp_Amount);
    const problems = [
      ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
      ...(params.vnp_Version !== VNP_VERSION ? ['vnp_Version must be 2.1.0'] : []),
      ...(params.vnp_Command !== 'pay' ? ['vnp_Command must be pay'] : []),
      ...(params.vnp_CurrCode !== 'VND' ? ['vnp_CurrCode must be VND'] : []),
      ...(amount === undefined || amount < 5_000 ? ['vnp_Amount must be at least 5,000 VND (× 100)'] : []),
      ...(parseVnpDate(params.vnp_CreateDate) ? [] : ['vnp_CreateDate is not yyyyMMddHHmmss']),
      ...(parseVnpDate(params.vnp_ExpireDate) ? [] : ['vnp_ExpireDate is not yyyyMMddHHmmss']),
    ];
    if (problems.length > 0) {
      return html(response, 400, 'Dữ liệu không hợp lệ (03)', `<p>${escapeHtml(problems.join('; '))}</p>`);
    }
    const key = `${terminal.tmnCode}/${params.vnp_TxnRef}`;
    let t = transactions.get(key);
    if (t && (t.amount !== params.vnp_Amount || t.returnUrl !== params.vnp_ReturnUrl)) {
      return html(response, 400, 'Giao dịch đã tồn tại (94)', '<p>This vnp_TxnRef was used for another order.</p>');
    }
    if (!t) {
      t = {
        tmnCode: terminal.tmnCode,
        txnRef: params.vnp_TxnRef as string,
        amount: params.vnp_Amount as string,
        orderInfo: params.vnp_OrderInfo as string,
        returnUrl: params.vnp_ReturnUrl as string,
        createDate: params.vnp_CreateDate as string,
        expireDate: params.vnp_ExpireDate as string,
        ...(params.vnp_BankCode ? { bankCode: params.vnp_BankCode } : {}),
        status: 'pending',
        ipn: [],
      };
      transactions.set(key, t);
      save();
    }
    if (t.status !== 'pending') {
      return html(
        response,
        409,
        'Giao dịch đã được xử lý',
        `<p>Transaction ${escapeHtml(t.txnRef)} is ${t.status}.</p>`,
      );
    }
    const closed = (parseVnpDate(t.expireDate) as Date) < now();
    const button = (action: string, label: string) =>
      `<form method="post" action="/paymentv2/confirm" style="display:inline"><input type="hidden" name="tmnCode" value="${escapeHtml(t.tmnCode)}"><input type="hidden" name="txnRef" value="${escapeHtml(t.txnRef)}"><button name="action" value="${action}">${label}</button></form> `;
    return html(
      response,
      200,
      closed ? 'Giao dịch đã hết hạn / The payment page has expired' : 'Thanh toán / Payment',
      `<p>Đơn hàng / Order: <strong>${escapeHtml(t.orderInfo)}</strong> (${escapeHtml(t.txnRef)})</p>
<p>Số tiền / Amount: <strong data-amount="${escapeHtml(String(amount))}">${escapeHtml((amount as number).toLocaleString('vi-VN'))} VND</strong></p>
<p>Hết hạn / Expires: ${escapeHtml(t.expireDate)} (GMT+7)</p>
${closed ? button('expired', 'Quay lại / Back to the merchant') : `${button('pay', 'Thanh toán / Pay')}${button('cancel', 'Hủy / Cancel')}`}`,
      t.returnUrl,
    );
  };

  const confirm = async (request: IncomingMessage, response: ServerResponse) => {
    const form = new URLSearchParams(await readBody(request));
    const terminal = terminals.get(form.get('tmnCode') ?? '');
    const t = terminal ? transactions.get(`${terminal.tmnCode}/${form.get('txnRef') ?? ''}`) : undefined;
    const action = form.get('action');
    if (!terminal || !t || !['pay', 'cancel', 'expired'].includes(action ?? '')) {
      return html(response, 400, 'Yêu cầu không hợp lệ', '<p>Unknown transaction or action.</p>');
    }
    if (t.status !== 'pending') {
      return html(
        response,
        409,
        'Giao dịch đã được xử lý',
        `<p>Transaction ${escapeHtml(t.txnRef)} is ${t.status}.</p>`,
      );
    }
    const closed = (parseVnpDate(t.expireDate) as Date) < now();
    if (action === 'pay' && !closed) {
      t.status = 'paid';
      t.responseCode = PAYMENT_RESPONSE.success;
      t.transactionNo = nextTransactionNo();
      t.payDate = vnpDate(now());
    } else {
      t.status = action === 'cancel' ? 'cancelled' : 'failed';
      t.responseCode = action === 'cancel' ? PAYMENT_RESPONSE.cancelled : PAYMENT_RESPONSE.expired;
    }
    save();
    log(`${t.txnRef}: ${t.status}`);
    await notify(terminal, t);
    const separator = t.returnUrl.includes('?') ? '&' : '?';
    response.writeHead(302, {
      location: `${t.returnUrl}${separator}${signedQuery(terminal.hashSecret, resultParams(t))}`,
      'cache-control': 'no-store',
    });
    response.end();
  };

  const api = async (request: IncomingMessage, response: ServerResponse) => {
    let message: Record<string, string>;
    try {
      message = Object.fromEntries(
        Object.entries(JSON.parse(await readBody(request)) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      );
    } catch {
      return json(response, 400, { vnp_ResponseCode: API_RESPONSE.invalidData, vnp_Message: 'Invalid JSON' });
    }
    const command = message.vnp_Command;
    const terminal = terminals.get(message.vnp_TmnCode ?? '');
    const answer = (fields: Record<string, string>) => {
      const body: Record<string, string> = {
        vnp_ResponseId: message.vnp_RequestId ?? '',
        vnp_Command: command ?? '',
        vnp_TmnCode: message.vnp_TmnCode ?? '',
        vnp_TxnRef: message.vnp_TxnRef ?? '',
        ...fields,
      };
      return json(
        response,
        200,
        terminal
          ? signMessage(terminal.hashSecret, command === 'refund' ? 'refundResponse' : 'querydrResponse', body)
          : body,
      );
    };
    if (!terminal) return answer({ vnp_ResponseCode: API_RESPONSE.invalidTerminal, vnp_Message: 'Invalid TmnCode' });
    if (command !== 'querydr' && command !== 'refund') {
      return answer({ vnp_ResponseCode: API_RESPONSE.invalidData, vnp_Message: 'Unknown vnp_Command' });
    }
    if (!verifyMessage(terminal.hashSecret, command === 'querydr' ? 'querydrRequest' : 'refundRequest', message)) {
      return answer({ vnp_ResponseCode: API_RESPONSE.invalidSignature, vnp_Message: 'Invalid Checksum' });
    }
    if (!message.vnp_RequestId || !message.vnp_TxnRef || !parseVnpDate(message.vnp_CreateDate)) {
      return answer({ vnp_ResponseCode: API_RESPONSE.invalidData, vnp_Message: 'Invalid request data' });
    }
    if (requestIds.has(message.vnp_RequestId)) {
      return answer({ vnp_ResponseCode: API_RESPONSE.duplicateRequest, vnp_Message: 'Duplicate request' });
    }
    requestIds.add(message.vnp_RequestId);
    const t = transactions.get(`${terminal.tmnCode}/${message.vnp_TxnRef}`);
    if (!t) return answer({ vnp_ResponseCode: API_RESPONSE.notFound, vnp_Message: 'Transaction not found' });
    const state = {
      vnp_Amount: t.amount,
      vnp_BankCode: t.bankCode ?? 'NCB',
      vnp_PayDate: t.payDate ?? '',
      vnp_TransactionNo: t.transactionNo ?? '0',
      vnp_OrderInfo: t.orderInfo,
      vnp_TransactionStatus:
        t.status === 'paid'
          ? TRANSACTION_STATUS.success
          : t.status === 'refunded'
            ? TRANSACTION_STATUS.refunded
            : t.status === 'pending'
              ? TRANSACTION_STATUS.pending
              : TRANSACTION_STATUS.failed,
    };
    if (command === 'querydr') {
      return answer({
        vnp_ResponseCode: API_RESPONSE.ok,
        vnp_Message: 'QueryDR Success',
        vnp_TransactionType: '01',
        vnp_PromotionCode: '',
        vnp_PromotionAmount: '',
        ...state,
      });
    }
    if (t.status !== 'paid') {
      return answer({
        vnp_ResponseCode: API_RESPONSE.notRefundable,
        vnp_Message: `Transaction is ${t.status}`,
        vnp_TransactionType: message.vnp_TransactionType ?? '',
        ...state,
      });
    }
    const full = message.vnp_TransactionType === '02';
    if (
      !full ||
      message.vnp_Amount !== t.amount ||
      (message.vnp_TransactionNo && message.vnp_TransactionNo !== t.transactionNo)
    ) {
      return answer({
        vnp_ResponseCode: API_RESPONSE.invalidData,
        vnp_Message: 'Only a full refund of the paid amount is simulated',
        vnp_TransactionType: message.vnp_TransactionType ?? '',
        ...state,
      });
    }
    t.status = 'refunded';
    t.refund = { transactionNo: nextTransactionNo(), at: now().toISOString(), amount: t.amount };
    save();
    log(`${t.txnRef}: refunded`);
    return answer({
      vnp_ResponseCode: API_RESPONSE.ok,
      vnp_Message: 'Refund success',
      vnp_TransactionType: '02',
      ...state,
      vnp_TransactionNo: t.refund.transactionNo,
      vnp_TransactionStatus: TRANSACTION_STATUS.refunded,
    });
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = `${request.method} ${url.pathname}`;
    const run = async () => {
      if (route === `GET ${PAY_PATH}`) return payPage(url, response);
      if (route === 'POST /paymentv2/confirm') return confirm(request, response);
      if (route === `POST ${API_PATH}`) return api(request, response);
      const inspect = /^GET \/simulator\/transactions\/([^/]+)$/.exec(route);
      if (inspect) {
        const found = [...transactions.values()].find((t) => t.txnRef === decodeURIComponent(inspect[1] as string));
        return found ? json(response, 200, found) : json(response, 404, { message: 'not found' });
      }
      return json(response, 404, { message: 'not found' });
    };
    run().catch((error: Error) => {
      log(`error: ${error.message}`);
      if (!response.headersSent) json(response, 500, { message: 'simulator error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    transaction: (txnRef) => [...transactions.values()].find((t) => t.txnRef === txnRef),
    async close() {
      closing = true;
      await Promise.allSettled([...pending]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
