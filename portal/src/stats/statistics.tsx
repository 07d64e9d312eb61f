/**
 * For policy makers: the population by province, sex and age (a pyramid per province, a bar chart of the 34
 * provinces), and the Project 06 dossier indicators by month with a CSV export (supervisors and agencies with
 * `npdb:statistics`).
 */
import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'preact/hooks';
import { api, apiFetch } from '../api/client.ts';
import { useUser } from '../components/auth-gate.tsx';
import { SelectField } from '../components/fields.tsx';
import { Alert, ErrorMessage, Show, useResource } from '../components/status.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { formatMonth, formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.ts';
import { BarChart } from './chart.tsx';

interface SexCounts {
  readonly male: number;
  readonly female: number;
  readonly total: number;
}
interface ProvinceStatistics {
  readonly code: string;
  readonly name: string;
  readonly total: number;
  readonly bySex: SexCounts;
  readonly byAgeGroup: Record<string, SexCounts>;
}
interface PopulationStatistics {
  readonly asOfMonth: string;
  readonly total: number;
  readonly bySex: SexCounts;
  readonly byAgeGroup: Record<string, SexCounts>;
  readonly provinces: ProvinceStatistics[];
}
interface KpiRow {
  readonly month: string;
  readonly province: string;
  readonly group: string;
  readonly submitted: number;
  readonly completed: number;
  readonly completedOnTime: number;
  readonly rejected: number;
  readonly failed: number;
  readonly open: number;
}

const MALE = '#1f5fa8';
const FEMALE = '#b0306a';

const Pyramid = (props: { readonly title: string; readonly byAgeGroup: Record<string, SexCounts> }) => {
  const { t, lang } = useI18n();
  const groups = Object.keys(props.byAgeGroup);
  const config = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: [...groups].reverse(),
        datasets: [
          {
            label: t('stats.male'),
            data: [...groups].reverse().map((g) => -(props.byAgeGroup[g]?.male ?? 0)),
            backgroundColor: MALE,
          },
          {
            label: t('stats.female'),
            data: [...groups].reverse().map((g) => props.byAgeGroup[g]?.female ?? 0),
            backgroundColor: FEMALE,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { callback: (value) => formatNumber(Math.abs(Number(value)), lang) } },
          y: { stacked: true },
        },
        plugins: {
          tooltip: {
            callbacks: { label: (item) => `${item.dataset.label}: ${formatNumber(Math.abs(Number(item.raw)), lang)}` },
          },
        },
      },
    }),
    [props.byAgeGroup, lang],
  );
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <BarChart config={config} label={props.title} height={420} />
      <details>
        <summary>{t('stats.tableCaption')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('stats.ageGroup')}</th>
              <th scope="col">{t('stats.male')}</th>
              <th scope="col">{t('stats.female')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g}>
                <td>{g}</td>
                <td>{formatNumber(props.byAgeGroup[g]?.male ?? 0, lang)}</td>
                <td>{formatNumber(props.byAgeGroup[g]?.female ?? 0, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
};

const ProvinceBars = (props: { readonly provinces: readonly ProvinceStatistics[] }) => {
  const { t, lang } = useI18n();
  const config = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: props.provinces.map((p) => p.name),
        datasets: [
          { label: t('stats.male'), data: props.provinces.map((p) => p.bySex.male), backgroundColor: MALE },
          { label: t('stats.female'), data: props.provinces.map((p) => p.bySex.female), backgroundColor: FEMALE },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, ticks: { callback: (v) => formatNumber(Number(v), lang) } },
        },
      },
    }),
    [props.provinces, lang],
  );
  return (
    <section class="card">
      <h2>{t('stats.byProvince')}</h2>
      <BarChart config={config} label={t('stats.byProvince')} height={380} />
      <details>
        <summary>{t('stats.tableCaption')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('stats.province')}</th>
              <th scope="col">{t('stats.population')}</th>
            </tr>
          </thead>
          <tbody>
            {props.provinces.map((p) => (
              <tr key={p.code}>
                <td>{p.name}</td>
                <td>{formatNumber(p.total, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
};

const thisYear = () => new Date().toISOString().slice(0, 4);

const Kpis = () => {
  const { t, lang } = useI18n();
  const [from, setFrom] = useState(`${thisYear()}-01`);
  const [to, setTo] = useState(`${thisYear()}-12`);
  const [error, setError] = useState<unknown>();
  const query = `from=${from}&to=${to}`;
  const kpis = useResource(
    async () => (await api<{ rows: KpiRow[] }>(`/v1/statistics/dossiers?${query}`)).body.rows,
    [query],
  );
  const download = async () => {
    setError(undefined);
    try {
      const response = await apiFetch(`/v1/statistics/dossiers?${query}&format=csv`, { accept: 'text/csv' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `p06-kpis-${from}-${to}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="card">
      <h2>{t('stats.kpis')}</h2>
      <div class="filters">
        <label>
          {t('stats.from')}{' '}
          <input type="month" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label>
          {t('stats.to')}{' '}
          <input type="month" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="button" class="button button--secondary" onClick={() => void download()}>
          {t('stats.exportCsv')}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <Show resource={kpis}>
        {(rows) => (
          <TableScroll>
            <table data-testid="kpis">
              <thead>
                <tr>
                  <th scope="col">{t('stats.month')}</th>
                  <th scope="col">{t('stats.province')}</th>
                  <th scope="col">{t('stats.group')}</th>
                  <th scope="col">{t('stats.submitted')}</th>
                  <th scope="col">{t('stats.completed')}</th>
                  <th scope="col">{t('stats.onTime')}</th>
                  <th scope="col">{t('stats.rejected')}</th>
                  <th scope="col">{t('stats.openCount')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.month}-${r.province}-${r.group}`}>
                    <td>{formatMonth(r.month)}</td>
                    <td>{r.province}</td>
                    <td>{t(`dossiers.groups.${r.group}`, { defaultValue: r.group })}</td>
                    <td>{formatNumber(r.submitted, lang)}</td>
                    <td>{formatNumber(r.completed, lang)}</td>
                    <td>
                      {r.completed > 0
                        ? `${formatNumber(Math.round((100 * r.completedOnTime) / r.completed), lang)} %`
                        : '–'}
                    </td>
                    <td>{formatNumber(r.rejected, lang)}</td>
                    <td>{formatNumber(r.open, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Show>
    </section>
  );
};

export const StatisticsPage = () => {
  const { t, lang } = useI18n();
  const user = useUser();
  const [province, setProvince] = useState('01');
  const stats = useResource(
    async () => (await api<PopulationStatistics>('/v1/statistics/population', { auth: false })).body,
    [],
  );
  const mayReadKpis =
    user?.officerRoles.some((r) => r.role === 'supervisor') || user?.scopes.includes('npdb:statistics');
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <Show resource={stats}>
        {(s) => {
          const chosen = s.provinces.find((p) => p.code === province);
          return (
            <>
              <p>
                {t('stats.population')} ({t('stats.allProvinces')}): <strong>{formatNumber(s.total, lang)}</strong> ·{' '}
                {formatMonth(s.asOfMonth)}
              </p>
              <SelectField
                path="province"
                label={t('stats.province')}
                value={province}
                options={[
                  { value: '', label: t('stats.allProvinces') },
                  ...s.provinces.map((p) => ({ value: p.code, label: `${p.code} ${p.name}` })),
                ]}
                onChange={setProvince}
              />
              <Pyramid
                title={t('stats.pyramid', {
                  province: chosen?.name ?? t('stats.allProvinces'),
                  month: formatMonth(s.asOfMonth),
                })}
                byAgeGroup={chosen?.byAgeGroup ?? s.byAgeGroup}
              />
              <ProvinceBars provinces={s.provinces} />
            </>
          );
        }}
      </Show>
      {mayReadKpis ? <Kpis /> : <Alert kind="info">{t('stats.kpisNeedRole')}</Alert>}
    </>
  );
};
