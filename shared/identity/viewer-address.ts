/**
 * The address a request came from, as the sign-in lockout counts it (shared/identity/lockout.ts). API Gateway's
 * `sourceIp` is the connection's: behind the portal's CloudFront distribution (infra/stacks/portal-stack.ts), which
 * also serves the sign-in pages and the API, that is a CloudFront server, shared by every citizen near it, so five
 * wrong passwords from anyone there would lock the holder out. The distribution therefore sends the viewer's address
 * in VIEWER_ADDRESS_HEADER (its viewer-request function sets it, replacing whatever the client sent) and the edge's
 * secret in EDGE_SECRET_HEADER (an origin custom header, which also replaces a client's). The viewer's address is taken
 * only beside the right secret: a request sent to API Gateway directly cannot name its own address.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const VIEWER_ADDRESS_HEADER = 'x-p06-viewer-address';
export const EDGE_SECRET_HEADER = 'x-p06-edge-secret';

type Headers = Readonly<Record<string, string | readonly string[] | undefined>> | null | undefined;

const headerOf = (headers: Headers, name: string): string | undefined => {
  const found = Object.keys(headers ?? {}).find((key) => key.toLowerCase() === name);
  const value = found === undefined ? undefined : headers?.[found];
  return (typeof value === 'string' ? value : value?.[0])?.trim() || undefined;
};

/** Compared as digests, in constant time, so the comparison tells nothing of the secret's characters. */
const sameSecret = (sent: string, secret: string): boolean =>
  timingSafeEqual(createHash('sha256').update(sent).digest(), createHash('sha256').update(secret).digest());

/**
 * The viewer's address when the request carries the edge's secret, else the connection's (`connection`: API Gateway's
 * `sourceIp`, or the socket's remote address, which serverless-http sets from it). Without a secret configured (the
 * local cloud, a deployment without the portal's distribution) the connection's.
 */
export const requestAddress = (
  connection: string | undefined,
  headers: Headers,
  edgeSecret: string | undefined,
): string | undefined => {
  if (!edgeSecret) return connection;
  const sent = headerOf(headers, EDGE_SECRET_HEADER);
  const viewer = headerOf(headers, VIEWER_ADDRESS_HEADER);
  return sent !== undefined && viewer !== undefined && sameSecret(sent, edgeSecret) ? viewer : connection;
};
