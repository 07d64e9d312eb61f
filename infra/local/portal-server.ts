/**
 * Serves the portal's build (portal/dist, the same files CDK deploys) under /portal/ on the local API's port, as
 * CloudFront does in AWS: hashed assets cached for a year, index.html for every other path under /portal/ (the
 * SPA's routes), `config.json` written for this instance, the same security headers, and `/` sent to the portal.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PORTAL_SECURITY_HEADERS } from '../../shared/platform/portal-headers.ts';

export const PORTAL_BUILD_DIR = resolve(import.meta.dirname, '../../portal/dist');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface PortalConfigFile {
  readonly issuer: string;
  readonly apiBaseUrl: string;
  readonly clientId: string;
}

/** The request handler, for `startLocalApi({ fallback })`; answers false for paths outside the portal. */
export const portalFallback = (options: { readonly buildDir?: string; readonly config: PortalConfigFile }) => {
  const root = options.buildDir ?? PORTAL_BUILD_DIR;
  const configJson = JSON.stringify(options.config);
  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer) => {
    response.writeHead(status, { ...PORTAL_SECURITY_HEADERS, ...headers });
    response.end(body);
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/portal') {
      send(response, 302, { location: `/portal/${url.search}` });
      return true;
    }
    if (!url.pathname.startsWith('/portal/')) return false;
    if (url.pathname === '/portal/config.json') {
      send(response, 200, { 'content-type': TYPES['.json'] as string, 'cache-control': 'no-store' }, configJson);
      return true;
    }
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(url.pathname.slice('/portal/'.length)));
    } catch {
      send(response, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'Bad path');
      return true;
    }
    const file = join(root, relative);
    const inside = file === root || file.startsWith(`${root}${sep}`);
    const found = inside && relative !== '' && relative !== '.' ? await stat(file).catch(() => undefined) : undefined;
    if (found?.isFile()) {
      const immutable = relative.startsWith(`assets${sep}`);
      response.writeHead(200, {
        ...PORTAL_SECURITY_HEADERS,
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': String(found.size),
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
      return true;
    }
    // A missing asset is a 404; any other path is a route of the single-page app.
    if (relative.startsWith(`assets${sep}`) || extname(relative) !== '') {
      send(response, 404, { 'content-type': 'text/plain; charset=utf-8' }, 'Not found');
      return true;
    }
    const index = await readFile(join(root, 'index.html')).catch(() => undefined);
    if (!index) {
      send(
        response,
        503,
        { 'content-type': 'text/plain; charset=utf-8' },
        'The portal is not built. Run "npm run build:portal" (npm start does it).',
      );
      return true;
    }
    send(response, 200, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache' }, index);
    return true;
  };
};
