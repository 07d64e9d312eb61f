import { describe, expect, it } from 'vitest';
import {
  EDGE_SECRET_HEADER,
  requestAddress,
  VIEWER_ADDRESS_HEADER,
} from '../../../../shared/identity/viewer-address.ts';
import { clientSourceOf } from '../../../../shared/lambda/client-source.ts';

const SECRET = 'k3Jd9s8fQx2LmP7vZr5tYw4nB6cH1gA0eU';

describe("the request's address for the sign-in lockout", () => {
  it("takes the viewer's address only beside the edge's secret", () => {
    const viaEdge = { [EDGE_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '203.0.113.7' };
    expect(requestAddress('130.176.0.10', viaEdge, SECRET)).toBe('203.0.113.7');
    // Header names as API Gateway or Node may case them.
    expect(
      requestAddress('130.176.0.10', { 'X-P06-Edge-Secret': SECRET, 'X-P06-Viewer-Address': '203.0.113.7' }, SECRET),
    ).toBe('203.0.113.7');
  });

  it('keeps the connection when the secret is wrong, missing, or none is configured', () => {
    const forged = { [EDGE_SECRET_HEADER]: 'guessed', [VIEWER_ADDRESS_HEADER]: '198.51.100.1' };
    expect(requestAddress('192.0.2.5', forged, SECRET)).toBe('192.0.2.5');
    expect(requestAddress('192.0.2.5', { [VIEWER_ADDRESS_HEADER]: '198.51.100.1' }, SECRET)).toBe('192.0.2.5');
    expect(requestAddress('192.0.2.5', { [EDGE_SECRET_HEADER]: SECRET }, SECRET)).toBe('192.0.2.5');
    // The local cloud and a deployment without the portal's distribution: whatever the headers say.
    expect(
      requestAddress('127.0.0.2', { [EDGE_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '1.2.3.4' }, undefined),
    ).toBe('127.0.0.2');
    expect(requestAddress('192.0.2.5', null, SECRET)).toBe('192.0.2.5');
  });

  it("counts an API route's failures against the viewer behind the edge, and the connection otherwise", () => {
    const event = (headers: Record<string, string>) => ({
      requestContext: { identity: { sourceIp: '130.176.0.10' } } as never,
      headers,
    });
    expect(
      clientSourceOf(event({ [EDGE_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '203.0.113.7' }), SECRET),
    ).toBe('203.0.113.7');
    expect(clientSourceOf(event({ [VIEWER_ADDRESS_HEADER]: '203.0.113.7' }), SECRET)).toBe('130.176.0.10');
    expect(
      clientSourceOf(event({ [EDGE_SECRET_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: '2001:db8:1:2:3:4:5:6' }), SECRET),
    ).toBe('2001:db8:1:2::/64');
  });
});
