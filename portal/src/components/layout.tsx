/**
 * The frame of every page: a skip link, the header with the language switch and the account, the navigation
 * (what the signed-in person may use), the main region and the footer. Keyboard users reach everything in order.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { signIn, signOut } from '../auth/session.ts';
import { setLanguage, useI18n } from '../i18n/i18n.ts';
import { useUser } from './auth-gate.tsx';

const isSupervisor = (roles: readonly { role: string }[]) => roles.some((r) => r.role === 'supervisor');

export const Layout = (props: { readonly children: ComponentChildren }) => {
  const { t, lang } = useI18n();
  const user = useUser();
  const { path, url } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a client-side navigation, move focus to the new page's content so screen readers announce it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  const links: [string, string][] = [
    ['/portal/services', t('nav.services')],
    ['/portal/verify', t('nav.verify')],
    ['/portal/statistics', t('nav.statistics')],
  ];
  if (user) {
    links.unshift(
      ['/portal/', t('nav.home')],
      ['/portal/dossiers', t('nav.dossiers')],
      ['/portal/access-log', t('nav.accessLog')],
      ['/portal/consents', t('nav.consents')],
      ['/portal/account/sessions', t('nav.sessions')],
    );
    if (user.officerRoles.length > 0) links.push(['/portal/officer', t('nav.inbox')]);
    if (isSupervisor(user.officerRoles)) links.push(['/portal/officer/overview', t('nav.overview')]);
  }
  links.push(['/portal/api', t('nav.api')]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="site-header">
        <div class="brand">
          <a href="/portal/" class="brand-name">
            {t('app.title')}
          </a>
          <span class="brand-sub">{t('app.subtitle')}</span>
        </div>
        <div class="header-actions">
          <button
            type="button"
            class="button button--ghost"
            lang={lang === 'vi' ? 'en' : 'vi'}
            title={t('app.languageLabel')}
            onClick={() => void setLanguage(lang === 'vi' ? 'en' : 'vi')}
          >
            {t('app.language')}
          </button>
          {user ? (
            <>
              <span class="user-name">{t('nav.signedInAs', { name: user.name ?? user.pin })}</span>
              <button type="button" class="button button--ghost" onClick={() => signOut()}>
                {t('nav.signOut')}
              </button>
            </>
          ) : (
            <button type="button" class="button" onClick={() => void signIn(url, { language: lang })}>
              {t('nav.signIn')}
            </button>
          )}
        </div>
      </header>
      <nav class="site-nav" aria-label={t('nav.label')}>
        <ul>
          {links.map(([href, label]) => (
            <li key={href}>
              <a
                href={href}
                aria-current={
                  path === href || (href !== '/portal/' && path.startsWith(`${href}/`)) ? 'page' : undefined
                }
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {props.children}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
};
