/**
 * A local stand-in for API Gateway (REST API, Lambda proxy integration): matches the topology's routes,
 * applies the same request validation (required query parameters), builds the real
 * APIGatewayProxyEvent shape and turns the handler's result into the HTTP response.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { bearerChallenge } from '../../shared/auth/bearer-challenge.ts';
import type { RouteSpec } from '../topology.ts';
import { BodyTooLargeError, readBodyWithin, refuseBody, refuseOversizedBeforeContinue } from './request-body.ts';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

export const compileRoute = (spec: RouteSpec): CompiledRoute => {
  const params: string[] = [];
  const source = spec.path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy?.[1]) {
        params.push(greedy[1]);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1]) {
        params.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { spec, pattern: new RegExp(`^${source}$`), params };
};

export interface LocalApiOptions {
  readonly routes: readonly RouteSpec[];
  readonly invoke: (
    functionId: string,
    event: APIGatewayProxyEvent | APIGatewayRequestAuthorizerEvent,
  ) => Promise<unknown>;
  /** Default 3000. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly accountId: string;
  /** The Lambda (REQUEST) authorizer run before routes whose `auth` is `token`, as API Gateway does. */
  readonly authorizerFunctionId?: string;
  /**
   * How long a policy the authorizer returned is reused for the same Authorization header (API Gateway's
   * `resultsCacheTtl`, AUTHORIZER_RESULT_TTL_SECONDS in the topology); 0 runs the authorizer on every request.
   */
  readonly authorizerResultTtlSeconds?: number;
  /** Served for paths no route matches (the portal, in a later issue). */
  readonly fallback?: (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;
}

export interface LocalApi {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
};

/** API Gateway's 413, answered so that the client receives it (see request-body.ts). */
const refuseLargeBody = (request: IncomingMessage, response: ServerResponse) =>
  refuseBody(
    request,
    response,
    413,
    { 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify({ message: 'Request body is larger than 10 MB.' }),
  );

const isTextual = (contentType: string | undefined) =>
  !contentType || /^(text\/|application\/(json|x-www-form-urlencoded|xml|[\w.+-]*\+json))/i.test(contentType);

/** Builds the event API Gateway sends to a Lambda proxy integration. */
export const toProxyEvent = (
  request: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  pathValues: readonly string[],
  body: Buffer,
  accountId: string,
): APIGatewayProxyEvent => {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    const value = request.rawHeaders[i + 1] as string;
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    query[key] = value;
    multiQuery[key] = [...(multiQuery[key] ?? []), value];
  }
  const pathParameters = Object.fromEntries(
    route.params.map((name, i) => [name, decodeURIComponent(pathValues[i] ?? '')]),
  );
  const textual = isTextual(request.headers['content-type']);
  const now = Date.now();
  const requestId = randomUUID();
  return {
    resource: route.spec.path,
    path: url.pathname,
    httpMethod: request.method ?? route.spec.method,
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size > 0 ? query : null,
    multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
    pathParameters: route.params.length > 0 ? pathParameters : null,
    stageVariables: null,
    body: body.length > 0 ? (textual ? body.toString('utf8') : body.toString('base64')) : null,
    isBase64Encoded: body.length > 0 && !textual,
    requestContext: {
      accountId,
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: request.method ?? route.spec.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/local${url.pathname}`,
      stage: 'local',
      requestId,
      requestTimeEpoch: now,
      resourceId: route.spec.path,
      resourcePath: route.spec.path,
    },
  };
};

type AuthorizerOutcome =
  | { readonly context: Record<string, unknown> }
  | {
      readonly status: number;
      readonly body: unknown;
      readonly errorType: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

/**
 * API Gateway's 401 (the UNAUTHORIZED gateway response), with the Bearer challenge of RFC 6750 §3. A request that
 * presented a bearer token which the authorizer refused also gets `error="invalid_token"`; one without a token gets
 * the realm alone, as the RFC asks. (In AWS the gateway response's header is static, so it always carries the realm
 * alone: see docs/infrastructure.md.)
 */
const unauthorized = (authorization: string | undefined): Extract<AuthorizerOutcome, { status: number }> => ({
  status: 401,
  body: { message: 'Unauthorized' },
  errorType: 'UnauthorizedException',
  headers: { 'www-authenticate': bearerChallenge(/^Bearer\s+\S/i.test(authorization ?? '')) },
});

/** The policies an authorizer returned, by identity source, until they expire (API Gateway's authorizer cache). */
interface AuthorizerCache {
  readonly entries: Map<string, { readonly result: APIGatewayAuthorizerResult; readonly until: number }>;
  readonly ttlMs: number;
}

/** Enough for every token in flight on one machine; the oldest entry goes first beyond it. */
const AUTHORIZER_CACHE_ENTRIES = 10_000;

/** Resource patterns compiled once: the same few policies are evaluated on every request. */
const resourcePatterns = new Map<string, RegExp>();

const resourcePattern = (pattern: string): RegExp => {
  let compiled = resourcePatterns.get(pattern);
  if (!compiled) {
    const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
    compiled = new RegExp(`^${escaped.join('.*')}$`);
    if (resourcePatterns.size >= AUTHORIZER_CACHE_ENTRIES) resourcePatterns.clear();
    resourcePatterns.set(pattern, compiled);
  }
  return compiled;
};

/** Whether a policy statement's resource (`*` matches any run of characters) covers the method's ARN. */
const covers = (resource: string | string[] | undefined, methodArn: string): boolean =>
  [resource ?? []].flat().some((pattern) => resourcePattern(pattern).test(methodArn));

/**
 * Runs the REQUEST authorizer the way API Gateway does: no identity source (Authorization header) → 401
 * without invoking it; `Unauthorized` thrown → 401 (both with a `WWW-Authenticate: Bearer` challenge); a policy
 * that does not allow this method (or denies it) → 403; anything else → 500. A policy is cached by the header's
 * value for the TTL and evaluated against each method it is reused for, so an authorizer that allowed only the first
 * method called would show it here as it would in AWS.
 */
const authorize = async (
  options: LocalApiOptions,
  cache: AuthorizerCache,
  event: APIGatewayProxyEvent,
): Promise<AuthorizerOutcome> => {
  const headerName = Object.keys(event.headers).find((h) => h.toLowerCase() === 'authorization');
  const identity = headerName ? event.headers[headerName] : undefined;
  if (!options.authorizerFunctionId || !identity) return unauthorized(undefined);
  // The request's own path, as in AWS (`/v1/dossiers/D-1`, not the route's `/v1/dossiers/{id}`): a policy for one
  // method ARN does not cover the same route with another path parameter.
  const methodArn = `arn:aws:execute-api:ap-southeast-1:${options.accountId}:local/local/${event.httpMethod}${event.path}`;
  const cached = cache.entries.get(identity);
  const result =
    cached && cached.until > Date.now()
      ? cached.result
      : await runAuthorizer(options, cache, event, identity, methodArn);
  if ('status' in result) return result;
  const statements = result.policyDocument?.Statement ?? [];
  const matching = statements.filter((statement) =>
    covers('Resource' in statement ? (statement.Resource as string | string[]) : undefined, methodArn),
  );
  const allowed = matching.some((statement) => statement.Effect === 'Allow' && !('NotAction' in statement));
  const denied = matching.some((statement) => statement.Effect === 'Deny');
  if (!allowed || denied) {
    return {
      status: 403,
      // As the CDK app's ACCESS_DENIED gateway response answers: the API's `{message}` shape, where API Gateway's
      // stock answer to an explicit deny says `Message`.
      body: { message: 'User is not authorized to access this resource with an explicit deny' },
      errorType: 'AccessDeniedException',
    };
  }
  return { context: { ...(result.context ?? {}), principalId: result.principalId } };
};

/** Invokes the authorizer; a policy it returns is cached, a refusal (401) or a failure (500) is not. */
const runAuthorizer = async (
  options: LocalApiOptions,
  cache: AuthorizerCache,
  event: APIGatewayProxyEvent,
  identity: string,
  methodArn: string,
): Promise<APIGatewayAuthorizerResult | Extract<AuthorizerOutcome, { status: number }>> => {
  const authorizerFunctionId = options.authorizerFunctionId as string;
  const authorizerEvent: APIGatewayRequestAuthorizerEvent = {
    type: 'REQUEST',
    methodArn,
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers as Record<string, string>,
    multiValueHeaders: event.multiValueHeaders as Record<string, string[]>,
    pathParameters: event.pathParameters,
    queryStringParameters: event.queryStringParameters,
    multiValueQueryStringParameters: event.multiValueQueryStringParameters,
    stageVariables: null,
    requestContext: { ...event.requestContext, authorizer: undefined },
  };
  let result: APIGatewayAuthorizerResult;
  try {
    result = (await options.invoke(authorizerFunctionId, authorizerEvent)) as APIGatewayAuthorizerResult;
  } catch (error) {
    if ((error as Error).message === 'Unauthorized') return unauthorized(identity);
    console.error('[api] authorizer failure', error);
    return { status: 500, body: { message: null }, errorType: 'AuthorizerConfigurationException' };
  }
  if (cache.ttlMs > 0) {
    cache.entries.delete(identity);
    cache.entries.set(identity, { result, until: Date.now() + cache.ttlMs });
    if (cache.entries.size > AUTHORIZER_CACHE_ENTRIES) {
      cache.entries.delete(cache.entries.keys().next().value as string);
    }
  }
  return result;
};

/** Starts the local API on `host:port` and resolves when it listens. */
export const startLocalApi = async (options: LocalApiOptions): Promise<LocalApi> => {
  const routes = options.routes.map(compileRoute);
  const authorizerCache: AuthorizerCache = {
    entries: new Map(),
    ttlMs: (options.authorizerResultTtlSeconds ?? 0) * 1000,
  };
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const pathMatches = routes
        .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
        .filter((m) => m.match !== null);
      const found =
        pathMatches.find((m) => m.route.spec.method === request.method) ??
        pathMatches.find((m) => m.route.spec.method === 'ANY');
      if (!found) {
        if (options.fallback && (await options.fallback(request, response))) return;
        if (pathMatches.length > 0) {
          send(
            response,
            405,
            { message: `${request.method} is not allowed on ${url.pathname}.` },
            {
              allow: pathMatches.map((m) => m.route.spec.method).join(', '),
            },
          );
        } else {
          send(response, 404, { message: `No route for ${request.method} ${url.pathname}.` });
        }
        return;
      }
      const spec = found.route.spec;
      const missing = Object.entries(spec.queryParameters ?? {})
        .filter(([name, required]) => required && !url.searchParams.has(name))
        .map(([name]) => name);
      if (missing.length > 0) {
        send(
          response,
          400,
          { message: `Missing required request parameters: [${missing.join(', ')}]` },
          { 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': 'BadRequestException' },
        );
        return;
      }
      const body = await readBodyWithin(request, MAX_BODY_BYTES);
      const event = toProxyEvent(request, url, found.route, found.match?.slice(1) ?? [], body, options.accountId);
      if (spec.auth !== 'public') {
        const outcome = await authorize(options, authorizerCache, event);
        if ('status' in outcome) {
          send(response, outcome.status, outcome.body, {
            ...outcome.headers,
            'x-amzn-errortype': outcome.errorType,
            'x-amzn-requestid': event.requestContext.requestId,
          });
          return;
        }
        event.requestContext.authorizer = outcome.context;
      }
      const result = (await options.invoke(spec.functionId, event)) as APIGatewayProxyResult;
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
      for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v.map(String);
      headers['x-amzn-requestid'] = event.requestContext.requestId;
      response.writeHead(result.statusCode, headers);
      response.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
    } catch (error) {
      if (error instanceof BodyTooLargeError) refuseLargeBody(request, response);
      else {
        console.error('[api] integration failure', error);
        // What API Gateway answers when the Lambda invocation itself fails.
        send(response, 502, { message: 'Internal server error' });
      }
    }
  });
  // A client that waits for `100 Continue` (curl does, for large bodies) is refused before it sends an oversized one.
  refuseOversizedBeforeContinue(server, MAX_BODY_BYTES, refuseLargeBody);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    close: () =>
      new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
};
