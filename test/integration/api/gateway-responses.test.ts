/**
 * What the API's gateway itself answers, before any handler runs, against the integration run's local cloud (the
 * local gateway, the real authorizer): oversized bodies, and the authorizer's refusals.
 */
import { describe, expect, inject, it } from 'vitest';
import { rawPost } from '../../support/raw-http.ts';
import { call, citizenToken } from '../../support/tokens.ts';

const MB = 1024 * 1024;

describe('a request body over the 10 MB limit', () => {
  it('gets 413 with its message on an API route, not a reset connection', async () => {
    const outcome = await rawPost(`${inject('apiUrl')}/v1/agency/check-ins`, 11 * MB);
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body ?? '')).toEqual({ message: 'Request body is larger than 10 MB.' });
  });
});

describe("the authorizer's 401", () => {
  const PIN = '001085000001';

  it('challenges a request without a token with WWW-Authenticate: Bearer and the realm (RFC 6750 §3)', async () => {
    const { status, body, headers } = await call('/v1/me', undefined);
    expect([status, body, headers.get('www-authenticate')]).toEqual([
      401,
      { message: 'Unauthorized' },
      'Bearer realm="p06"',
    ]);
  });

  it.each([
    ['signed by another key', { foreignKey: true }],
    ['expired', { expiresIn: -60 }],
  ])('adds error="invalid_token" when the token presented is refused (%s)', async (_name, options) => {
    const { status, body, headers } = await call('/v1/me', await citizenToken(PIN, 2, options));
    expect([status, body, headers.get('www-authenticate')]).toEqual([
      401,
      { message: 'Unauthorized' },
      'Bearer realm="p06", error="invalid_token"',
    ]);
  });
});
