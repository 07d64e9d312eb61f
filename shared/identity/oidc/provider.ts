/**
 * The e-ID OpenID Connect provider: panva's certified oidc-provider, configured for the platform.
 * - Issuer `OIDC_ISSUER`; discovery at `<issuer>/.well-known/openid-configuration`, every endpoint under `/oidc/`.
 * - Authorization code with PKCE (S256) for every client, refresh tokens rotated on each use, RP-initiated logout,
 *   client credentials for agencies.
 * - Access tokens are JWTs for the API resource `urn:p06:api` (RFC 8707, RFC 9068) when a sign-in asks for API
 *   scopes (`citizen`, `officer`: never an agency's purposes, whatever its client is registered for) or for an
 *   agency's client credentials grant (the purposes its client is registered for): `sub` (PIN, or
 *   client_id for client credentials), `acr` (citizens), `scope` (the API scopes only), `client_id`, `grant_id` (the
 *   grant behind a citizen's token), `officer_roles` (and `inspector` for an oversight inspector) when the `officer`
 *   scope was granted, and `client_name` (the agency's registered name, for the access log) for client credentials.
 *   A sign-in asking only for OpenID scopes gets an opaque token for the userinfo endpoint.
 * - ID tokens carry `acr`, `amr` and, with `profile`, the citizen's `name` and `birthdate` from the NPDB.
 * - The citizen portal is first-party (no consent screen); other relying parties ask the citizen.
 * - Confidential clients authenticate with `private_key_jwt` (assertions signed with a registered key, each `jti`
 *   accepted once, valid at most `MAX_CLIENT_ASSERTION_SECONDS`) or `client_secret_basic` against a stored hash.
 */

import { randomUUID } from 'node:crypto';
import {
  type Account,
  type AdapterConstructor,
  type Configuration,
  type GrantModel,
  interactionPolicy,
  type KoaContext,
  Provider,
  errors as providerErrors,
  type TokenModel,
  type UnknownObject,
} from 'oidc-provider';
import type { AccessRecorder } from '../../citizen/ports.ts';
import type { PasswordSetupStore } from '../account.ts';
import { CLIENT_ASSERTION_ALGS, CLIENT_AUTH_METHODS, verifyClientSecret } from '../client-credentials.ts';
import { MAX_CLIENT_NAME_LENGTH } from '../clients.ts';
import { ACR_VALUES, acrForLevel, levelForAcr, requiredLevel } from '../levels.ts';
import { API_RESOURCE, API_SCOPES, OFFICER_SCOPE, OIDC_SCOPES, USER_API_SCOPES } from '../scopes.ts';
import { cookieKeys, providerJwks, type SigningKeySet } from '../signing-keys.ts';
import {
  formActionOrigins,
  type InteractionDeps,
  interactionRoutes,
  type Language,
  pageLanguage,
} from './interactions.ts';
import { passwordSetupRoutes } from './password-setup-routes.ts';
import { TOKEN_LIFETIMES } from './token-policy.ts';

export interface OidcProviderOptions extends InteractionDeps {
  readonly adapter: AdapterConstructor;
  readonly keys: SigningKeySet;
  /** One-time set-password links (`/oidc/set-password`). */
  readonly passwordSetups: PasswordSetupStore;
  /**
   * The citizens' access log: every ID token or userinfo answer that discloses a citizen's claims to a relying party
   * is written there before it leaves, like API reads.
   */
  readonly accessLog: AccessRecorder;
}

/** The claims a relying party receives, as access-log field names. */
export const disclosedFields = (scope: string | undefined): string[] => [
  'pin',
  ...((scope ?? '').split(' ').includes('profile') ? ['fullName', 'birthDate'] : []),
];

const ROUTES = {
  authorization: '/oidc/auth',
  backchannel_authentication: '/oidc/backchannel',
  challenge: '/oidc/challenge',
  code_verification: '/oidc/device',
  credential: '/oidc/credential',
  device_authorization: '/oidc/device/auth',
  end_session: '/oidc/session/end',
  introspection: '/oidc/token/introspection',
  jwks: '/oidc/jwks',
  pushed_authorization_request: '/oidc/request',
  registration: '/oidc/reg',
  revocation: '/oidc/token/revocation',
  token: '/oidc/token',
  userinfo: '/oidc/me',
};

const SIGNING_ALG = 'ES256';

/** Longest lifetime of a client assertion (exp - now): short, so a leaked one is soon useless. */
export const MAX_CLIENT_ASSERTION_SECONDS = 300;

const BASE_CSP = [
  "default-src 'none'",
  // oidc-provider adds the hash of its one inline script (the form_post auto-submit); nothing else runs.
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The `client_name` claim of a client-credentials token: the registered name, if it fits what the API accepts. */
export const agencyNameClaim = (clientName: string | undefined): { client_name: string } | undefined => {
  const name = clientName?.trim().normalize('NFC');
  return name && name.length <= MAX_CLIENT_NAME_LENGTH ? { client_name: name } : undefined;
};

const scopeList = (scope: string | undefined) => (scope ?? '').split(' ').filter(Boolean);

const isFirstParty = (client: { readonly [extra: string]: unknown } | undefined) => client?.first_party === true;

/** Builds the provider. The returned instance is a Koa application: wrap `provider.callback()` for Lambda. */
export const createOidcProvider = (options: OidcProviderOptions): Provider => {
  const { accounts, citizens } = options;

  /** The account and citizen behind a PIN, if the account may be used (active, holder alive). */
  const usableAccount = async (pin: string) => {
    const account = await accounts.get(pin);
    if (account?.status !== 'active') return undefined;
    const citizen = await citizens.getCitizen(pin);
    if (citizen?.status !== 'alive') return undefined;
    return { account, citizen };
  };

  const { Check, base } = interactionPolicy;
  const policy = base();
  const login = policy.get('login');
  const consent = policy.get('consent');
  if (!login || !consent) throw new Error('oidc-provider no longer has the login and consent prompts');
  login.checks.add(
    new Check('account_unavailable', 'the signed-in account can no longer be used', (ctx) =>
      Boolean(ctx.oidc?.session.accountId && !ctx.oidc.entities.Account),
    ),
  );
  login.checks.add(
    new Check('acr_level_too_low', 'the service requires a higher e-ID level than this sign-in', (ctx) => {
      const oidc = ctx.oidc;
      if (!oidc?.session.accountId) return Check.NO_NEED_TO_PROMPT;
      const required = requiredLevel(oidc.params?.acr_values) ?? requiredLevel(oidc.client?.defaultAcrValues);
      const level = levelForAcr(oidc.session.acr) ?? 1;
      return required !== undefined && level < required ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  // oidc-provider asks every native client for consent, because any app can claim a loopback redirect. The portal's
  // own callback is registered exactly; only an app choosing its loopback port has to be confirmed by the citizen.
  consent.checks.remove('native_client_prompt');
  consent.checks.add(
    new Check(
      'device_app_prompt',
      'an app on this device asks to sign the citizen in',
      'interaction_required',
      (ctx) => {
        const oidc = ctx.oidc;
        const client = oidc?.client;
        if (!oidc || client?.applicationType !== 'native' || oidc.result?.consent) return Check.NO_NEED_TO_PROMPT;
        const redirect = oidc.params?.redirect_uri;
        return redirect !== undefined && !client.redirectUris.includes(redirect)
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT;
      },
    ),
    0,
  );

  /**
   * First-party clients get what they ask for without a consent screen, except that only officers are granted the
   * `officer` scope. Third-party grants come only from the consent page.
   */
  const loadExistingGrant = async (ctx: KoaContext): Promise<GrantModel | undefined> => {
    const oidc = ctx.oidc;
    if (!oidc?.client) return undefined;
    const { client, session } = oidc;
    const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    const existing = grantId ? await provider.Grant.find(grantId) : undefined;
    if (!isFirstParty(client) || !session.accountId) return existing;
    const grant = existing ?? new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
    const account = await accounts.get(session.accountId);
    const officer = (account?.officerRoles.length ?? 0) > 0 || account?.inspector !== undefined;
    const scopes = [...oidc.requestParamOIDCScopes];
    const allowedScopes = scopes.filter((scope) => scope !== OFFICER_SCOPE || officer);
    if (allowedScopes.length > 0) grant.addOIDCScope(allowedScopes.join(' '));
    if (allowedScopes.length < scopes.length) grant.rejectOIDCScope(OFFICER_SCOPE);
    for (const [resource, server] of Object.entries(oidc.resourceServers)) {
      const requested = [...oidc.requestParamScopes].filter((scope) => server.scopes.has(scope));
      const allowed = requested.filter((scope) => scope !== OFFICER_SCOPE || officer);
      if (allowed.length > 0) grant.addResourceScope(resource, allowed.join(' '));
      if (allowed.length < requested.length) grant.rejectResourceScope(resource, OFFICER_SCOPE);
    }
    await grant.save(TOKEN_LIFETIMES.grant);
    return grant;
  };

  const extraTokenClaims = async (ctx: KoaContext, token: TokenModel): Promise<UnknownObject | undefined> => {
    // An agency's client credentials: its registered name, so the API logs its reads under the name the citizen
    // knows without a read of the client registry on every request (the hospital check-in is the hot path).
    if (!token.accountId) return agencyNameClaim(ctx.oidc?.client?.clientName);
    const source = ctx.oidc?.entities.AuthorizationCode ?? ctx.oidc?.entities.RefreshToken;
    const found = await accounts.get(token.accountId);
    const acr = source?.acr ?? (found ? acrForLevel(found.level) : undefined);
    const asOfficer = scopeList(token.scope).includes(OFFICER_SCOPE);
    const officerRoles = asOfficer ? (found?.officerRoles ?? []) : undefined;
    const inspector = asOfficer && found?.inspector ? { inspector: found.inspector.authority } : {};
    // The grant the token comes from: "my sessions and devices" marks the caller's own sign-in, and a password change
    // keeps it while ending the others.
    const grant = token.grantId ? { grant_id: token.grantId } : {};
    return {
      ...(acr ? { acr } : {}),
      ...(officerRoles ? { officer_roles: officerRoles } : {}),
      ...inspector,
      ...grant,
    };
  };

  /**
   * The API scopes a token may carry: an agency's client credentials get the purposes the client is registered for;
   * a citizen's sign-in (authorization code, refresh) only `citizen` and `officer`, whatever the client is registered
   * for. Agency purposes (statistics, check-in, e-KYC) are licences of the agency's system, not of the person signed
   * in: a client registered for both a user flow and a purpose must not pass the purpose to its users' tokens.
   */
  const apiScopesOf = (ctx: KoaContext, client: { readonly scope?: string }) => {
    const userScopes: readonly string[] = USER_API_SCOPES;
    const forAgency = ctx.oidc?.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials';
    return scopeList(client.scope).filter((scope) =>
      forAgency ? API_SCOPES.includes(scope) : userScopes.includes(scope),
    );
  };

  const languageOf = (ctx: KoaContext): Language => pageLanguage(ctx, undefined, ctx.oidc?.params?.ui_locales);

  const configuration: Configuration = {
    adapter: options.adapter,
    clients: [],
    findAccount: async (ctx: KoaContext, sub: string): Promise<Account | undefined> => {
      const found = await usableAccount(sub);
      if (!found) return undefined;
      return {
        accountId: sub,
        // oidc-provider asks for the claims when it builds an ID token or answers userinfo: the disclosure to the
        // relying party is written to the citizen's access log first (`sub` is the PIN, so even a bare sign-in
        // discloses it). The request id ties the entry to the code or token used, so a retry writes nothing twice.
        claims: async (use: string, scope: string) => {
          const client = ctx.oidc?.client;
          const entities = ctx.oidc?.entities as Record<string, { readonly jti?: string } | undefined> | undefined;
          const source = entities?.AuthorizationCode ?? entities?.RefreshToken ?? entities?.AccessToken;
          await options.accessLog.recordMany([
            {
              subjectPin: sub,
              accessor: {
                type: 'agency',
                id: client?.clientId ?? 'unknown-client',
                ...(client?.clientName ? { name: String(client.clientName) } : {}),
              },
              fields: disclosedFields(scope),
              purpose: use === 'userinfo' ? 'oidc-userinfo' : 'oidc-id-token',
              legalBasis: 'Decree 69/2024/ND-CP: sign-in with the e-ID account at the relying party',
              outcome: 'granted',
              requestId: `oidc:${use}:${source?.jti ?? randomUUID()}`,
              channel: 'api',
            },
          ]);
          return { sub, name: found.citizen.fullName, birthdate: found.citizen.birthDate };
        },
      };
    },
    // acr and amr in every ID token (oidc-provider otherwise adds them only when the claims are requested).
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'birthdate'],
      iss: null,
      sid: null,
    },
    // The API scopes are listed too, so clients can be registered with them and discovery advertises them; access
    // tokens carry them only through the API resource (getResourceServerInfo).
    scopes: [...OIDC_SCOPES, ...API_SCOPES],
    acrValues: [...ACR_VALUES],
    conformIdTokenClaims: false,
    clientAuthMethods: [...CLIENT_AUTH_METHODS],
    enabledJWA: { clientAuthSigningAlgValues: [...CLIENT_ASSERTION_ALGS] },
    assertJwtClientAuthClaimsAndHeader: async (_ctx: KoaContext, claims: UnknownObject) => {
      const lifetime = Number(claims.exp) - Math.floor(Date.now() / 1000);
      if (!(lifetime <= MAX_CLIENT_ASSERTION_SECONDS)) {
        throw new providerErrors.InvalidClientAuth(
          `client assertions must expire within ${MAX_CLIENT_ASSERTION_SECONDS} seconds`,
        );
      }
    },
    // Only the authorization code flow: no client is registered for the implicit or hybrid flows, so discovery must
    // not advertise them (`response_types_supported`, and `implicit` in `grant_types_supported`).
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: SIGNING_ALG,
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    extraClientMetadata: {
      properties: ['first_party'],
      validator: (_ctx: unknown, key: string, value: unknown) => {
        if (key === 'first_party' && value !== undefined && typeof value !== 'boolean') {
          throw new Error('first_party must be a boolean');
        }
      },
    },
    features: {
      devInteractions: { enabled: false },
      // Off: the API's authorizer checks bearer tokens only and ignores `cnf`, so a DPoP-bound token would be taken as
      // a plain bearer one there. Advertising DPoP (oidc-provider's default) would promise a binding nobody checks.
      dPoP: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          ctx.state.formActions = formActionOrigins(ctx.oidc?.params?.post_logout_redirect_uri);
          ctx.type = 'html';
          ctx.body = options.views.logout({
            lang: languageOf(ctx),
            form,
            ...(ctx.oidc?.client?.clientName ? { clientName: ctx.oidc.client.clientName } : {}),
          });
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          ctx.type = 'html';
          ctx.body = options.views.loggedOut({
            lang: languageOf(ctx),
            ...(ctx.oidc?.client?.clientName ? { clientName: ctx.oidc.client.clientName } : {}),
          });
        },
      },
      resourceIndicators: {
        enabled: true,
        // The resource a token is for when the request names none (RFC 8707 leaves it to the server). A sign-in
        // that asks for none of the client's API scopes (`openid profile`) must not get an API token: it gets no
        // resource, so oidc-provider issues an access token for its own userinfo endpoint, the only thing such a
        // client can use one for (userinfo refuses tokens for another audience). A sign-in that asks for API scopes
        // gets the API's JWT; an agency's client credentials grant has no user and no userinfo, so it is always for
        // the API, with or without a scope parameter.
        defaultResource: async (ctx: KoaContext, client: { readonly scope?: string }, oneOf?: string[]) => {
          if (oneOf) return oneOf.includes(API_RESOURCE) ? API_RESOURCE : oneOf;
          const allowed = apiScopesOf(ctx, client);
          if (allowed.length === 0) return undefined;
          if (ctx.oidc?.params?.grant_type === 'client_credentials') return API_RESOURCE;
          return scopeList(ctx.oidc?.params?.scope).some((scope) => allowed.includes(scope)) ? API_RESOURCE : undefined;
        },
        getResourceServerInfo: async (ctx: KoaContext, indicator: string, client: { readonly scope?: string }) => {
          const allowed = apiScopesOf(ctx, client);
          if (indicator !== API_RESOURCE || allowed.length === 0) throw new providerErrors.InvalidTarget();
          if (ctx.oidc?.route === 'token' && ctx.oidc.params?.grant_type === 'client_credentials') {
            const refused = scopeList(ctx.oidc.params?.scope).filter((scope) => !allowed.includes(scope));
            const [first] = refused;
            if (first) throw new providerErrors.InvalidScope('requested scope is not allowed', first);
          }
          return {
            scope: allowed.join(' '),
            audience: API_RESOURCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: TOKEN_LIFETIMES.accessToken,
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
        useGrantedResource: async () => true,
      },
    },
    extraTokenClaims,
    interactions: {
      url: async (_ctx: KoaContext, interaction: { readonly uid: string }) => `/oidc/interaction/${interaction.uid}`,
      policy,
    },
    loadExistingGrant,
    pkce: { required: () => true },
    routes: ROUTES,
    ttl: {
      AccessToken: TOKEN_LIFETIMES.accessToken,
      ClientCredentials: TOKEN_LIFETIMES.accessToken,
      IdToken: TOKEN_LIFETIMES.idToken,
      RefreshToken: TOKEN_LIFETIMES.refreshToken,
      AuthorizationCode: TOKEN_LIFETIMES.authorizationCode,
      Interaction: TOKEN_LIFETIMES.interaction,
      Session: TOKEN_LIFETIMES.session,
      Grant: TOKEN_LIFETIMES.grant,
    },
    rotateRefreshToken: true,
    cookies: {
      keys: cookieKeys(options.keys),
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    jwks: providerJwks(options.keys),
    discovery: {
      ui_locales_supported: ['vi', 'en'],
      claims_locales_supported: ['vi'],
    },
    renderError: async (ctx: KoaContext, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = options.views.error({
        lang: languageOf(ctx),
        error: out.error,
        ...(out.error_description ? { description: out.error_description } : {}),
      });
    },
  };

  const provider = new Provider(options.issuer, configuration);
  // Client secrets are stored as salted hashes (client-credentials.ts); oidc-provider documents this method as the
  // place to compare them.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(actual: string) {
    return verifyClientSecret(actual, this.clientSecret);
  };

  // Security headers on every response; the page's form targets (the provider and where the flow returns to) are
  // only known once the route ran, so form-action is added afterwards.
  provider.use(async (ctx, next) => {
    ctx.set('content-security-policy', BASE_CSP);
    ctx.set('x-content-type-options', 'nosniff');
    // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the page's own form posts,
    // and the interaction routes refuse a post whose Origin is not the issuer's (CSRF). Nothing leaks cross-site.
    ctx.set('referrer-policy', 'same-origin');
    ctx.set('x-frame-options', 'DENY');
    ctx.set('cross-origin-opener-policy', 'same-origin');
    if (ctx.secure) ctx.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    await next();
    const targets = [
      "'self'",
      ...((ctx.state.formActions as string[] | undefined) ?? []),
      ...formActionOrigins(ctx.oidc?.params?.redirect_uri),
    ];
    const csp = ctx.response.get('content-security-policy') || BASE_CSP;
    ctx.set('content-security-policy', `${csp}; form-action ${[...new Set(targets)].join(' ')}`);
    if (String(ctx.response.get('content-type')).startsWith('text/html')) ctx.set('cache-control', 'no-store');
  });
  provider.use(passwordSetupRoutes(options));
  provider.use(interactionRoutes(provider, options));
  return provider;
};
