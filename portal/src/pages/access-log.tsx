/** The citizen's Data Tracker: who read my data, when, which fields, why; paged and filtered by the API. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import type { AccessLogViewEntry, MyAccessLogPage } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { ErrorMessage, Loading } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatInstant } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

const PAGE_SIZE = 20;

const Log = () => {
  const { t, lang } = useI18n();
  const [accessor, setAccessor] = useState('');
  const [purpose, setPurpose] = useState('');
  const [entries, setEntries] = useState<AccessLogViewEntry[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();

  const load = async (from: string | undefined, replace: boolean) => {
    setLoading(true);
    setError(undefined);
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (from) query.set('cursor', from);
    if (accessor) query.set('accessor', accessor);
    if (purpose.trim()) query.set('purpose', purpose.trim());
    try {
      const { body } = await api<MyAccessLogPage>(`/v1/me/access-log?${query.toString()}`);
      setEntries((list) => (replace ? body.entries : [...list, ...body.entries]));
      setCursor(body.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(undefined, true);
  }, [accessor, purpose]);

  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          path="accessor"
          label={t('accessLog.filterAccessor')}
          value={accessor}
          options={[
            { value: '', label: t('accessLog.all') },
            { value: 'agency', label: t('accessLog.accessorTypes.agency') },
            { value: 'officer', label: t('accessLog.accessorTypes.officer') },
            { value: 'citizen', label: t('accessLog.accessorTypes.citizen') },
            { value: 'you', label: t('nav.home') },
          ]}
          onChange={setAccessor}
        />
        <TextField
          path="purpose"
          required={false}
          label={t('accessLog.filterPurpose')}
          value={purpose}
          onInput={setPurpose}
        />
      </form>
      {error ? <ErrorMessage error={error} onRetry={() => void load(undefined, true)} /> : null}
      {!loading && entries.length === 0 && !error ? <p>{t('accessLog.empty')}</p> : null}
      {entries.length > 0 ? (
        <TableScroll>
          <table data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">{t('accessLog.at')}</th>
                <th scope="col">{t('accessLog.accessor')}</th>
                <th scope="col">{t('accessLog.fields')}</th>
                <th scope="col">{t('accessLog.purpose')}</th>
                <th scope="col">{t('accessLog.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>{formatInstant(entry.at, lang)}</td>
                  <td>
                    {entry.who.kind === 'you' ? t('nav.home') : entry.who.label}
                    {/* The agency's system as registered (what oversight and complaints name), under its name. */}
                    {entry.who.clientId && entry.who.clientId !== entry.who.label ? (
                      <>
                        <br />
                        <small class="muted">{entry.who.clientId}</small>
                      </>
                    ) : null}
                  </td>
                  <td>{entry.fields.join(', ')}</td>
                  <td>
                    {entry.purpose}
                    <br />
                    <small class="muted">{entry.legalBasis}</small>
                  </td>
                  <td>{entry.outcome === 'granted' ? t('accessLog.granted') : t('accessLog.denied')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {loading ? <Loading /> : null}
      {cursor && !loading ? (
        <button type="button" class="button button--secondary" onClick={() => void load(cursor, false)}>
          {t('accessLog.more')}
        </button>
      ) : null}
    </>
  );
};

export const AccessLogPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('accessLog.title')}</h1>
      <p>{t('accessLog.intro')}</p>
      <RequireAuth>{() => <Log />}</RequireAuth>
    </>
  );
};
