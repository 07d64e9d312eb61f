import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InsufficientScopeError } from '../../../../shared/auth/principal.ts';
import { NotFoundError } from '../../../../shared/domain/errors.ts';
import { httpHandler } from '../../../../shared/lambda/http.ts';
import * as z from '../../../../shared/validation/zod.ts';

const context = {
  functionName: 'test',
  awsRequestId: 'r1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;
const event = (query: Record<string, string> | null) =>
  ({ queryStringParameters: query, headers: {}, requestContext: {} }) as unknown as APIGatewayProxyEvent;

const handler = httpHandler(
  { query: z.strictObject({ n: z.optional(z.string().check(z.regex(/^\d+$/, 'n must be digits'))) }) },
  async ({ query }) => {
    if (query.n === '404') throw new NotFoundError('Nothing numbered 404.');
    if (query.n === '403') throw new InsufficientScopeError('citizen', 'Not for this token.');
    if (query.n === '500') throw new Error('database password is hunter2');
    return { n: query.n ?? null };
  },
);

describe('httpHandler', () => {
  it('answers 200 with the use case result as JSON', async () => {
    const result = await handler(event({ n: '7' }), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ n: '7' });
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
  });

  it('rejects an invalid query with 400 and field-level problems', async () => {
    const result = await handler(event({ n: 'x' }), context);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      message: 'The query string is not valid.',
      problems: [{ field: 'query.n', message: 'n must be digits' }],
    });
  });

  it('rejects unknown query parameters', async () => {
    const result = await handler(event({ m: '1' }), context);
    expect(result.statusCode).toBe(400);
  });

  it('maps domain errors to their status and message', async () => {
    const result = await handler(event({ n: '404' }), context);
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body)).toEqual({ message: 'Nothing numbered 404.' });
  });

  it('tells a client whose token lacks the scope which one the route needs (RFC 6750 §3.1)', async () => {
    const result = await handler(event({ n: '403' }), context);
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="citizen"');
    expect(JSON.parse(result.body)).toEqual({ message: 'Not for this token.' });
  });

  it('hides the details of unexpected errors behind a 500', async () => {
    const result = await handler(event({ n: '500' }), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('hunter2');
  });
});
