/**
 * The sign-in pages of the e-ID provider, as Koa middleware in front of oidc-provider (its "interactions"):
 * `/oidc/interaction/<uid>` shows the step the provider asks for (login or consent), then
 * - POST `.../login`    PIN + password (step 1), sends a one-time code and redirects to `.../otp`;
 * - GET `.../otp`       the code page again (after a reload);
 * - POST `.../otp`      the code (step 2), finishes the login with acr = the account level and amr pwd + otp;
 * - POST `.../consent`  the citizen allows a relying party the listed data;
 * - POST `.../abort`    the citizen goes back to the service (access_denied, or unmet_authentication_requirements).
 * CSRF: the interaction id in the URL must equal the one in oidc-provider's interaction cookie, which is
 * SameSite=Lax (not sent on cross-site POSTs), and a cross-origin `Origin` header is refused.
 */
import type { IncomingMessage } from 'node:http';
import { errors, type Interaction, type KoaContext, type Middleware, type Provider } from 'oidc-provider';
import { type AccountLevel, requiredLevel } from '../levels.ts';
import { loginSource } from '../lockout.ts';
import { DEFAULT_ONE_TIME_CODE_POLICY } from '../one-time-codes.ts';
import { checkPassword, type SignInDeps, sendSignInCode, verifySignInCode } from '../sign-in.ts';
import { requestAddress } from '../viewer-address.ts';

export type Language = 'vi' | 'en';
export const LANGUAGES: readonly Language[] = ['vi', 'en'];

export type LoginNotice =
  | { readonly kind: 'invalid-credentials'; readonly attemptsLeft: number }
  | { readonly kind: 'locked'; readonly lockedUntil: number }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'level-too-low'; readonly level: AccountLevel; readonly required: AccountLevel }
  | { readonly kind: 'missing-fields' }
  | { readonly kind: 'code-expired' }
  | { readonly kind: 'code-exhausted' }
  | { readonly kind: 'code-missing' };

export type CodeNotice = { readonly kind: 'wrong'; readonly attemptsLeft: number } | { readonly kind: 'missing-code' };

export interface PageBase {
  readonly lang: Language;
  readonly uid: string;
  /** The relying party the citizen is signing in to. */
  readonly clientName: string;
}

/** The HTML pages (functions/identity/views): pure functions from what to show to a document. */
export interface InteractionViews {
  readonly stylesheet: string;
  login(
    page: PageBase & { readonly pin?: string; readonly notice?: LoginNotice; readonly requiredLevel?: AccountLevel },
  ): string;
  oneTimeCode(
    page: PageBase & { readonly notice?: CodeNotice; readonly validMinutes: number; readonly maskedPin: string },
  ): string;
  consent(
    page: PageBase & {
      readonly scopes: readonly string[];
      /** An app on this device (loopback redirect) rather than the service's website. */
      readonly deviceApp: boolean;
    },
  ): string;
  /** The sign-in session is gone (expired, finished, or opened in another browser). */
  interactionGone(page: { readonly lang: Language }): string;
  /** RP-initiated logout confirmation; `form` is oidc-provider's hidden form (id `op.logoutForm`). */
  logout(page: { readonly lang: Language; readonly form: string; readonly clientName?: string }): string;
  loggedOut(page: { readonly lang: Language; readonly clientName?: string }): string;
  error(page: { readonly lang: Language; readonly error: string; readonly description?: string }): string;
  /** The set-password form of a one-time link; `rejected` when the last attempt broke a rule. */
  setPassword(page: { readonly lang: Language; readonly token: string; readonly rejected?: boolean }): string;
  passwordSet(page: { readonly lang: Language }): string;
  /** The link is unknown, used or expired. */
  passwordLinkGone(page: { readonly lang: Language }): string;
}

export const STYLESHEET_PATH = '/oidc/assets/p06.css';
const INTERACTION = /^\/oidc\/interaction\/([\w-]{10,64})(?:\/(login|otp|consent|abort))?$/;
/**
 * The methods each interaction path answers (a 405 lists them in `Allow`): the step's page is only shown, the code
 * page is shown and posted (a wrong code shows it again), the other actions are only posted.
 */
const INTERACTION_METHODS: Readonly<Record<'page' | 'login' | 'otp' | 'consent' | 'abort', readonly string[]>> = {
  page: ['GET'],
  otp: ['GET', 'POST'],
  login: ['POST'],
  consent: ['POST'],
  abort: ['POST'],
};
const MAX_FORM_BYTES = 16 * 1024;

/**
 * The client address the lockout counts a sign-in attempt against: the socket's remote address, which serverless-http
 * sets from the event's `requestContext.identity.sourceIp` (what API Gateway saw), or behind the portal's CloudFront
 * distribution the viewer's address it vouches for with the edge's secret (shared/identity/viewer-address.ts); never
 * `ctx.ip`, which would read X-Forwarded-For if the application were told to trust proxies.
 */
const sourceOf = async (ctx: KoaContext, deps: InteractionDeps): Promise<string> =>
  loginSource(requestAddress(ctx.req.socket.remoteAddress, ctx.req.headers, await deps.edgeSecret?.()));

const firstString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

const asLanguage = (value: string | undefined): Language | undefined =>
  LANGUAGES.find((lang) => lang === value?.toLowerCase().slice(0, 2));

/**
 * The page language: an explicit `lang` (query or form), then the relying party's `ui_locales`, then the browser's
 * Accept-Language; Vietnamese by default.
 */
export const pageLanguage = (ctx: KoaContext, explicit?: string, uiLocales?: string): Language =>
  asLanguage(explicit) ??
  asLanguage(firstString(ctx.query.lang)) ??
  (uiLocales ?? '').split(' ').map(asLanguage).find(Boolean) ??
  (ctx.get('accept-language') ? asLanguage(ctx.acceptsLanguages(...LANGUAGES) || undefined) : undefined) ??
  'vi';

export const readForm = (req: IncomingMessage): Promise<URLSearchParams> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(Object.assign(new Error('form too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });

/** Origins a form on the page may lead to: the provider itself and where the flow returns to. */
const originOf = (uri: unknown): string | undefined => {
  if (typeof uri !== 'string') return undefined;
  return URL.parse(uri)?.origin;
};

export const formActionOrigins = (...uris: unknown[]): string[] => [
  ...new Set(uris.map(originOf).filter((o): o is string => o !== undefined && o !== 'null')),
];

const normalisePin = (text: string) => text.normalize('NFKC').replace(/\s+/g, '');

const maskPin = (pin: string) => `${'•'.repeat(Math.max(0, pin.length - 4))}${pin.slice(-4)}`;

export interface InteractionDeps extends SignInDeps {
  readonly views: InteractionViews;
  readonly issuer: string;
  /** The secret with which the portal's CloudFront distribution vouches for the viewer's address, where there is one. */
  readonly edgeSecret?: () => Promise<string | undefined>;
}

/** The sign-in pages middleware for `provider`. */
export const interactionRoutes = (provider: Provider, deps: InteractionDeps): Middleware => {
  const { views } = deps;
  const issuerOrigin = new URL(deps.issuer).origin;
  const codePolicy = deps.oneTimeCodes ?? DEFAULT_ONE_TIME_CODE_POLICY;

  const html = (ctx: KoaContext, status: number, body: string, formTargets: readonly string[] = []) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = body;
    ctx.state.formActions = formTargets;
  };

  const clientNameOf = async (interaction: Interaction) => {
    const client = interaction.params.client_id ? await provider.Client.find(interaction.params.client_id) : undefined;
    return { client, name: client?.clientName ?? client?.clientId ?? '' };
  };

  const levelRequiredBy = async (interaction: Interaction): Promise<AccountLevel | undefined> => {
    const { client } = await clientNameOf(interaction);
    return requiredLevel(interaction.params.acr_values) ?? requiredLevel(client?.defaultAcrValues);
  };

  const finish = async (ctx: KoaContext, result: Parameters<Provider['interactionResult']>[2], merge: boolean) => {
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: merge });
    ctx.status = 303;
    ctx.redirect(returnTo);
  };

  const renderLogin = async (
    ctx: KoaContext,
    interaction: Interaction,
    lang: Language,
    status: number,
    extra: { pin?: string; notice?: LoginNotice } = {},
  ) => {
    const { name } = await clientNameOf(interaction);
    const required = await levelRequiredBy(interaction);
    html(
      ctx,
      status,
      views.login({ lang, uid: interaction.uid, clientName: name, requiredLevel: required, ...extra }),
      formActionOrigins(interaction.params.redirect_uri),
    );
  };

  const handlers = {
    async show(ctx: KoaContext, interaction: Interaction, lang: Language) {
      const { client, name } = await clientNameOf(interaction);
      if (interaction.prompt.name === 'login') return renderLogin(ctx, interaction, lang, 200);
      if (interaction.prompt.name === 'consent') {
        // What the client will hold once the citizen agrees: what it has already (first-party clients, or a
        // consent asked again with prompt=consent) and what it asks for now.
        const details = interaction.prompt.details;
        const grant = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
        const granted = grant
          ? [grant.getOIDCScope(), ...Object.keys(grant.resources ?? {}).map((r) => grant.getResourceScope(r))]
          : [];
        const scopes = [
          ...granted.flatMap((scope) => scope.split(' ')),
          ...(details.missingOIDCScope ?? []),
          ...Object.values(details.missingResourceScopes ?? {}).flat(),
        ].filter((scope) => scope !== '' && scope !== 'openid');
        return html(
          ctx,
          200,
          views.consent({
            lang,
            uid: interaction.uid,
            clientName: name,
            scopes: [...new Set(scopes)],
            deviceApp: client?.applicationType === 'native',
          }),
          formActionOrigins(interaction.params.redirect_uri),
        );
      }
      return html(ctx, 400, views.interactionGone({ lang }));
    },

    async login(ctx: KoaContext, interaction: Interaction, lang: Language, form: URLSearchParams) {
      if (interaction.prompt.name !== 'login') return handlers.show(ctx, interaction, lang);
      const pin = normalisePin(form.get('pin') ?? '');
      const password = form.get('password') ?? '';
      if (pin === '' || password === '') {
        return renderLogin(ctx, interaction, lang, 400, { pin, notice: { kind: 'missing-fields' } });
      }
      const result = await checkPassword(deps)({
        pin,
        password,
        requiredLevel: await levelRequiredBy(interaction),
        source: await sourceOf(ctx, deps),
      });
      if (!result.ok) {
        const status = { 'invalid-credentials': 401, locked: 429, unavailable: 403, 'level-too-low': 403 }[
          result.reason
        ];
        if (result.reason === 'locked')
          ctx.set('retry-after', String(Math.ceil((result.lockedUntil - Date.now()) / 1000)));
        const notice: LoginNotice =
          result.reason === 'invalid-credentials'
            ? { kind: 'invalid-credentials', attemptsLeft: result.attemptsLeft }
            : result.reason === 'locked'
              ? { kind: 'locked', lockedUntil: result.lockedUntil }
              : result.reason === 'level-too-low'
                ? { kind: 'level-too-low', level: result.level, required: result.required }
                : { kind: 'unavailable' };
        return renderLogin(ctx, interaction, lang, status, { pin, notice });
      }
      await sendSignInCode(deps)(interaction.uid, result.pin);
      ctx.status = 303;
      ctx.redirect(`/oidc/interaction/${interaction.uid}/otp?lang=${lang}`);
    },

    async showCode(ctx: KoaContext, interaction: Interaction, lang: Language, notice?: CodeNotice) {
      if (interaction.prompt.name !== 'login') return handlers.show(ctx, interaction, lang);
      const pending = await deps.codes.get(interaction.uid);
      if (!pending) {
        ctx.status = 303;
        return ctx.redirect(`/oidc/interaction/${interaction.uid}?lang=${lang}`);
      }
      const { name } = await clientNameOf(interaction);
      html(
        ctx,
        notice ? 400 : 200,
        views.oneTimeCode({
          lang,
          uid: interaction.uid,
          clientName: name,
          validMinutes: Math.round(codePolicy.ttlSeconds / 60),
          maskedPin: maskPin(pending.subject),
          ...(notice ? { notice } : {}),
        }),
        formActionOrigins(interaction.params.redirect_uri),
      );
    },

    async code(ctx: KoaContext, interaction: Interaction, lang: Language, form: URLSearchParams) {
      if (interaction.prompt.name !== 'login') return handlers.show(ctx, interaction, lang);
      const code = (form.get('code') ?? '').trim();
      if (code === '') return handlers.showCode(ctx, interaction, lang, { kind: 'missing-code' });
      const result = await verifySignInCode(deps)(interaction.uid, code, await sourceOf(ctx, deps));
      if (result.ok) {
        return finish(
          ctx,
          { login: { accountId: result.pin, acr: result.acr, amr: ['pwd', 'otp'], remember: false } },
          false,
        );
      }
      switch (result.reason) {
        case 'wrong':
          if (result.attemptsLeft > 0) {
            return handlers.showCode(ctx, interaction, lang, { kind: 'wrong', attemptsLeft: result.attemptsLeft });
          }
          return renderLogin(ctx, interaction, lang, 400, { notice: { kind: 'code-exhausted' } });
        case 'locked':
          ctx.set('retry-after', String(Math.ceil((result.lockedUntil - Date.now()) / 1000)));
          return renderLogin(ctx, interaction, lang, 429, {
            notice: { kind: 'locked', lockedUntil: result.lockedUntil },
          });
        case 'expired':
          return renderLogin(ctx, interaction, lang, 400, { notice: { kind: 'code-expired' } });
        case 'exhausted':
          return renderLogin(ctx, interaction, lang, 400, { notice: { kind: 'code-exhausted' } });
        case 'unavailable':
          return renderLogin(ctx, interaction, lang, 403, { notice: { kind: 'unavailable' } });
        default:
          return renderLogin(ctx, interaction, lang, 400, { notice: { kind: 'code-missing' } });
      }
    },

    async consent(ctx: KoaContext, interaction: Interaction, lang: Language) {
      if (interaction.prompt.name !== 'consent') return handlers.show(ctx, interaction, lang);
      const accountId = interaction.session?.accountId;
      const clientId = interaction.params.client_id;
      if (!accountId || !clientId) return html(ctx, 400, views.interactionGone({ lang }));
      const grant =
        (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
        new provider.Grant({ accountId, clientId });
      const { details } = interaction.prompt;
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
      const grantId = await grant.save();
      return finish(ctx, { consent: interaction.grantId ? {} : { grantId } }, true);
    },

    async abort(ctx: KoaContext, _interaction: Interaction, _lang: Language, form: URLSearchParams) {
      const level = form.get('reason') === 'level';
      return finish(
        ctx,
        level
          ? {
              error: 'unmet_authentication_requirements',
              error_description: 'the e-ID account does not have the level the service requires',
            }
          : { error: 'access_denied', error_description: 'the citizen went back to the service without signing in' },
        false,
      );
    },
  };

  return async (ctx, next) => {
    if (ctx.path === STYLESHEET_PATH && ctx.method === 'GET') {
      ctx.status = 200;
      ctx.type = 'text/css; charset=utf-8';
      ctx.set('cache-control', 'public, max-age=3600');
      ctx.body = views.stylesheet;
      return;
    }
    const match = INTERACTION.exec(ctx.path);
    if (!match) return next();
    const [, uid, action] = match;
    ctx.set('cache-control', 'no-store');
    // The pattern admits only these actions.
    const allowed = INTERACTION_METHODS[(action ?? 'page') as keyof typeof INTERACTION_METHODS];
    if (!allowed.includes(ctx.method)) {
      ctx.status = 405;
      ctx.set('allow', allowed.join(', '));
      return;
    }
    const isPost = ctx.method === 'POST';
    const origin = ctx.get('origin');
    if (isPost && origin && origin !== issuerOrigin) {
      return html(ctx, 403, views.interactionGone({ lang: pageLanguage(ctx) }));
    }
    let form = new URLSearchParams();
    if (isPost) {
      if (!ctx.get('content-type').startsWith('application/x-www-form-urlencoded')) {
        ctx.status = 415;
        return;
      }
      form = await readForm(ctx.req);
    }
    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound)
        return html(ctx, 400, views.interactionGone({ lang: pageLanguage(ctx, form.get('lang') ?? undefined) }));
      throw error;
    }
    const lang = pageLanguage(ctx, form.get('lang') ?? undefined, interaction.params.ui_locales);
    // The cookie names the interaction this browser started; a URL naming another one is not this browser's.
    if (interaction.uid !== uid) return html(ctx, 400, views.interactionGone({ lang }));
    if (!isPost)
      return action === 'otp' ? handlers.showCode(ctx, interaction, lang) : handlers.show(ctx, interaction, lang);
    switch (action) {
      case 'login':
        return handlers.login(ctx, interaction, lang, form);
      case 'otp':
        return handlers.code(ctx, interaction, lang, form);
      case 'consent':
        return handlers.consent(ctx, interaction, lang);
      default:
        return handlers.abort(ctx, interaction, lang, form);
    }
  };
};
