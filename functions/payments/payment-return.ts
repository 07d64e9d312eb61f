import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { dossierStore } from '../../shared/lambda/dossier-deps.ts';
import { paymentGateway } from '../../shared/lambda/payment-deps.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import { describeReturn, type ReturnView } from '../../shared/payments/payments.ts';
import { returnPage } from '../../shared/payments/return-page.ts';

const describe = describeReturn({ gateway: paymentGateway(), dossiers: dossierStore() });

const page = (statusCode: number, view: ReturnView): APIGatewayProxyResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  },
  body: returnPage(view),
});

/** GET /v1/payments/vnpay/return: the page the citizen lands on after the gateway (display only; the IPN records). */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const view = await describe(event.queryStringParameters ?? {});
    return page(view.outcome === 'invalid' ? 400 : 200, view);
  } catch (error) {
    logger.error('Payment return failed', error as Error);
    return page(500, { outcome: 'invalid' });
  }
};
