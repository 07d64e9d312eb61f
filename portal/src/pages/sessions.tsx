/** Sessions and devices: where my e-ID account is signed in, and ending a sign-in (`/v1/me/sessions`). */
import { useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { Alert, ErrorMessage, Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatInstant } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

interface SignIn {
  readonly id: string;
  readonly kind: 'browser' | 'app';
  readonly clients: readonly { readonly clientId: string; readonly name: string }[];
  readonly signedInAt?: string;
  readonly lastUsedAt: string;
  readonly device?: string;
  readonly ipPrefix?: string;
  readonly level?: 1 | 2;
  readonly current: boolean;
}

const Sessions = () => {
  const { t, lang } = useI18n();
  const sessions = useResource(async () => (await api<{ sessions: SignIn[] }>('/v1/me/sessions')).body.sessions, []);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();

  const revoke = async (signIn: SignIn) => {
    setError(undefined);
    setMessage(undefined);
    try {
      await api(`/v1/me/sessions/${encodeURIComponent(signIn.id)}`, { method: 'DELETE' });
      setMessage(t('sessions.revoked'));
      sessions.reload();
    } catch (e) {
      setError(e);
    }
  };

  const deviceOf = (s: SignIn) =>
    [s.device ?? t(s.kind === 'app' ? 'sessions.anApp' : 'sessions.unknownDevice'), s.ipPrefix]
      .filter(Boolean)
      .join(' · ');

  return (
    <>
      {error ? <ErrorMessage error={error} /> : null}
      {message ? <Alert kind="success">{message}</Alert> : null}
      <Show resource={sessions}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('sessions.none')}</p>
          ) : (
            <TableScroll>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('sessions.device')}</th>
                    <th scope="col">{t('sessions.clients')}</th>
                    <th scope="col">{t('sessions.signedInAt')}</th>
                    <th scope="col">{t('sessions.lastUsedAt')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('sessions.revoke')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <td>
                        {deviceOf(s)}
                        {s.level ? ` (${t('sessions.level', { level: s.level })})` : null}
                      </td>
                      <td>{s.clients.map((c) => c.name).join(', ')}</td>
                      <td>{s.signedInAt ? formatInstant(s.signedInAt, lang) : '—'}</td>
                      <td>{formatInstant(s.lastUsedAt, lang)}</td>
                      <td>
                        {s.current ? (
                          <strong>{t('sessions.current')}</strong>
                        ) : (
                          <button
                            type="button"
                            class="button button--small button--secondary"
                            onClick={() => void revoke(s)}
                          >
                            {t('sessions.revoke')}
                            <span class="visually-hidden">: {deviceOf(s)}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Show>
    </>
  );
};

export const SessionsPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('sessions.title')}</h1>
      <p>{t('sessions.intro')}</p>
      <RequireAuth>{() => <Sessions />}</RequireAuth>
    </>
  );
};
