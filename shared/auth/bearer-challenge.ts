/**
 * The `WWW-Authenticate` challenge of the API's 401s (RFC 6750 §3), which tells a client to authenticate with an
 * e-ID bearer token: the CDK app's UNAUTHORIZED gateway response, the local API and the OpenAPI document all take it
 * from here.
 */

export const BEARER_REALM = 'p06';

/**
 * `Bearer realm="p06"`; with `error="invalid_token"` when the request presented a bearer token that was refused. A
 * request without one gets no error code, as RFC 6750 §3.1 asks.
 */
export const bearerChallenge = (tokenRefused: boolean): string =>
  tokenRefused ? `Bearer realm="${BEARER_REALM}", error="invalid_token"` : `Bearer realm="${BEARER_REALM}"`;
