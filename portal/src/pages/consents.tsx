/** Consents for relying parties (banks, telecoms): which fields, until when; grant (level 2) and revoke. */
import { useState } from 'preact/hooks';
import { CONSENT_CLIENTS } from '../../../shared/consent/relying-parties.ts';
import { AGENCY_SCOPES } from '../../../shared/identity/scopes.ts';
import { api } from '../api/client.ts';
import type { ConsentView } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { ChoiceGroup, SelectField, TextField } from '../components/fields.tsx';
import { Alert, ErrorMessage, Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatInstant } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

const clientIds = Object.keys(CONSENT_CLIENTS);

const Consents = (props: { readonly level: 1 | 2 }) => {
  const { t, lang } = useI18n();
  const consents = useResource(
    async () => (await api<{ consents: (ConsentView & { active: boolean })[] }>('/v1/me/consents')).body.consents,
    [],
  );
  const [clientId, setClientId] = useState(clientIds[0] ?? '');
  const allowed = clientId ? [...AGENCY_SCOPES[CONSENT_CLIENTS[clientId]?.scope ?? 'ekyc:identity'].allowedFields] : [];
  const [fields, setFields] = useState<string[]>([]);
  const [days, setDays] = useState('90');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const fieldName = (f: string) => t(`consents.fieldNames.${f}`, { defaultValue: f });

  const grant = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setMessage(undefined);
    try {
      await api(`/v1/me/consents/${encodeURIComponent(clientId)}`, {
        method: 'PUT',
        body: { fields, days: Number(days) },
      });
      setMessage(t('consents.granted'));
      consents.reload();
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await api(`/v1/me/consents/${encodeURIComponent(id)}`, { method: 'DELETE' });
      consents.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      {error ? <ErrorMessage error={error} /> : null}
      {message ? <Alert kind="success">{message}</Alert> : null}
      <Show resource={consents}>
        {(list) =>
          list.length === 0 ? (
            <p>{t('consents.none')}</p>
          ) : (
            <TableScroll>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('consents.client')}</th>
                    <th scope="col">{t('consents.fields')}</th>
                    <th scope="col">{t('consents.grantedAt')}</th>
                    <th scope="col">{t('consents.expiresAt')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('consents.revoke')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((c) => (
                    <tr key={c.clientId}>
                      <td>{CONSENT_CLIENTS[c.clientId]?.name ?? c.clientId}</td>
                      <td>{c.fields.map(fieldName).join(', ')}</td>
                      <td>{formatInstant(c.grantedAt, lang)}</td>
                      <td>{formatInstant(c.expiresAt, lang)}</td>
                      <td>
                        {c.active ? (
                          <button
                            type="button"
                            class="button button--small button--secondary"
                            onClick={() => void revoke(c.clientId)}
                          >
                            {t('consents.revoke')}
                            <span class="visually-hidden">: {CONSENT_CLIENTS[c.clientId]?.name ?? c.clientId}</span>
                          </button>
                        ) : (
                          t('consents.revoked')
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
      {props.level === 2 ? (
        <form class="card" onSubmit={grant}>
          <h2>{t('consents.grant')}</h2>
          <SelectField
            path="clientId"
            label={t('consents.client')}
            value={clientId}
            options={clientIds.map((id) => ({ value: id, label: CONSENT_CLIENTS[id]?.name ?? id }))}
            onChange={(v) => {
              setClientId(v);
              setFields([]);
            }}
          />
          <ChoiceGroup
            kind="checkbox"
            path="fields"
            label={t('consents.fields')}
            options={allowed.map((f) => ({ value: f, label: fieldName(f) }))}
            selected={fields}
            onToggle={(value, checked) =>
              setFields((list) => (checked ? [...list, value] : list.filter((f) => f !== value)))
            }
          />
          <TextField path="days" type="number" label={t('consents.days')} value={days} onInput={setDays} />
          <button type="submit" class="button">
            {t('consents.grant')}
          </button>
        </form>
      ) : (
        <Alert kind="info">{t('auth.level2Required')}</Alert>
      )}
    </>
  );
};

export const ConsentsPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('consents.title')}</h1>
      <p>{t('consents.intro')}</p>
      <RequireAuth>{(user) => <Consents level={user.level} />}</RequireAuth>
    </>
  );
};
