/**
 * The adapters the payment handlers wire into their use cases, created once per execution environment from the
 * environment CDK (or the local cloud) sets: the tables of shared/lambda/payment-config.ts, `PAYMENT_GATEWAY_URL`,
 * `PAYMENT_RETURN_URL`, and `PAYMENT_TERMINAL_FILE` (local) or `PAYMENT_TERMINAL_SECRET_ARN` (AWS).
 */
import { requiredEnv } from '../adapters/aws-clients.ts';
import { terminalFromEnv, VnpayGateway } from '../adapters/payments/vnpay-gateway.ts';
import type { PaymentDeps } from '../payments/payments.ts';
import { dossierStore, intakeQueue } from './dossier-deps.ts';
import { paymentStore } from './payment-config.ts';
import { logger } from './powertools.ts';
import { now } from './stores.ts';

export const paymentGateway = () =>
  new VnpayGateway(terminalFromEnv(), {
    gatewayUrl: requiredEnv('PAYMENT_GATEWAY_URL'),
    returnUrl: requiredEnv('PAYMENT_RETURN_URL'),
  });

export const paymentDeps = (): PaymentDeps => ({
  store: paymentStore(),
  dossiers: dossierStore(),
  gateway: paymentGateway(),
  queue: intakeQueue(),
  now,
  log: (message, error) => logger.warn(message, error as Error),
});
