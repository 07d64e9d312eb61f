/**
 * The one way an HTTP handler is written: validate the request with zod at the trust boundary, run a use
 * case, map errors to HTTP in one place. Handlers built with `httpHandler` stay a few lines long.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InsufficientScopeError, type Principal, principalFromContext } from '../auth/principal.ts';
import { DomainError } from '../domain/errors.ts';
import type * as z from '../validation/zod.ts';
import { logger } from './powertools.ts';

export interface HttpResponse {
  readonly statusCode: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `body` (a string) as is, with this content type, instead of as JSON (e.g. `text/csv; charset=utf-8`). */
  readonly contentType?: string;
}

/** A field-level problem with the request, shown to the caller as is. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  },
  body: JSON.stringify(body),
});

/** 4xx body shared by every route: a sentence, and where it helps the fields that were wrong. */
export const problem = (statusCode: number, message: string, problems: readonly FieldProblem[] = []) =>
  json(statusCode, problems.length > 0 ? { message, problems } : { message });

const zodProblems = (error: z.core.$ZodError, prefix: string): FieldProblem[] =>
  error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));

export interface HttpRequest<Query, Body> {
  readonly query: Query;
  readonly body: Body;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** The caller established by the token authorizer; undefined on public routes. */
  readonly principal: Principal | undefined;
  readonly requestId: string;
  readonly event: APIGatewayProxyEvent;
}

export interface HttpHandlerOptions<QuerySchema extends z.ZodMiniType, BodySchema extends z.ZodMiniType> {
  /** Schema of the query string; unknown parameters are rejected when the schema is strict. */
  readonly query: QuerySchema;
  /** Schema of the JSON body; absent means the route takes no body. */
  readonly body?: BodySchema;
  /** Cache-Control for successful responses. Default `no-store`. */
  readonly cacheControl?: string;
}

/**
 * Builds a Lambda handler for API Gateway REST proxy events. The use case returns a body (200) or an
 * `HttpResponse`; `DomainError`s become 4xx with their message; anything else is a 500 that hides details.
 */
export const httpHandler = <QuerySchema extends z.ZodMiniType, BodySchema extends z.ZodMiniType = z.ZodMiniUndefined>(
  options: HttpHandlerOptions<QuerySchema, BodySchema>,
  run: (request: HttpRequest<z.infer<QuerySchema>, z.infer<BodySchema>>) => Promise<unknown>,
) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const parsed = options.query.safeParse(event.queryStringParameters ?? {});
      if (!parsed.success) {
        return problem(400, 'The query string is not valid.', zodProblems(parsed.error, 'query'));
      }
      let body: unknown;
      if (options.body) {
        const contentType = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
        if (!contentType?.toLowerCase().startsWith('application/json')) {
          return problem(415, 'Send the request body as JSON (Content-Type: application/json).');
        }
        let json: unknown;
        try {
          json = JSON.parse(
            event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''),
          );
        } catch {
          return problem(400, 'The request body is not valid JSON.');
        }
        const parsedBody = options.body.safeParse(json);
        if (!parsedBody.success) {
          return problem(400, 'The request body is not valid.', zodProblems(parsedBody.error, 'body'));
        }
        body = parsedBody.data;
      }
      try {
        const result = await run({
          query: parsed.data,
          body: body as z.infer<BodySchema>,
          pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
          principal: principalFromContext(event.requestContext?.authorizer),
          requestId: event.requestContext?.requestId ?? 'unknown',
          event,
        });
        const headers = { 'cache-control': options.cacheControl ?? 'no-store' };
        if (isHttpResponse(result) && result.contentType !== undefined) {
          return {
            statusCode: result.statusCode,
            headers: {
              'x-content-type-options': 'nosniff',
              ...headers,
              ...result.headers,
              'content-type': result.contentType,
            },
            body: String(result.body),
          };
        }
        if (isHttpResponse(result)) return json(result.statusCode, result.body, { ...headers, ...result.headers });
        return json(200, result, headers);
      } catch (error) {
        if (error instanceof DomainError) {
          const response = problem(error.httpStatus, error.message, error.problems);
          const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
          if (typeof retryAfter === 'number')
            response.headers = { ...response.headers, 'retry-after': String(retryAfter) };
          // RFC 6750 §3.1: tell the client which scope the route needs.
          if (error instanceof InsufficientScopeError) {
            response.headers = {
              ...response.headers,
              'www-authenticate': `Bearer error="insufficient_scope", scope="${error.scope}"`,
            };
          }
          return response;
        }
        logger.error('Unhandled error', error as Error);
        return problem(500, 'The service could not complete the request. It has been logged; please retry later.');
      }
    });

const isHttpResponse = (value: unknown): value is HttpResponse =>
  typeof value === 'object' &&
  value !== null &&
  'statusCode' in value &&
  typeof (value as HttpResponse).statusCode === 'number' &&
  'body' in value;
