import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { compileRoute, toProxyEvent } from '../../../../infra/local/api-gateway.ts';

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
