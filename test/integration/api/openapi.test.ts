import { describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../../infra/topology.ts';
import { openApiPath } from '../../../shared/openapi/build-openapi.ts';
import { getJson } from '../../support/clients.ts';

const api = inject('apiUrl');

describe('GET /v1/openapi.json', () => {
  it('answers the OpenAPI 3.1 document without a token, with every route and the issuer’s discovery URL', async () => {
    const { status, body, headers } = await getJson(`${api}/v1/openapi.json`);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('public, max-age=300');
    expect(body.openapi).toBe('3.1.0');
    const paths = body.paths as Record<string, unknown>;
    for (const route of ROUTES) expect(paths, route.path).toHaveProperty([openApiPath(route.path)]);
    expect(JSON.stringify(body.components)).toContain(`${inject('oidcIssuer')}/.well-known/openid-configuration`);
  });

  it('rejects a query parameter it does not take', async () => {
    expect((await getJson(`${api}/v1/openapi.json?format=yaml`)).status).toBe(400);
  });
});
