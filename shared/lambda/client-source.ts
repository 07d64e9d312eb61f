/**
 * The client a request came from, as the sign-in lockout counts it: the address API Gateway saw the connection come
 * from (`requestContext.identity.sourceIp`), never X-Forwarded-For or another header a client can write.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { loginSource } from '../identity/lockout.ts';

export const clientSourceOf = (event: Pick<APIGatewayProxyEvent, 'requestContext'>): string =>
  loginSource(event.requestContext?.identity?.sourceIp ?? undefined);
