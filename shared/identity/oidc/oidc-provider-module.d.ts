/**
 * The part of oidc-provider 9 (a JavaScript package without bundled types; @types/oidc-provider is not a
 * dependency) that this platform uses, typed from its documentation (docs/README.md of panva/node-oidc-provider).
 * Widen it when the platform starts using more of the library.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type UnknownObject = Record<string, unknown>;

  export interface Cookies {
    get(name: string, options?: UnknownObject): string | undefined;
    set(name: string, value: string | null, options?: UnknownObject): void;
  }

  export interface ClientModel {
    readonly clientId: string;
    readonly clientName?: string;
    readonly applicationType: 'web' | 'native';
    readonly clientAuthMethod: string;
    readonly scope?: string;
    readonly redirectUris: readonly string[];
    readonly postLogoutRedirectUris: readonly string[];
    readonly defaultAcrValues?: readonly string[];
    readonly [extra: string]: unknown;
    grantTypeAllowed(type: string): boolean;
    redirectUriAllowed(uri: string): boolean;
  }

  export interface SessionModel {
    readonly accountId?: string;
    readonly acr?: string;
    readonly amr?: readonly string[];
    readonly uid?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  export interface ResourceServerInfo {
    readonly scope: string;
    readonly audience?: string;
    readonly accessTokenTTL?: number;
    readonly accessTokenFormat?: 'opaque' | 'jwt';
    readonly jwt?: { readonly sign?: { readonly alg?: string; readonly kid?: string } };
  }

  export interface OidcParams extends UnknownObject {
    readonly client_id?: string;
    readonly redirect_uri?: string;
    readonly scope?: string;
    readonly acr_values?: string;
    readonly ui_locales?: string;
    readonly resource?: string | string[];
  }

  export interface OidcContext {
    readonly route: string;
    readonly issuer: string;
    readonly client?: ClientModel;
    readonly session: SessionModel;
    /** Undefined on routes without parameters (discovery, JWKS). */
    readonly params?: OidcParams;
    readonly grant?: GrantModel;
    readonly result?: InteractionResults;
    readonly resourceServers: Record<string, { readonly scopes: ReadonlySet<string> }>;
    readonly requestParamScopes: ReadonlySet<string>;
    readonly requestParamOIDCScopes: ReadonlySet<string>;
    readonly entities: {
      readonly AuthorizationCode?: { readonly acr?: string; readonly amr?: readonly string[] };
      readonly RefreshToken?: { readonly acr?: string; readonly amr?: readonly string[] };
      readonly [name: string]: unknown;
    };
    urlFor(name: string, options?: UnknownObject): string;
  }

  /** The Koa context (koa 3), as much of it as the platform touches. */
  export interface KoaContext {
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    readonly method: string;
    readonly path: string;
    readonly href: string;
    readonly secure: boolean;
    readonly query: Record<string, string | string[] | undefined>;
    readonly cookies: Cookies;
    status: number;
    body: unknown;
    type: string;
    /** Present on the provider's own routes only. */
    readonly oidc?: OidcContext;
    readonly state: Record<string, unknown>;
    get(field: string): string;
    set(field: string, value: string): void;
    remove(field: string): void;
    redirect(url: string): void;
    acceptsLanguages(...languages: string[]): string | false;
    readonly response: {
      readonly headers: Record<string, string | string[] | number | undefined>;
      get(field: string): string;
    };
  }

  export type Next = () => Promise<unknown>;
  export type Middleware = (ctx: KoaContext, next: Next) => Promise<unknown> | unknown;

  export interface AccountClaims extends UnknownObject {
    readonly sub: string;
  }

  export interface Account {
    readonly accountId: string;
    claims(use: string, scope: string, claims: UnknownObject, rejected: readonly string[]): Promise<AccountClaims>;
  }

  export interface TokenModel {
    readonly kind: string;
    readonly jti: string;
    readonly accountId?: string;
    readonly clientId?: string;
    readonly scope?: string;
    readonly grantId?: string;
    readonly acr?: string;
  }

  export interface GrantModel {
    readonly jti?: string;
    readonly accountId?: string;
    readonly clientId?: string;
    /** Granted scope per resource indicator. */
    readonly resources?: Readonly<Record<string, string>>;
    addOIDCScope(scope: string): void;
    rejectOIDCScope(scope: string): void;
    addOIDCClaims(claims: readonly string[]): void;
    addResourceScope(resource: string, scope: string): void;
    rejectResourceScope(resource: string, scope: string): void;
    getOIDCScope(): string;
    getResourceScope(resource: string): string;
    save(ttl?: number): Promise<string>;
  }

  export interface GrantStatic {
    new (payload: { accountId: string; clientId: string }): GrantModel;
    find(id: string): Promise<GrantModel | undefined>;
  }

  export interface InteractionResults extends UnknownObject {
    readonly login?: {
      readonly accountId: string;
      readonly acr?: string;
      readonly amr?: readonly string[];
      readonly remember?: boolean;
      readonly ts?: number;
    };
    readonly consent?: { readonly grantId?: string };
    readonly error?: string;
    readonly error_description?: string;
  }

  export interface Interaction {
    readonly uid: string;
    readonly exp: number;
    readonly prompt: {
      readonly name: 'login' | 'consent' | string;
      readonly reasons: readonly string[];
      readonly details: {
        readonly missingOIDCScope?: readonly string[];
        readonly missingOIDCClaims?: readonly string[];
        readonly missingResourceScopes?: Readonly<Record<string, readonly string[]>>;
        readonly [key: string]: unknown;
      };
    };
    readonly params: OidcParams;
    readonly session?: { readonly accountId?: string; readonly acr?: string; readonly uid?: string };
    readonly grantId?: string;
    readonly returnTo: string;
  }

  /** The storage interface (example/my_adapter.js). */
  export interface Adapter {
    upsert(id: string, payload: UnknownObject, expiresIn: number | undefined): Promise<void>;
    find(id: string): Promise<UnknownObject | undefined>;
    findByUserCode(userCode: string): Promise<UnknownObject | undefined>;
    findByUid(uid: string): Promise<UnknownObject | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterConstructor = new (modelName: string) => Adapter;

  export interface CheckInstance {
    readonly reason: string;
  }

  export interface PromptInstance {
    readonly name: string;
    readonly checks: CheckInstance[] & {
      get(reason: string): CheckInstance | undefined;
      remove(reason: string): void;
      add(check: CheckInstance, index?: number): void;
    };
  }

  export type Policy = PromptInstance[] & {
    get(name: string): PromptInstance | undefined;
    remove(name: string): void;
    add(prompt: PromptInstance, index?: number): void;
  };

  export const interactionPolicy: {
    base(): Policy;
    Check: {
      new (
        reason: string,
        description: string,
        check: (ctx: KoaContext) => boolean | Promise<boolean>,
        details?: (ctx: KoaContext) => UnknownObject | Promise<UnknownObject>,
      ): CheckInstance;
      new (
        reason: string,
        description: string,
        error: string,
        check: (ctx: KoaContext) => boolean | Promise<boolean>,
        details?: (ctx: KoaContext) => UnknownObject | Promise<UnknownObject>,
      ): CheckInstance;
      readonly REQUEST_PROMPT: true;
      readonly NO_NEED_TO_PROMPT: false;
    };
  };

  export class OIDCProviderError extends Error {
    readonly error: string;
    readonly error_description?: string;
    status: number;
    statusCode: number;
  }

  export const errors: {
    readonly OIDCProviderError: typeof OIDCProviderError;
    readonly SessionNotFound: typeof OIDCProviderError;
    readonly InvalidGrant: new (description?: string) => OIDCProviderError;
    readonly InvalidClientAuth: new (detail?: string) => OIDCProviderError;
    readonly InvalidScope: new (description: string, scope: string) => OIDCProviderError;
    readonly InvalidTarget: new (description?: string) => OIDCProviderError;
    readonly AccessDenied: new (description?: string) => OIDCProviderError;
  };

  /** Configuration, loosely typed: see docs/README.md "Configuration options". */
  export type Configuration = UnknownObject;

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    /** The context of the request being handled (AsyncLocalStorage), e.g. inside an adapter call; else undefined. */
    static readonly ctx: KoaContext | undefined;
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: GrantStatic;
    readonly Client: {
      find(id: string): Promise<ClientModel | undefined>;
      /** Overridable (docs: "Client#compareClientSecret"): how a presented secret is compared with the stored one. */
      prototype: { compareClientSecret(this: ClientModel, actual: string): Promise<boolean> | boolean };
    };
    use(middleware: Middleware): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
  }

  export default Provider;
}
