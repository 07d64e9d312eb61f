import { documentClient, requiredEnv } from '../../shared/adapters/aws-clients.ts';
import { DynamoKpiStore } from '../../shared/adapters/dynamodb/dossier-kpi-store.ts';
import { systemClock } from '../../shared/domain/clock.ts';
import { httpHandler } from '../../shared/lambda/http.ts';
import {
  DossierStatisticsQuerySchema,
  getDossierStatistics,
  kpiCsv,
} from '../../shared/statistics/get-dossier-statistics.ts';

const statistics = getDossierStatistics({
  kpis: new DynamoKpiStore(documentClient(), requiredEnv('DOSSIERS_TABLE')),
  clock: systemClock,
});

const wantsCsv = (format: string | undefined, headers: Record<string, string | undefined> | null) =>
  format === 'csv' ||
  (format === undefined &&
    Object.entries(headers ?? {}).some(([k, v]) => k.toLowerCase() === 'accept' && /\btext\/csv\b/i.test(v ?? '')));

/** GET /v1/statistics/dossiers: the procedure groups' indicators by month, province and group (JSON or CSV). */
export const handler = httpHandler({ query: DossierStatisticsQuerySchema }, async ({ principal, query, event }) => {
  const result = await statistics(principal, query);
  if (!wantsCsv(query.format, event.headers)) return result;
  const name = `p06-kpis-${result.from}-${result.to}${result.province ? `-${result.province}` : ''}.csv`;
  return {
    statusCode: 200,
    contentType: 'text/csv; charset=utf-8; header=present',
    headers: { 'content-disposition': `attachment; filename="${name}"` },
    body: kpiCsv(result.rows),
  };
});
