import { useLocation } from 'preact-iso';
import { signIn } from '../auth/session.ts';
import { Alert } from '../components/status.tsx';
import { useI18n } from '../i18n/i18n.ts';

/** Shown only when the sign-in redirect could not be completed (main.tsx handles the successful case). */
export const CallbackPage = () => {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  return (
    <section>
      <Alert kind="error">{t('auth.failed', { message: query.failed ?? '' })}</Alert>
      <button type="button" class="button" onClick={() => void signIn('/portal/', { language: lang })}>
        {t('auth.signInButton')}
      </button>
    </section>
  );
};
