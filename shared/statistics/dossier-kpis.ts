/**
 * The Project 06 indicators of the procedure groups, kept as counters rather than computed from the dossiers.
 *
 * One counter cell per (month of submission in Vietnam, province, group): a cohort. A cell says how many dossiers
 * were submitted that month and where those dossiers stand now: completed (and how many of them by their statutory
 * date), rejected, failed, revoked; the rest are open. Each status change of a dossier moves it between these
 * buckets of its own cell, in the same transaction as the change (see the dossier store), so a retried change,
 * whose condition fails, never counts twice, and reading a year of indicators costs one query per year whatever the
 * number of dossiers.
 */
import { vietnamDate, vietnamMonth } from '../domain/clock.ts';
import type { DossierKind } from '../dossiers/catalogue.ts';
import { GROUPS } from '../dossiers/catalogue.ts';
import type { Dossier, DossierStatus } from '../dossiers/dossier.ts';

export const KPI_COUNTERS = ['submitted', 'completed', 'completedOnTime', 'rejected', 'failed', 'revoked'] as const;
export type KpiCounter = (typeof KPI_COUNTERS)[number];
export type KpiCounts = Readonly<Record<KpiCounter, number>>;

/** Where a dossier is counted: the month it was submitted (Vietnam time), its province and its group. */
export interface KpiCell {
  readonly month: string;
  readonly provinceCode: string;
  readonly group: DossierKind;
}

/** A change to one cell's counters, written with the status change it reflects. */
export interface KpiChange {
  readonly cell: KpiCell;
  readonly delta: Partial<Record<KpiCounter, number>>;
}

export const kpiCellOf = (dossier: Pick<Dossier, 'submittedAt' | 'provinceCode' | 'group'>): KpiCell => ({
  month: vietnamMonth(new Date(dossier.submittedAt)),
  provinceCode: dossier.provinceCode,
  group: dossier.group,
});

/** Whether a dossier that completed at `at` did so by its statutory date (`expectedBy`, a Vietnam date). */
export const completedOnTime = (dossier: Pick<Dossier, 'expectedBy'>, at: string): boolean =>
  vietnamDate(new Date(at)) <= dossier.expectedBy;

/** The dossier fields the counters depend on. */
export type KpiDossier = Pick<Dossier, 'submittedAt' | 'provinceCode' | 'group' | 'expectedBy' | 'countedOnTime'>;

/** The buckets a dossier in `status` is counted in. Submitted and processing dossiers are open: none but `submitted`. */
const bucketsOf = (status: DossierStatus, onTime: boolean): KpiCounter[] => {
  switch (status) {
    case 'submitted':
    case 'processing':
    // A dossier waiting for its fee is open; one whose fee never came is not counted as ended (no counter for it yet).
    case 'awaiting-payment':
    case 'expired':
      return [];
    case 'completed':
      return onTime ? ['completed', 'completedOnTime'] : ['completed'];
    case 'rejected':
    case 'failed':
    case 'revoked':
      return [status];
  }
};

/** Whether a dossier in any of these statuses is counted in the same buckets. */
export const countAlike = (dossier: Pick<KpiDossier, 'countedOnTime'>, statuses: readonly DossierStatus[]): boolean =>
  new Set(statuses.map((s) => bucketsOf(s, dossier.countedOnTime === true).join())).size <= 1;

/** Whether a change between these statuses can move a counter at all (open to open cannot). */
export const transitionCounts = (from: readonly DossierStatus[], to: DossierStatus): boolean =>
  [...from, to].some((s) => bucketsOf(s, false).length > 0 || s === 'completed');

/** The counters a new submission adds. */
export const kpiOnSubmission = (dossier: Pick<Dossier, 'submittedAt' | 'provinceCode' | 'group'>): KpiChange => ({
  cell: kpiCellOf(dossier),
  delta: { submitted: 1 },
});

/**
 * The counters a status change at `at` moves: out of the buckets of `from`, into those of `to`. A completion counts
 * on time if `at` is within the statutory date; leaving `completed` takes back what was counted (`countedOnTime`, which
 * the store keeps on the dossier). `from` may list several statuses (the store's transition is conditioned on any of
 * them) only when they all count the same; otherwise the caller must move from the one status it read, or the
 * counters could go wrong. Undefined when nothing changes.
 */
export const kpiOnTransition = (
  dossier: KpiDossier,
  from: readonly DossierStatus[],
  to: DossierStatus,
  at: string,
): KpiChange | undefined => {
  const [first] = from;
  if (first === undefined) throw new Error('A transition needs the status it moves from.');
  if (!countAlike(dossier, from)) {
    throw new Error(`The statuses ${from.join(', ')} count differently; move from the one status read.`);
  }
  const out = bucketsOf(first, dossier.countedOnTime === true);
  const into = bucketsOf(to, to === 'completed' && completedOnTime(dossier, at));
  const delta: Partial<Record<KpiCounter, number>> = {};
  for (const c of out) delta[c] = (delta[c] ?? 0) - 1;
  for (const c of into) delta[c] = (delta[c] ?? 0) + 1;
  for (const c of Object.keys(delta) as KpiCounter[]) if (delta[c] === 0) delete delta[c];
  return Object.keys(delta).length > 0 ? { cell: kpiCellOf(dossier), delta } : undefined;
};

/** One row of the indicators: a cell's counters, with what follows from them. */
export interface KpiRow extends KpiCounts {
  readonly month: string;
  readonly province: string;
  readonly group: DossierKind;
  /** The essential public service the group is (17 births, 18 deaths); null for the single-step services' cell. */
  readonly serviceCode: number | null;
  /** Submitted and not (yet) completed, rejected, failed or revoked. */
  readonly open: number;
  /** completedOnTime / completed in percent, one decimal; null before anything completed. */
  readonly onTimePercent: number | null;
}

export const kpiRow = (cell: KpiCell, counts: Partial<KpiCounts>): KpiRow => {
  const c = Object.fromEntries(KPI_COUNTERS.map((k) => [k, counts[k] ?? 0])) as Record<KpiCounter, number>;
  return {
    month: cell.month,
    province: cell.provinceCode,
    group: cell.group,
    serviceCode: cell.group === 'service' ? null : GROUPS[cell.group].serviceNumber,
    ...c,
    open: c.submitted - c.completed - c.rejected - c.failed - c.revoked,
    onTimePercent: c.completed > 0 ? Math.round((1000 * c.completedOnTime) / c.completed) / 10 : null,
  };
};

/** Sums rows into totals (over the rows given, e.g. the filtered ones). */
export const kpiTotals = (rows: readonly KpiRow[]): KpiCounts & { open: number; onTimePercent: number | null } => {
  const sum = Object.fromEntries(KPI_COUNTERS.map((k) => [k, rows.reduce((total, r) => total + r[k], 0)])) as Record<
    KpiCounter,
    number
  >;
  const { open, onTimePercent } = kpiRow({ month: '', provinceCode: '', group: 'birth-group' }, sum);
  return { ...sum, open, onTimePercent };
};
