import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { paymentDeps } from '../../shared/lambda/payment-deps.ts';
import { logger } from '../../shared/lambda/powertools.ts';
import { handleIpn } from '../../shared/payments/payments.ts';
import { IPN_ANSWERS, type IpnAnswer } from '../../shared/payments/vnpay-protocol.ts';

const ipn = handleIpn(paymentDeps());

const answer = (body: IpnAnswer): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * GET /v1/payments/vnpay/ipn: the gateway's signed server-to-server notification. Always HTTP 200 with the protocol's
 * `{RspCode, Message}` (the gateway retries on anything but an answer); public, the signature is the authentication.
 */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  try {
    const result = await ipn(event.queryStringParameters ?? {});
    if (result.RspCode !== IPN_ANSWERS.confirmed.RspCode) {
      logger.warn('IPN refused', { rspCode: result.RspCode, txnRef: event.queryStringParameters?.vnp_TxnRef });
    }
    return answer(result);
  } catch (error) {
    logger.error('IPN failed', error as Error);
    return answer(IPN_ANSWERS.unknownError);
  }
};
