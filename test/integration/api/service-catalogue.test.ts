import { describe, expect, inject, it } from 'vitest';
import { ServiceListResponseSchema, ServiceSchema } from '../../../shared/services/catalogue/index.ts';
import { getJson } from '../../support/clients.ts';

const api = inject('apiUrl');

describe('GET /v1/services', () => {
  it('answers the 25 services without a token, cacheable for five minutes', async () => {
    const { status, body, headers } = await getJson(`${api}/v1/services`);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=300');
    const parsed = ServiceListResponseSchema.parse(body);
    expect(parsed.services).toHaveLength(25);
    const online = parsed.services.filter((s) => s.online === 'full').map((s) => s.code);
    // Fully online means it can be started from the portal: exactly the services with a way to start them.
    expect(online).toEqual(parsed.services.filter((s) => s.start !== undefined).map((s) => s.code));
    // Every one of the 25 runs here (those decided in another agency's own system wait in its officers' inbox).
    expect(online).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('rejects a query parameter it does not take', async () => {
    const { status } = await getJson(`${api}/v1/services?lang=en`);
    expect(status).toBe(400);
  });
});

describe('GET /v1/services/{code}', () => {
  it('answers one service', async () => {
    const { status, body, headers } = await getJson(`${api}/v1/services/17`);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=300');
    expect(ServiceSchema.parse(body).start).toEqual({ kind: 'group', group: 'birth-group' });
  });

  it('answers 404 for a number that is not a service', async () => {
    const { status, body } = await getJson(`${api}/v1/services/26`);
    expect(status).toBe(404);
    expect(body.message).toMatch(/1 to 25/);
  });

  it('answers 400 naming the field for a code that is not a number', async () => {
    const { status, body, headers } = await getJson(`${api}/v1/services/birth`);
    expect(status).toBe(400);
    expect(body.problems).toEqual([{ field: 'path.code', message: 'a number from 1 to 25' }]);
    expect(headers.get('cache-control')).toBe('no-store');
  });
});
