import { api } from '../api/client.ts';
import type { DossierSummary } from '../api/types.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatDate, formatInstant } from '../i18n/format.ts';
import { pick, useI18n } from '../i18n/i18n.ts';

const List = () => {
  const { t, lang } = useI18n();
  const dossiers = useResource(
    async () => (await api<{ dossiers: DossierSummary[] }>('/v1/me/dossiers')).body.dossiers,
    [],
  );
  return (
    <Show resource={dossiers}>
      {(list) =>
        list.length === 0 ? (
          <p>{t('dossiers.empty')}</p>
        ) : (
          <TableScroll>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dossiers.id')}</th>
                  <th scope="col">{t('dossiers.group')}</th>
                  <th scope="col">{t('dossiers.status')}</th>
                  <th scope="col">{t('dossiers.submittedAt')}</th>
                  <th scope="col">{t('dossiers.expectedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {[...list]
                  .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
                  .map((d) => (
                    <tr key={d.id}>
                      <td>
                        <a href={`/portal/dossiers/${d.id}`}>{d.id}</a>
                      </td>
                      <td>{d.title ? pick(d.title, lang) : t(`dossiers.groups.${d.group}`)}</td>
                      <td>{t(`dossiers.statuses.${d.status}`)}</td>
                      <td>{formatInstant(d.submittedAt, lang)}</td>
                      <td>{formatDate(d.expectedBy, lang)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        )
      }
    </Show>
  );
};

export const DossiersPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('dossiers.title')}</h1>
      <RequireAuth>{() => <List />}</RequireAuth>
    </>
  );
};
