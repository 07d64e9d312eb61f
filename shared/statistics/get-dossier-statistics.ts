/**
 * GET /v1/statistics/dossiers: the Project 06 indicators of the procedure groups (submitted, completed, completed on
 * time, rejected, failed, revoked, open) by month of submission, province and group, as JSON or CSV. Read from the
 * counters the dossier store keeps (dossier-kpis.ts): a few items per month, never the dossiers themselves.
 * For policy makers: agency systems holding `npdb:statistics`, and officers who supervise. The figures
 * are counts of dossiers, with no personal data, so a supervisor sees every province, as the national portal
 * publishes them.
 */
import { stringify } from 'csv-stringify/sync';
import { ForbiddenError, type Principal, requireScope } from '../auth/principal.ts';
import { isProvinceCode } from '../domain/admin-units/provinces.ts';
import type { Clock } from '../domain/clock.ts';
import { vietnamMonth } from '../domain/clock.ts';
import { GROUP_IDS } from '../dossiers/catalogue.ts';
import { OFFICER_SCOPE } from '../identity/scopes.ts';
import * as z from '../validation/zod.ts';
import { type KpiRow, kpiRow, kpiTotals } from './dossier-kpis.ts';
import type { KpiReader } from './ports.ts';

export const STATISTICS_SCOPE = 'npdb:statistics';
/** The longest range one request may ask for. */
export const MAX_KPI_MONTHS = 60;

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM, e.g. 2026-03'));

export const DossierStatisticsQuerySchema = z
  .strictObject(
    {
      province: z.optional(
        z
          .string()
          .check(
            z.refine(isProvinceCode, 'unknown province: one of the 34 two-digit codes in force since 1 July 2025'),
          ),
      ),
      group: z.optional(z.enum(GROUP_IDS)),
      from: z.optional(Month),
      to: z.optional(Month),
      format: z.optional(z.enum(['json', 'csv'])),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys' ? 'Only province, group, from, to and format are accepted.' : undefined,
    },
  )
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before "from"' }),
    z.refine((q) => !q.from || !q.to || monthsBetween(q.from, q.to) <= MAX_KPI_MONTHS, {
      path: ['from'],
      message: `at most ${MAX_KPI_MONTHS} months from "to"`,
    }),
  );
export type DossierStatisticsQuery = z.infer<typeof DossierStatisticsQuerySchema>;

const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

const addMonths = (month: string, n: number): string => {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
};

/**
 * Agency systems holding `npdb:statistics` (a ministry's client credentials), or officers holding a supervisor role
 * at e-ID level 2. The scope counts only in an agency's token: it is a purpose registered for an agency's client, and
 * a citizen's or officer's token that carried it (a sign-in at a client wrongly registered for it) is no licence.
 */
export const requireStatisticsReader = (principal: Principal | undefined): Principal => {
  if (principal?.kind === 'agency' && principal.scopes.includes(STATISTICS_SCOPE)) return principal;
  if (principal?.kind === 'citizen' && principal.officerRoles.some((r) => r.role === 'supervisor')) {
    requireScope(principal, [OFFICER_SCOPE]);
    if (principal.level < 2) throw new ForbiddenError('Supervisors act with a level-2 e-ID account.');
    return principal;
  }
  throw new ForbiddenError(
    `The dossier indicators are for policy makers: an agency system registered for "${STATISTICS_SCOPE}", or an officer supervisor.`,
  );
};

export interface DossierStatistics {
  readonly from: string;
  readonly to: string;
  readonly province?: string;
  readonly group?: string;
  /** One row per month, province and group with at least one dossier; by month, then province, then group. */
  readonly rows: readonly KpiRow[];
  readonly totals: ReturnType<typeof kpiTotals>;
}

export const CSV_COLUMNS = [
  'month',
  'province',
  'group',
  'serviceCode',
  'submitted',
  'completed',
  'completedOnTime',
  'onTimePercent',
  'rejected',
  'failed',
  'revoked',
  'open',
] as const satisfies readonly (keyof KpiRow)[];

/** RFC 4180: a header row, CRLF line ends, fields quoted where they need it. */
export const kpiCsv = (rows: readonly KpiRow[]): string =>
  stringify(
    rows.map((r) => CSV_COLUMNS.map((c) => r[c] ?? '')),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' },
  );

export const getDossierStatistics =
  (deps: { kpis: KpiReader; clock: Clock }) =>
  async (principal: Principal | undefined, query: DossierStatisticsQuery): Promise<DossierStatistics> => {
    requireStatisticsReader(principal);
    const to = query.to ?? (query.from ? addMonths(query.from, 11) : vietnamMonth(deps.clock.now()));
    const from = query.from ?? addMonths(to, -11);
    const cells = await deps.kpis.readCells(from, to, query.province);
    const rows = cells
      .filter((c) => !query.group || c.cell.group === query.group)
      .map((c) => kpiRow(c.cell, c.counts))
      .sort(
        (a, b) =>
          a.month.localeCompare(b.month) || a.province.localeCompare(b.province) || a.group.localeCompare(b.group),
      );
    return {
      from,
      to,
      ...(query.province ? { province: query.province } : {}),
      ...(query.group ? { group: query.group } : {}),
      rows,
      totals: kpiTotals(rows),
    };
  };
