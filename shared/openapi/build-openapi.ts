/**
 * Builds the API's OpenAPI 3.1 document from the routes of the topology and the zod schemas of shared/: the routes say
 * what exists and who may call it, the schemas (through zod's own JSON Schema output, draft 2020-12 as OpenAPI 3.1
 * uses) say what goes in and out. Nothing is written twice, so the document cannot drift from the API.
 */

import { bearerChallenge } from '../auth/bearer-challenge.ts';
import { ProblemSchema } from '../lambda/problem-schema.ts';
import * as z from '../validation/zod.ts';
import type { RouteDoc } from './route-docs.ts';

/** The part of a topology route the document needs (infra/topology.ts `RouteSpec`). */
export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly functionId: string;
  readonly auth: 'public' | 'token';
  readonly queryParameters?: Readonly<Record<string, boolean>>;
}

export interface OpenApiOptions {
  readonly routes: readonly DocumentedRoute[];
  readonly docs: Readonly<Record<string, RouteDoc>>;
  /** The e-ID issuer: its discovery document is the security scheme. */
  readonly issuer: string;
  readonly version: string;
}

type JsonObject = Record<string, unknown>;

/** `ANY` routes (the e-ID provider's paths) are documented as the methods its endpoints answer. */
const ANY_METHODS = ['get', 'post'] as const;

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
};

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: PROBLEM_REF } },
});

/** `/oidc/{proxy+}` → `/oidc/{proxy}`: OpenAPI has no greedy parameters. */
export const openApiPath = (path: string): string => path.replace(/\{(\w+)\+\}/g, '{$1}');

const operationOf = (route: DocumentedRoute, doc: RouteDoc | undefined, operationId: string): JsonObject => {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] as string);
  const queryShape = (doc?.query as z.ZodMiniObject | undefined)?.shape as Record<string, z.ZodMiniType> | undefined;
  const parameters = [
    ...pathParameters.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(route.queryParameters ?? {}).map(([name, required]) => ({
      name,
      in: 'query',
      required,
      schema: queryShape?.[name] ? jsonSchema(queryShape[name], 'input') : { type: 'string' },
    })),
    ...(doc?.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: { type: 'string' },
    })),
  ];
  const success = String(doc?.successStatus ?? 200);
  const successContent: JsonObject = {
    'application/json': { schema: doc?.response ? jsonSchema(doc.response, 'output') : {} },
    ...Object.fromEntries((doc?.alsoProduces ?? []).map((type) => [type, { schema: { type: 'string' } }])),
  };
  const hasInput = parameters.length > 0 || doc?.body !== undefined || doc?.bodyDescription !== undefined;
  return {
    operationId,
    summary: doc?.summary ?? `${route.method} ${route.path}`,
    tags: [doc?.tag ?? 'platform'],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc?.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } }
      : doc?.bodyDescription
        ? {
            requestBody: {
              required: true,
              description: doc.bodyDescription,
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          }
        : {}),
    security: route.auth === 'token' ? [{ eid: [] }] : [],
    responses: {
      [success]: { description: 'Success', content: successContent },
      ...(hasInput ? { '400': problemResponse('The request is not valid; `problems` names each field') } : {}),
      ...(route.auth === 'token'
        ? {
            '401': {
              ...problemResponse('No valid e-ID access token'),
              headers: {
                'WWW-Authenticate': {
                  description: `The Bearer challenge of RFC 6750 §3: \`${bearerChallenge(false)}\`, with \`error="invalid_token"\` where the gateway can tell that a token was presented and refused`,
                  schema: { type: 'string' },
                },
              },
            },
            '403': problemResponse(
              'The caller may not do this (level, scope, role or jurisdiction); a token without the scope the route needs also gets `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"`',
            ),
          }
        : {}),
      ...(pathParameters.length > 0 ? { '404': problemResponse('Not found (or not yours to see)') } : {}),
      '500': problemResponse('The service failed; the error was logged'),
    },
  };
};

/**
 * The OpenAPI document:
 * 1. one path item per topology route, `ANY` expanded to GET and POST;
 * 2. parameters from the route (path, allowed query parameters) and the doc (headers, query schemas);
 * 3. request and response bodies from the zod schemas; every 4xx is the shared problem shape;
 * 4. token routes need the `eid` OpenID Connect scheme, discovered at the issuer.
 */
export const buildOpenApi = (options: OpenApiOptions): JsonObject => {
  const paths: Record<string, Record<string, JsonObject>> = {};
  const used = new Set<string>();
  for (const route of options.routes) {
    const doc = options.docs[`${route.method} ${route.path}`];
    const methods = route.method === 'ANY' ? ANY_METHODS : [route.method.toLowerCase()];
    for (const method of methods) {
      let operationId = route.functionId;
      if (used.has(operationId))
        operationId = `${route.functionId}_${method}${openApiPath(route.path).replace(/\W+/g, '_')}`;
      used.add(operationId);
      const path = openApiPath(route.path);
      paths[path] ??= {};
      const item = paths[path];
      item[method] = operationOf(route, doc, operationId);
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Project 06 platform API',
      version: options.version,
      description:
        "National population data, e-identification and the essential public services. Errors are `{message, problems?: [{field, message}]}`. Tokens come from the platform's own OpenID Connect provider.",
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
      securitySchemes: {
        eid: {
          type: 'openIdConnect',
          openIdConnectUrl: `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
          description: 'e-ID access tokens (JWT, audience urn:p06:api); `acr` carries the account level',
        },
      },
    },
  };
};
