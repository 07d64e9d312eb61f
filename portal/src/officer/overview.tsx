/** A supervisor's view of open and overdue steps per commune and per agency (GET /v1/officer/overview). */
import { api } from '../api/client.ts';
import { RequireAuth } from '../components/auth-gate.tsx';
import { Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';

interface Overview {
  readonly province: string;
  readonly communes: readonly {
    readonly communeCode: string;
    readonly communeName?: string;
    readonly open: number;
    readonly overdue: number;
  }[];
  readonly byAgency: readonly { readonly agency: string; readonly open: number; readonly overdue: number }[];
}

const Tables = () => {
  const { t, lang } = useI18n();
  const overview = useResource(async () => (await api<Overview>('/v1/officer/overview')).body, []);
  return (
    <Show resource={overview}>
      {(o) => (
        <>
          <section class="card">
            <h2>{t('officer.commune')}</h2>
            <TableScroll>
              <table data-testid="overview-communes">
                <thead>
                  <tr>
                    <th scope="col">{t('officer.commune')}</th>
                    <th scope="col">{t('officer.openCount')}</th>
                    <th scope="col">{t('officer.overdueCount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.communes.map((c) => (
                    <tr key={c.communeCode} class={c.overdue > 0 ? 'overdue' : undefined}>
                      <td>
                        {c.communeName ?? ''} ({c.communeCode})
                      </td>
                      <td>{formatNumber(c.open, lang)}</td>
                      <td>{formatNumber(c.overdue, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <section class="card">
            <h2>{t('dossiers.agency')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dossiers.agency')}</th>
                  <th scope="col">{t('officer.openCount')}</th>
                  <th scope="col">{t('officer.overdueCount')}</th>
                </tr>
              </thead>
              <tbody>
                {o.byAgency.map((a) => (
                  <tr key={a.agency}>
                    <td>{t(`officer.agencies.${a.agency}`, { defaultValue: a.agency })}</td>
                    <td>{formatNumber(a.open, lang)}</td>
                    <td>{formatNumber(a.overdue, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </Show>
  );
};

export const OverviewPage = () => {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('officer.overviewTitle')}</h1>
      <p>{t('officer.overviewIntro')}</p>
      <RequireAuth officer>{() => <Tables />}</RequireAuth>
    </>
  );
};
