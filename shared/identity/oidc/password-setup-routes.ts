/**
 * The set-password page of the e-ID provider, reached by the one-time link a holder receives after a level-2
 * activation without an account (password-setup.ts):
 * - GET  `/oidc/set-password?token=…`  the form, or a page saying the link no longer works (410);
 * - POST `/oidc/set-password`          token, password, confirmation: sets the password once (200), asks again for a
 *   password that breaks a rule (400, the link still works), or says the link no longer works (410).
 * The token is the only secret and travels in the query and the form body, never in the path (API access logs
 * record paths). A cross-origin POST is refused.
 */
import type { KoaContext, Middleware } from 'oidc-provider';
import type { Clock } from '../../domain/clock.ts';
import type { AccountStore, PasswordSetupStore } from '../account.ts';
import type { NotificationSender } from '../notifications.ts';
import { checkPasswordSetupLink, completePasswordSetup } from '../password-setup.ts';
import type { ScryptParams } from '../passwords.ts';
import { type InteractionViews, pageLanguage, readForm } from './interactions.ts';

export const PASSWORD_SETUP_PATH = '/oidc/set-password';

export interface PasswordSetupRouteDeps {
  readonly views: InteractionViews;
  readonly issuer: string;
  readonly accounts: AccountStore;
  readonly passwordSetups: PasswordSetupStore;
  readonly notifications: NotificationSender;
  readonly clock: Clock;
  readonly hashParams?: ScryptParams;
}

/** The set-password page middleware. */
export const passwordSetupRoutes = (deps: PasswordSetupRouteDeps): Middleware => {
  const { views } = deps;
  const issuerOrigin = new URL(deps.issuer).origin;
  const useCaseDeps = { ...deps, setups: deps.passwordSetups };
  const check = checkPasswordSetupLink(useCaseDeps);
  const complete = completePasswordSetup(useCaseDeps);

  const html = (ctx: KoaContext, status: number, body: string) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = body;
    ctx.set('cache-control', 'no-store');
  };

  return async (ctx, next) => {
    if (ctx.path !== PASSWORD_SETUP_PATH) return next();
    if (ctx.method === 'GET') {
      const lang = pageLanguage(ctx);
      const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
      if (!(await check(token))) return html(ctx, token ? 410 : 400, views.passwordLinkGone({ lang }));
      return html(ctx, 200, views.setPassword({ lang, token }));
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('allow', 'GET, POST');
      return;
    }
    const origin = ctx.get('origin');
    if (origin && origin !== issuerOrigin) return html(ctx, 403, views.passwordLinkGone({ lang: pageLanguage(ctx) }));
    if (!ctx.get('content-type').startsWith('application/x-www-form-urlencoded')) {
      ctx.status = 415;
      return;
    }
    const form = await readForm(ctx.req);
    const lang = pageLanguage(ctx, form.get('lang') ?? undefined);
    const token = form.get('token') ?? '';
    const outcome = await complete({
      token,
      password: form.get('password') ?? '',
      confirmation: form.get('confirmation') ?? '',
    });
    switch (outcome.kind) {
      case 'done':
        return html(ctx, 200, views.passwordSet({ lang }));
      case 'rejected':
        return html(ctx, 400, views.setPassword({ lang, token, rejected: true }));
      default:
        return html(ctx, 410, views.passwordLinkGone({ lang }));
    }
  };
};
