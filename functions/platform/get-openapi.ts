import { ROUTES } from '../../infra/topology.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import { buildOpenApi } from '../../shared/openapi/build-openapi.ts';
import { ROUTE_DOCS } from '../../shared/openapi/route-docs.ts';
import { requiredEnv } from '../../shared/platform/env.ts';
import * as z from '../../shared/validation/zod.ts';

const document = buildOpenApi({ routes: ROUTES, docs: ROUTE_DOCS, issuer: requiredEnv('OIDC_ISSUER'), version: '1' });

/** GET /v1/openapi.json: the API's OpenAPI 3.1 document, built once per execution environment. */
export const handler = httpHandler(
  { query: z.strictObject({}), cacheControl: 'public, max-age=300' },
  async () => document,
);
