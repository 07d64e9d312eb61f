import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { toAuthorizerContext } from '../../shared/auth/principal.ts';
import { publicKeysFromEnvironment } from '../../shared/auth/public-keys.ts';
import { createTokenVerifier, InvalidTokenError } from '../../shared/auth/verify-access-token.ts';
import { logger } from '../../shared/lambda/powertools.ts';

const verify = createTokenVerifier({
  issuer: requiredEnv('OIDC_ISSUER'),
  jwks: publicKeysFromEnvironment(process.env),
});

const bearer = (headers: Record<string, string | undefined> | null): string | undefined => {
  const value = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
};

/** `arn:aws:execute-api:region:account:api/stage/METHOD/path` → `arn:…:api/stage/*`. */
const wholeApi = (methodArn: string): string => `${methodArn.split('/').slice(0, 2).join('/')}/*`;

/**
 * API Gateway REQUEST authorizer: a valid e-ID access token gets an Allow with the caller as context;
 * a missing, malformed, forged, expired or wrong-audience token gets 401 (`Unauthorized`). What the caller
 * may then do is each use case's decision.
 */
export const handler = async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  const token = bearer(event.headers);
  if (!token) throw new Error('Unauthorized');
  try {
    const principal = await verify(token);
    return {
      principalId: principal.kind === 'citizen' ? principal.pin : principal.clientId,
      policyDocument: {
        Version: '2012-10-17',
        // The whole API, not just this method: API Gateway caches the result per token for every route.
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: wholeApi(event.methodArn) }],
      },
      context: toAuthorizerContext(principal),
    };
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      logger.info('Token refused', { reason: error.message });
      throw new Error('Unauthorized');
    }
    throw error;
  }
};
