/**
 * Sign-in with the e-ID provider: OpenID Connect authorization code + PKCE as a public client (`citizen-portal`),
 * through panva's oauth4webapi. Tokens live in this module's memory only (never localStorage or sessionStorage):
 * a reload loses them, and the portal signs in again silently (`prompt=none`) while the provider's session lasts.
 * Access tokens are refreshed with the provider's rotating refresh tokens; sign-out is RP-initiated logout.
 *
 * sessionStorage holds only what must survive the redirect: the PKCE verifier, state and nonce of the pending
 * request, where to return, and a flag that the user was signed in (no secret that grants access).
 */
import * as oauth from 'oauth4webapi';
import type { PortalConfig } from '../config.ts';

export interface OfficerRole {
  readonly agency: 'civil-status' | 'police' | 'social-security' | 'welfare';
  readonly role: 'officer' | 'supervisor';
  readonly provinceCode: string;
  readonly communeCode?: string;
}

export interface SignedInUser {
  readonly pin: string;
  readonly name: string | undefined;
  readonly level: 1 | 2;
  readonly scopes: readonly string[];
  readonly officerRoles: readonly OfficerRole[];
}

interface Tokens {
  accessToken: string;
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** Epoch milliseconds. */
  expiresAt: number;
}

interface Pending {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly returnTo: string;
  readonly silent: boolean;
}

const PENDING_KEY = 'p06.auth.pending';
const HINT_KEY = 'p06.auth.signedIn';
const SCOPE = 'openid profile citizen officer offline_access';
const LEVEL_2 = 'urn:vn:p06:loa:2';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

let config: PortalConfig | undefined;
let server: oauth.AuthorizationServer | undefined;
let client: oauth.Client | undefined;
let tokens: Tokens | undefined;
let user: SignedInUser | undefined;
let refreshing: Promise<void> | undefined;
const listeners = new Set<() => void>();

const notify = () => {
  for (const listener of listeners) listener();
};

export const onSessionChange = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const currentUser = (): SignedInUser | undefined => user;

/** http:// only for a provider on this machine (the local cloud); anything else must be https. */
const insecureOptions = (url: URL) =>
  url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};

const redirectUri = () => `${location.origin}/portal/callback`;

const decodePayload = (jwt: string): Record<string, unknown> => {
  const part = jwt.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
};

const userFrom = (accessToken: string, idClaims: Record<string, unknown> | undefined): SignedInUser => {
  const claims = decodePayload(accessToken);
  const roles = claims.officer_roles;
  return {
    pin: String(claims.sub ?? ''),
    name: typeof idClaims?.name === 'string' ? idClaims.name : undefined,
    level: claims.acr === LEVEL_2 ? 2 : 1,
    scopes: String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean),
    officerRoles: Array.isArray(roles) ? (roles as OfficerRole[]) : [],
  };
};

const accept = (response: oauth.TokenEndpointResponse) => {
  const idClaims = oauth.getValidatedIdTokenClaims(response) as Record<string, unknown> | undefined;
  tokens = {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? tokens?.refreshToken,
    idToken: response.id_token ?? tokens?.idToken,
    expiresAt: Date.now() + (response.expires_in ?? 300) * 1000,
  };
  user = userFrom(response.access_token, idClaims ?? (user ? { name: user.name } : undefined));
  sessionStorage.setItem(HINT_KEY, '1');
  notify();
};

/** Reads the provider's discovery document; call once at start. */
export const initSession = async (portalConfig: PortalConfig) => {
  config = portalConfig;
  const issuer = new URL(portalConfig.issuer);
  const response = await oauth.discoveryRequest(issuer, insecureOptions(issuer));
  server = await oauth.processDiscoveryResponse(issuer, response);
  client = { client_id: portalConfig.clientId };
};

const ready = () => {
  if (!server || !client || !config) throw new Error('The sign-in service is not initialised.');
  return { server, client, config };
};

/** Sends the browser to the provider's sign-in page; it comes back to /portal/callback. */
export const signIn = async (returnTo: string, options: { silent?: boolean; language?: string } = {}) => {
  const { server: as } = ready();
  const verifier = oauth.generateRandomCodeVerifier();
  const pending: Pending = {
    verifier,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo,
    silent: options.silent ?? false,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: ready().client.client_id,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: SCOPE,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ...(options.language ? { ui_locales: options.language } : {}),
    ...(options.silent ? { prompt: 'none' } : { prompt: 'consent' }),
  }).toString();
  location.assign(url.toString());
};

/** Whether the user was signed in before a reload (then a silent sign-in is worth trying). */
export const wasSignedIn = () => sessionStorage.getItem(HINT_KEY) === '1';

/**
 * Completes the redirect back from the provider: checks state, exchanges the code with the PKCE verifier,
 * validates the ID token (nonce, issuer, audience). Returns where to go next.
 */
export const completeSignIn = async (callbackUrl: URL): Promise<string> => {
  const { server: as, client: c } = ready();
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) throw new Error('No sign-in was in progress in this tab.');
  const pending = JSON.parse(raw) as Pending;
  let parameters: URLSearchParams;
  try {
    parameters = oauth.validateAuthResponse(as, c, callbackUrl, pending.state);
  } catch (error) {
    // A silent attempt that finds no session at the provider simply leaves the user signed out.
    if (pending.silent) {
      sessionStorage.removeItem(HINT_KEY);
      return pending.returnTo;
    }
    throw error;
  }
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    c,
    oauth.None(),
    parameters,
    redirectUri(),
    pending.verifier,
    insecureOptions(new URL(as.issuer)),
  );
  accept(await oauth.processAuthorizationCodeResponse(as, c, response, { expectedNonce: pending.nonce }));
  return pending.returnTo;
};

const refresh = async () => {
  const { server: as, client: c } = ready();
  const refreshToken = tokens?.refreshToken;
  if (!refreshToken) throw new Error('The session has expired.');
  const response = await oauth.refreshTokenGrantRequest(
    as,
    c,
    oauth.None(),
    refreshToken,
    insecureOptions(new URL(as.issuer)),
  );
  accept(await oauth.processRefreshTokenResponse(as, c, response));
};

/** A valid access token, refreshed first when it is about to expire; undefined when signed out. */
export const accessToken = async (options: { forceRefresh?: boolean } = {}): Promise<string | undefined> => {
  if (!tokens) return undefined;
  if (options.forceRefresh || tokens.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    try {
      await refreshing;
    } catch {
      tokens = undefined;
      user = undefined;
      sessionStorage.removeItem(HINT_KEY);
      notify();
      return undefined;
    }
  }
  return tokens?.accessToken;
};

/** Forgets the tokens and ends the provider's session (RP-initiated logout), back to the portal's home. */
export const signOut = () => {
  const idToken = tokens?.idToken;
  tokens = undefined;
  user = undefined;
  sessionStorage.removeItem(HINT_KEY);
  notify();
  const endSession = server?.end_session_endpoint;
  if (!endSession) {
    location.assign('/portal/');
    return;
  }
  const url = new URL(endSession);
  url.search = new URLSearchParams({
    client_id: ready().client.client_id,
    post_logout_redirect_uri: `${location.origin}/portal/`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.toString());
};
