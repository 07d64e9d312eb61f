import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../../infra/topology.ts';
import { buildOpenApi, openApiPath } from '../../../../shared/openapi/build-openapi.ts';
import { ROUTE_DOCS } from '../../../../shared/openapi/route-docs.ts';

type Operation = {
  security: unknown[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  parameters?: { name: string; in: string; required: boolean }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    securitySchemes: Record<string, Record<string, string>>;
  };
};

const document = buildOpenApi({
  routes: ROUTES,
  docs: ROUTE_DOCS,
  issuer: 'https://id.p06.example/',
  version: 'test',
}) as unknown as Document;

const operation = (method: string, path: string): Operation => {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path}`);
  return found;
};

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('holds every route of the topology, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = ROUTES.flatMap((r) =>
      r.method === 'ANY' ? ['GET', 'POST'].map((m) => `${m} ${openApiPath(r.path)}`) : [`${r.method} ${r.path}`],
    );
    expect(documented.sort()).toEqual(expected.sort());
  });

  it('has a summary for every route of the topology', () => {
    const missing = ROUTES.map((r) => `${r.method} ${r.path}`).filter((key) => !ROUTE_DOCS[key]);
    expect(missing).toEqual([]);
    expect(Object.keys(ROUTE_DOCS).filter((key) => !ROUTES.some((r) => `${r.method} ${r.path}` === key))).toEqual([]);
  });

  it('asks for an e-ID token exactly on the token routes, through the issuer’s discovery URL', () => {
    for (const route of ROUTES) {
      const op = operation(route.method === 'ANY' ? 'get' : route.method.toLowerCase(), openApiPath(route.path));
      expect(op.security, `${route.method} ${route.path}`).toEqual(route.auth === 'token' ? [{ eid: [] }] : []);
    }
    expect(document.components.securitySchemes.eid).toMatchObject({
      type: 'openIdConnect',
      openIdConnectUrl: 'https://id.p06.example/.well-known/openid-configuration',
    });
  });

  it('describes the dossier forms from the schemas the API validates, both groups and their fields', () => {
    const body = operation('post', '/v1/dossiers').requestBody?.content['application/json']?.schema;
    const text = JSON.stringify(body);
    expect(text).toContain('"const":"birth-group"');
    expect(text).toContain('"const":"death-group"');
    expect(text).toContain('birthPlaceCommuneCode');
    expect(text).toContain('deceasedPin');
    expect(operation('post', '/v1/dossiers').parameters).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
  });

  it('answers 4xx with the problem shape: a message and the fields that were wrong', () => {
    expect(document.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['message'],
      properties: { problems: { type: 'array' } },
    });
    expect(operation('post', '/v1/dossiers').responses['400']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(operation('get', '/v1/me').responses['403']).toBeDefined();
    expect(operation('get', '/health').responses['403']).toBeUndefined();
    // A 401 says how to authenticate (RFC 6750 §3).
    expect(Object.keys(operation('get', '/v1/me').responses['401']?.headers ?? {})).toEqual(['WWW-Authenticate']);
  });

  it('names the path and the allowed query parameters of each route', () => {
    expect(operation('get', '/v1/services/{code}').parameters).toContainEqual(
      expect.objectContaining({ name: 'code', in: 'path', required: true }),
    );
    expect(operation('get', '/v1/documents/{number}').parameters).toContainEqual(
      expect.objectContaining({ name: 'code', in: 'query', required: true }),
    );
  });

  it('publishes the structured fee exemptions, and the claim on the forms of services offering grounds', () => {
    const bodyOf = (path: string) => JSON.stringify(operation('post', path).requestBody?.content['application/json']);
    const twelve = bodyOf('/v1/services/criminal-record-certificate/dossiers');
    expect(twelve).toContain('"feeExemption"');
    expect(twelve).toContain('"evidenceReference"');
    expect(twelve).toContain('"revolution-merit"');
    expect(twelve).not.toContain('"elderly"');
    expect(bodyOf('/v1/services/temporary-absence-declaration/dossiers')).not.toContain('feeExemption');
    const catalogue = JSON.stringify([operation('get', '/v1/services').responses, document.components.schemas]);
    expect(catalogue).toContain('"establishedBy"');
    expect(catalogue).toContain('"applicantAge"');
  });

  it('gives every operation a distinct ID', () => {
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => (op as unknown as { operationId: string }).operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
