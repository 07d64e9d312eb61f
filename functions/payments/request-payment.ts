import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { paymentStore } from '../../shared/lambda/payment-config.ts';
import { paymentGateway } from '../../shared/lambda/payment-deps.ts';
import { now } from '../../shared/lambda/stores.ts';
import { requestPayment } from '../../shared/payments/payments.ts';
import { PaymentRequestSchema } from '../../shared/payments/schemas.ts';
import * as z from '../../shared/validation/zod.ts';

const request = requestPayment({ store: paymentStore(), dossiers: dossierStore(), gateway: paymentGateway(), now });

/**
 * POST /v1/dossiers/{dossierId}/payment: the gateway's payment page for an `awaiting-payment` dossier (201). The same
 * open page is handed out again until it closes; 409 once paid, expired or without a fee.
 */
export const handler = httpHandler(
  { query: z.strictObject({}), body: PaymentRequestSchema },
  async ({ principal, pathParameters, body, event }) => ({
    statusCode: 201,
    body: await request(principal, pathParameters.dossierId ?? '', {
      locale: body.locale,
      ...(body.bankCode ? { bankCode: body.bankCode } : {}),
      ipAddr: event.requestContext?.identity?.sourceIp ?? '127.0.0.1',
    }),
  }),
);
