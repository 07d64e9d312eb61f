import type { IncomingMessage } from 'node:http';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { compileRoute, startLocalApi, toProxyEvent } from '../../../../infra/local/api-gateway.ts';
import { rawPost } from '../../../support/raw-http.ts';

describe('compileRoute', () => {
  it('matches path parameters and greedy proxies', () => {
    const route = compileRoute({ method: 'GET', path: '/v1/dossiers/{id}', functionId: 'Health', auth: 'public' });
    expect(route.pattern.exec('/v1/dossiers/D-01')?.slice(1)).toEqual(['D-01']);
    expect(route.pattern.exec('/v1/dossiers/a/b')).toBeNull();
    const proxy = compileRoute({ method: 'GET', path: '/files/{path+}', functionId: 'Health', auth: 'public' });
    expect(proxy.pattern.exec('/files/a/b.txt')?.slice(1)).toEqual(['a/b.txt']);
  });
});

describe('toProxyEvent', () => {
  it('builds the REST API proxy event shape with query, path parameters and identity', () => {
    const route = compileRoute({ method: 'POST', path: '/v1/things/{id}', functionId: 'Health', auth: 'public' });
    const request = {
      rawHeaders: ['Content-Type', 'application/json', 'X-Multi', 'a', 'X-Multi', 'b'],
      headers: { 'content-type': 'application/json', 'user-agent': 'vitest' },
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const url = new URL('http://localhost/v1/things/A%20B?x=1&x=2');
    const event = toProxyEvent(request, url, route, ['A%20B'], Buffer.from('{"a":1}'), '000000000000');
    expect(event).toMatchObject({
      resource: '/v1/things/{id}',
      path: '/v1/things/A%20B',
      httpMethod: 'POST',
      pathParameters: { id: 'A B' },
      queryStringParameters: { x: '2' },
      multiValueQueryStringParameters: { x: ['1', '2'] },
      multiValueHeaders: { 'X-Multi': ['a', 'b'] },
      body: '{"a":1}',
      isBase64Encoded: false,
      requestContext: { accountId: '000000000000', stage: 'local', resourcePath: '/v1/things/{id}' },
    });
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.1');
  });

  it('passes binary bodies base64-encoded', () => {
    const route = compileRoute({ method: 'POST', path: '/upload', functionId: 'Health', auth: 'public' });
    const request = {
      rawHeaders: [],
      headers: { 'content-type': 'image/png' },
      httpVersion: '1.1',
      socket: {},
    } as unknown as IncomingMessage;
    const event = toProxyEvent(request, new URL('http://localhost/upload'), route, [], Buffer.from([0, 255]), '0');
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe('AP8=');
    expect(event.queryStringParameters).toBeNull();
  });
});

describe("the Lambda authorizer, with API Gateway's result cache", () => {
  /** A local API over two token routes, whose authorizer allows `resource` for "Bearer good" and refuses others. */
  const apiWith = async (options: { ttlSeconds: number; resource?: (methodArn: string) => string }) => {
    const calls: string[] = [];
    const api = await startLocalApi({
      port: 0,
      accountId: '000000000000',
      authorizerFunctionId: 'Authorizer',
      authorizerResultTtlSeconds: options.ttlSeconds,
      routes: [
        { method: 'GET', path: '/v1/a', functionId: 'Health', auth: 'token' },
        { method: 'GET', path: '/v1/b', functionId: 'Health', auth: 'token' },
        { method: 'GET', path: '/v1/c/{id}', functionId: 'Health', auth: 'token' },
      ],
      invoke: async (functionId, event) => {
        calls.push(functionId);
        if (functionId !== 'Authorizer') return { statusCode: 200, body: JSON.stringify(event.requestContext) };
        const { headers, methodArn } = event as APIGatewayRequestAuthorizerEvent;
        if (headers?.authorization !== 'Bearer good') throw new Error('Unauthorized');
        return {
          principalId: 'p1',
          policyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: (options.resource ?? wholeApi)(methodArn) },
            ],
          },
          context: { kind: 'citizen' },
        };
      },
    });
    const request = (path: string, token?: string) =>
      fetch(`${api.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const get = async (path: string, token?: string) => (await request(path, token)).status;
    return { api, calls, get, request };
  };
  const wholeApi = (methodArn: string) => `${methodArn.split('/').slice(0, 2).join('/')}/*`;

  it('runs the authorizer once per token within the TTL, for every route its policy covers', async () => {
    const { api, calls, get, request } = await apiWith({ ttlSeconds: 60 });
    try {
      expect([await get('/v1/a', 'good'), await get('/v1/b', 'good'), await get('/v1/a', 'good')]).toEqual([
        200, 200, 200,
      ]);
      expect(calls.filter((c) => c === 'Authorizer')).toHaveLength(1);
      // The handler gets the cached context, as from a fresh run.
      const context = (await (await request('/v1/b', 'good')).json()) as { authorizer?: Record<string, unknown> };
      expect(context.authorizer).toEqual({ kind: 'citizen', principalId: 'p1' });
      // A refusal is not cached: each request with a bad token asks again, and a missing token never asks.
      expect([await get('/v1/a', 'bad'), await get('/v1/a', 'bad'), await get('/v1/a')]).toEqual([401, 401, 401]);
      expect(calls.filter((c) => c === 'Authorizer')).toHaveLength(3);
    } finally {
      await api.close();
    }
  });

  it('challenges every 401 with WWW-Authenticate: Bearer, naming a refused token invalid_token (RFC 6750 §3)', async () => {
    const { api, request } = await apiWith({ ttlSeconds: 0 });
    const answer = async (response: Response) => [
      response.status,
      response.headers.get('www-authenticate'),
      await response.json(),
    ];
    try {
      expect(await answer(await request('/v1/a'))).toEqual([401, 'Bearer realm="p06"', { message: 'Unauthorized' }]);
      expect(await answer(await request('/v1/a', 'bad'))).toEqual([
        401,
        'Bearer realm="p06", error="invalid_token"',
        { message: 'Unauthorized' },
      ]);
      // Credentials of another scheme are no bearer token: the challenge says which scheme, and nothing more.
      const basic = await fetch(`${api.url}/v1/a`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(await answer(basic)).toEqual([401, 'Bearer realm="p06"', { message: 'Unauthorized' }]);
      expect((await request('/v1/a', 'good')).headers.get('www-authenticate')).toBeNull();
    } finally {
      await api.close();
    }
  });

  it('evaluates a cached policy against each method: one that allowed only the first method refuses the next', async () => {
    const { api, get, request } = await apiWith({ ttlSeconds: 60, resource: (methodArn) => methodArn });
    try {
      expect(await get('/v1/a', 'good')).toBe(200);
      const refused = await request('/v1/b', 'good');
      expect(refused.status).toBe(403);
      // The API's error shape, as the CDK app's ACCESS_DENIED gateway response answers.
      expect(await refused.json()).toEqual({
        message: 'User is not authorized to access this resource with an explicit deny',
      });
    } finally {
      await api.close();
    }
  });

  it("builds the method ARN from the request's path, as AWS does: another ID on the same route is not covered", async () => {
    const { api, get } = await apiWith({ ttlSeconds: 60, resource: (methodArn) => methodArn });
    try {
      expect(await get('/v1/c/1', 'good')).toBe(200);
      expect(await get('/v1/c/2', 'good')).toBe(403);
    } finally {
      await api.close();
    }
  });

  it('runs the authorizer on every request when the TTL is 0', async () => {
    const { api, calls, get } = await apiWith({ ttlSeconds: 0 });
    try {
      await get('/v1/a', 'good');
      await get('/v1/a', 'good');
      expect(calls.filter((c) => c === 'Authorizer')).toHaveLength(2);
    } finally {
      await api.close();
    }
  });
});

describe("request bodies over API Gateway's 10 MB limit", () => {
  const MB = 1024 * 1024;
  const startApi = () =>
    startLocalApi({
      port: 0,
      accountId: '000000000000',
      routes: [{ method: 'POST', path: '/v1/agency/check-ins', functionId: 'HospitalCheckIn', auth: 'public' }],
      invoke: async (_functionId, event) => ({
        statusCode: 200,
        body: JSON.stringify({ bytes: (event as { body: string | null }).body?.length ?? 0 }),
      }),
    });

  it.each([
    ['with Content-Length, the whole body sent before reading', { declareLength: true }],
    ['chunked, without Content-Length', { declareLength: false }],
  ])('answers 413 with the message, not a reset connection (%s)', async (_name, options) => {
    const api = await startApi();
    try {
      const outcome = await rawPost(`${api.url}/v1/agency/check-ins`, 11 * MB, options);
      expect(outcome.error).toBeUndefined();
      expect(outcome.status).toBe(413);
      expect(JSON.parse(outcome.body ?? '')).toEqual({ message: 'Request body is larger than 10 MB.' });
      expect(outcome.headers?.connection).toBe('close');
      // The gateway is still there for the next request, and a body of exactly 10 MB is within the limit.
      const next = await rawPost(`${api.url}/v1/agency/check-ins`, 10 * MB);
      expect([next.status, JSON.parse(next.body ?? '')]).toEqual([200, { bytes: 10 * MB }]);
    } finally {
      await api.close();
    }
  });

  it('refuses a declared oversized body before it is sent when the client waits for 100 Continue', async () => {
    const api = await startApi();
    try {
      const outcome = await rawPost(`${api.url}/v1/agency/check-ins`, 11 * MB, { expectContinue: true });
      expect(outcome).toMatchObject({ status: 413, continued: false });
      // Below the limit, the client is told to go on.
      const small = await rawPost(`${api.url}/v1/agency/check-ins`, 1024, { expectContinue: true });
      expect(small).toMatchObject({ status: 200, continued: true });
    } finally {
      await api.close();
    }
  });
});
