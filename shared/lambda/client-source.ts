/**
 * The client a request came from, as the sign-in lockout counts it: the address API Gateway saw the connection come
 * from (`requestContext.identity.sourceIp`), or behind the portal's CloudFront distribution the viewer's address it
 * vouches for with the edge's secret (shared/identity/viewer-address.ts); never X-Forwarded-For or another header a client can write.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { loginSource } from '../identity/lockout.ts';
import { requestAddress } from '../identity/viewer-address.ts';

export const clientSourceOf = (
  event: Pick<APIGatewayProxyEvent, 'requestContext' | 'headers'>,
  edgeSecret: string | undefined,
): string =>
  loginSource(requestAddress(event.requestContext?.identity?.sourceIp ?? undefined, event.headers, edgeSecret));
