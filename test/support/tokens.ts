/** Access tokens and calls for API integration tests, bound to the integration run's local cloud. */
import { inject } from 'vitest';
import { type TokenOptions, tokenMinter } from './mint-token.ts';

const minter = () => tokenMinter(inject('signingKeysFile'), inject('oidcIssuer'));

export const citizenToken = (pin: string, level: 1 | 2 = 2, options: TokenOptions = {}) =>
  minter().citizen(pin, level, options);

export const officerToken = (
  pin: string,
  roles: Parameters<ReturnType<typeof minter>['officer']>[1],
  level: 1 | 2 = 2,
  options: TokenOptions = {},
) => minter().officer(pin, roles, level, options);

export const agencyToken = (clientId: string, scopes: readonly string[], options: TokenOptions = {}) =>
  minter().agency(clientId, scopes, options);

/** Calls the local API with a bearer token. */
export const call = async (path: string, token: string | undefined, init: RequestInit = {}) => {
  const response = await fetch(`${inject('apiUrl')}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body: body as Record<string, unknown>, headers: response.headers };
};
