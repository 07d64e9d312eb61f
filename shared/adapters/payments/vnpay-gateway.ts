/**
 * The payment gateway adapter: the VNPAY-style protocol of shared/payments/vnpay-protocol.ts over HTTP.
 * Configuration (environment): `PAYMENT_GATEWAY_URL` (the gateway's base URL: payment page and merchant API),
 * `PAYMENT_RETURN_URL` (where the gateway sends the citizen back), and the terminal's secrets `{tmnCode, hashSecret}`
 * as JSON: locally a key file (`PAYMENT_TERMINAL_FILE`, infra/local/payment-gateway/terminal-key.ts), in AWS a
 * Secrets Manager secret (`PAYMENT_TERMINAL_SECRET_ARN`, created by the services stack).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type {
  GatewayQuery,
  GatewayRefund,
  PaymentGateway,
  PaymentTransaction,
  PayPageRequest,
} from '../../payments/ports.ts';
import {
  API_PATH,
  API_RESPONSE,
  fromWireAmount,
  PAYMENT_RESPONSE,
  parsePaymentResult,
  paymentUrl,
  REFUND_TYPE,
  signMessage,
  type Terminal,
  TRANSACTION_STATUS,
  toWireAmount,
  VNP_VERSION,
  verifyMessage,
  vnpDate,
} from '../../payments/vnpay-protocol.ts';
import * as z from '../../validation/zod.ts';

export const TerminalSchema = z.strictObject({
  tmnCode: z.string().check(z.regex(/^[A-Z0-9]{8}$/, 'a terminal code is 8 capital letters or digits')),
  hashSecret: z.string().check(z.minLength(32, 'a hash secret has at least 32 characters')),
});

export interface TerminalSource {
  load(): Promise<Terminal>;
}

const parseTerminal = (text: string | undefined, source: string): Terminal => {
  try {
    return TerminalSchema.parse(JSON.parse(text ?? ''));
  } catch {
    // Never echo the text: it holds the secret.
    throw new Error(`The payment terminal in ${source} must be JSON {tmnCode, hashSecret}.`);
  }
};

let secretsManager: SecretsManagerClient | undefined;

/** The terminal the environment names, read once per execution environment. */
export const terminalFromEnv = (env: Readonly<Record<string, string | undefined>> = process.env): TerminalSource => {
  let loading: Promise<Terminal> | undefined;
  const read = async (): Promise<Terminal> => {
    if (env.PAYMENT_TERMINAL_FILE) {
      return parseTerminal(await readFile(env.PAYMENT_TERMINAL_FILE, 'utf8'), env.PAYMENT_TERMINAL_FILE);
    }
    if (env.PAYMENT_TERMINAL_SECRET_ARN) {
      secretsManager ??= new SecretsManagerClient({});
      const { SecretString } = await secretsManager.send(
        new GetSecretValueCommand({ SecretId: env.PAYMENT_TERMINAL_SECRET_ARN }),
      );
      return parseTerminal(SecretString, `secret ${env.PAYMENT_TERMINAL_SECRET_ARN}`);
    }
    throw new Error('Set PAYMENT_TERMINAL_FILE (local) or PAYMENT_TERMINAL_SECRET_ARN (AWS) to take payments.');
  };
  return {
    load() {
      loading ??= read().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return loading;
    },
  };
};

/** A signed API answer, with every field as text. */
const AnswerSchema = z.record(z.string(), z.pipe(z.union([z.string(), z.number()]), z.transform(String)));

export class VnpayGateway implements PaymentGateway {
  constructor(
    private readonly terminal: TerminalSource,
    private readonly settings: {
      readonly gatewayUrl: string;
      readonly returnUrl: string;
      /** The merchant server's address sent with API calls (`vnp_IpAddr`). */
      readonly serverIp?: string;
      readonly fetch?: typeof fetch;
    },
  ) {}

  async paymentUrl(request: PayPageRequest): Promise<string> {
    return paymentUrl(this.settings.gatewayUrl, await this.terminal.load(), {
      ...request,
      returnUrl: this.settings.returnUrl,
    });
  }

  async parseResult(params: Readonly<Record<string, string | undefined>>) {
    return parsePaymentResult(await this.terminal.load(), params);
  }

  private async call(kind: 'querydr' | 'refund', message: Record<string, string>): Promise<Record<string, string>> {
    const terminal = await this.terminal.load();
    const signed = signMessage(terminal.hashSecret, kind === 'querydr' ? 'querydrRequest' : 'refundRequest', message);
    const response = await (this.settings.fetch ?? fetch)(`${this.settings.gatewayUrl.replace(/\/$/, '')}${API_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signed),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`The payment gateway answered ${kind} with HTTP ${response.status}`);
    const answer = AnswerSchema.parse(await response.json());
    if (!verifyMessage(terminal.hashSecret, kind === 'querydr' ? 'querydrResponse' : 'refundResponse', answer)) {
      throw new Error(`The payment gateway's ${kind} answer has an invalid signature`);
    }
    if (answer.vnp_TxnRef !== undefined && answer.vnp_TxnRef !== message.vnp_TxnRef) {
      throw new Error(`The payment gateway's ${kind} answer is about another transaction`);
    }
    return answer;
  }

  private base(terminal: Terminal, command: string, transaction: PaymentTransaction, at: Date) {
    return {
      vnp_RequestId: randomUUID().replaceAll('-', ''),
      vnp_Version: VNP_VERSION,
      vnp_Command: command,
      vnp_TmnCode: terminal.tmnCode,
      vnp_TxnRef: transaction.txnRef,
      vnp_OrderInfo: `${command} ${transaction.txnRef}`,
      vnp_TransactionDate: vnpDate(new Date(transaction.createdAt)),
      vnp_CreateDate: vnpDate(at),
      vnp_IpAddr: this.settings.serverIp ?? '127.0.0.1',
    };
  }

  async query(transaction: PaymentTransaction, at: Date): Promise<GatewayQuery> {
    const terminal = await this.terminal.load();
    const answer = await this.call('querydr', this.base(terminal, 'querydr', transaction, at));
    if (answer.vnp_ResponseCode === API_RESPONSE.notFound) return { found: false };
    if (answer.vnp_ResponseCode !== API_RESPONSE.ok) {
      throw new Error(`querydr refused (${answer.vnp_ResponseCode}: ${answer.vnp_Message})`);
    }
    const status = answer.vnp_TransactionStatus ?? '';
    const paid = status === TRANSACTION_STATUS.success || status === TRANSACTION_STATUS.refunded;
    return {
      found: true,
      paid,
      refunded: status === TRANSACTION_STATUS.refunded,
      result: {
        tmnCode: terminal.tmnCode,
        txnRef: transaction.txnRef,
        amountVnd: fromWireAmount(answer.vnp_Amount) ?? -1,
        // A querydr reports the transaction's state; as a payment result, a paid (even since refunded) one is a success.
        responseCode: paid ? PAYMENT_RESPONSE.success : (answer.vnp_ResponseCode ?? ''),
        transactionStatus: paid ? TRANSACTION_STATUS.success : status,
        transactionNo: answer.vnp_TransactionNo ?? '0',
        bankCode: answer.vnp_BankCode ?? '',
        ...(answer.vnp_PayDate ? { payDate: answer.vnp_PayDate } : {}),
        orderInfo: answer.vnp_OrderInfo ?? '',
      },
    };
  }

  async refund(transaction: PaymentTransaction, reason: string, at: Date): Promise<GatewayRefund> {
    const terminal = await this.terminal.load();
    const base = this.base(terminal, 'refund', transaction, at);
    const answer = await this.call('refund', {
      ...base,
      vnp_TransactionType: REFUND_TYPE.full,
      vnp_Amount: toWireAmount(transaction.amountVnd),
      vnp_TransactionNo: transaction.result?.transactionNo ?? '',
      vnp_CreateBy: 'p06-payments',
      vnp_OrderInfo: `Hoan tien ${transaction.txnRef}: ${reason}`
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, '')
        .slice(0, 255),
    });
    return answer.vnp_ResponseCode === API_RESPONSE.ok
      ? { refunded: true, transactionNo: answer.vnp_TransactionNo ?? '' }
      : { refunded: false, code: answer.vnp_ResponseCode ?? '', message: answer.vnp_Message ?? '' };
  }
}
