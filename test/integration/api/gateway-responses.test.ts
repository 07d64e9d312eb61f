/**
 * What the API's gateway itself answers, before any handler runs, against the integration run's local cloud (the
 * local gateway, the real authorizer): oversized bodies.
 */
import { describe, expect, inject, it } from 'vitest';
import { rawPost } from '../../support/raw-http.ts';

const MB = 1024 * 1024;

describe('a request body over the 10 MB limit', () => {
  it('gets 413 with its message on an API route, not a reset connection', async () => {
    const outcome = await rawPost(`${inject('apiUrl')}/v1/agency/check-ins`, 11 * MB);
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body ?? '')).toEqual({ message: 'Request body is larger than 10 MB.' });
  });
});
