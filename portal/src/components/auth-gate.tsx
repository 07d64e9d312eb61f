/**
 * Pages that need a signed-in citizen (or officer) render through `RequireAuth`: signed out, it offers the
 * sign-in button; after a reload it first tries a silent sign-in, since tokens are kept only in memory.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { currentUser, onSessionChange, type SignedInUser, signIn, wasSignedIn } from '../auth/session.ts';
import { useI18n } from '../i18n/i18n.ts';
import { Alert } from './status.tsx';

export const useUser = (): SignedInUser | undefined => {
  const [user, setUser] = useState(currentUser());
  useEffect(() => {
    setUser(currentUser());
    return onSessionChange(() => setUser(currentUser()));
  }, []);
  return user;
};

export const RequireAuth = (props: {
  readonly children: (user: SignedInUser) => ComponentChildren;
  readonly level?: 1 | 2;
  readonly officer?: boolean;
}) => {
  const user = useUser();
  const { t, lang } = useI18n();
  const { url } = useLocation();
  const [silent] = useState(() => !user && wasSignedIn());
  useEffect(() => {
    if (silent) void signIn(url, { silent: true, language: lang });
  }, [silent, url, lang]);
  if (!user) {
    if (silent) return <p role="status">{t('auth.restoring')}</p>;
    return (
      <section class="card">
        <p>{t('auth.required')}</p>
        <button type="button" class="button" onClick={() => void signIn(url, { language: lang })}>
          {t('auth.signInButton')}
        </button>
      </section>
    );
  }
  if (props.level === 2 && user.level < 2) return <Alert kind="warning">{t('auth.level2Required')}</Alert>;
  if (props.officer && user.officerRoles.length === 0) return <Alert kind="warning">{t('auth.officerRequired')}</Alert>;
  return <>{props.children(user)}</>;
};
