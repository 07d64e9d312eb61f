/**
 * The reconciliation report of one sync run: what happened to every line of the export. Built from the
 * preparation's rejections (malformed lines, duplicates) and the Distributed Map's result files (each batch's
 * counts and problems; batches that failed after their retries count as `failed`, within the tolerated share).
 */
import * as z from '../validation/zod.ts';
import type { Rejection } from './parse-export.ts';

export const BatchResultSchema = z.object({
  records: z.int().check(z.gte(0)),
  counts: z.object({
    linked: z.int().check(z.gte(0)),
    unchanged: z.int().check(z.gte(0)),
    mismatched: z.int().check(z.gte(0)),
    'unknown-pin': z.int().check(z.gte(0)),
  }),
  problems: z.array(
    z.object({
      line: z.int(),
      pin: z.string(),
      outcome: z.enum(['mismatched', 'unknown-pin']),
      reasons: z.array(z.string()),
    }),
  ),
});

export interface ReportCounts {
  /** Non-empty lines of the export (the CSV header excluded). */
  readonly lines: number;
  /** Records whose PIN, name and birth date agree with the NPDB: `linked` + `alreadyLinked`. */
  readonly matched: number;
  /** Matched and written in this run. */
  readonly linked: number;
  /** Matched and already on the citizen's record (nothing written). */
  readonly alreadyLinked: number;
  readonly mismatched: number;
  readonly unknownPin: number;
  readonly duplicates: number;
  readonly malformed: number;
  /** Records in batches that still failed after their retries (tolerated up to the threshold). */
  readonly failed: number;
}

export interface ProblemLine {
  readonly line: number;
  readonly pin?: string;
  readonly outcome: 'mismatched' | 'unknown-pin' | 'duplicate' | 'malformed' | 'failed';
  readonly reasons: readonly string[];
}

export interface SyncReport {
  readonly runId: string;
  readonly source: string;
  readonly export: { readonly bucket: string; readonly key: string };
  readonly generatedAt: string;
  readonly counts: ReportCounts;
  /** How many mismatched records had each reason (a record may have several). */
  readonly mismatchReasons: Readonly<Record<string, number>>;
  /** The object with one row per problem line (CSV: line, pin, outcome, reasons). */
  readonly problemsKey: string;
}

export interface FailedBatch {
  readonly lines: readonly number[];
  readonly error: string;
}

/** Counts and problem lines of a run, sorted by line. */
export const buildReport = (input: {
  readonly runId: string;
  readonly source: string;
  readonly bucket: string;
  readonly key: string;
  readonly problemsKey: string;
  readonly generatedAt: string;
  readonly rejections: readonly Rejection[];
  readonly batches: readonly z.infer<typeof BatchResultSchema>[];
  readonly failedBatches: readonly FailedBatch[];
}): { report: SyncReport; problems: ProblemLine[] } => {
  const problems: ProblemLine[] = [
    ...input.rejections.map((r) => ({ ...r })),
    ...input.batches.flatMap((b) => b.problems),
    ...input.failedBatches.flatMap((b) =>
      b.lines.map((line) => ({ line, outcome: 'failed' as const, reasons: [b.error] })),
    ),
  ].sort((a, b) => a.line - b.line);
  const sum = (pick: (b: z.infer<typeof BatchResultSchema>) => number) =>
    input.batches.reduce((n, b) => n + pick(b), 0);
  const linked = sum((b) => b.counts.linked);
  const alreadyLinked = sum((b) => b.counts.unchanged);
  const failed = input.failedBatches.reduce((n, b) => n + b.lines.length, 0);
  const duplicates = input.rejections.filter((r) => r.outcome === 'duplicate').length;
  const malformed = input.rejections.filter((r) => r.outcome === 'malformed').length;
  const counts: ReportCounts = {
    lines: sum((b) => b.records) + failed + duplicates + malformed,
    matched: linked + alreadyLinked,
    linked,
    alreadyLinked,
    mismatched: sum((b) => b.counts.mismatched),
    unknownPin: sum((b) => b.counts['unknown-pin']),
    duplicates,
    malformed,
    failed,
  };
  const mismatchReasons: Record<string, number> = {};
  for (const p of problems)
    if (p.outcome === 'mismatched') for (const r of p.reasons) mismatchReasons[r] = (mismatchReasons[r] ?? 0) + 1;
  return {
    report: {
      runId: input.runId,
      source: input.source,
      export: { bucket: input.bucket, key: input.key },
      generatedAt: input.generatedAt,
      counts,
      mismatchReasons,
      problemsKey: input.problemsKey,
    },
    problems,
  };
};

const csvCell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The problem lines as CSV with a header row. */
export const problemsCsv = (problems: readonly ProblemLine[]): string =>
  `${[
    'line,pin,outcome,reasons',
    ...problems.map((p) => [String(p.line), p.pin ?? '', p.outcome, p.reasons.join('; ')].map(csvCell).join(',')),
  ].join('\n')}\n`;
