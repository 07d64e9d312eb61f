/**
 * The first step of a sync run: reads the ministry's export once, writes the well-formed, first-occurrence
 * records as JSON Lines for the Distributed Map's item reader (`{line, record}` per line) and the rejected lines
 * (malformed, duplicates) for the report. The map then only sees records it can check against the NPDB.
 */

import { ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import { type ExportFormat, formatOfKey, parseExport, type Rejection } from './parse-export.ts';
import type { ObjectStore } from './ports.ts';
import { rejectedKey, stagingKey } from './run-keys.ts';
import { SYNC_SOURCES } from './sources.ts';

export const PrepareExportInputSchema = z.object({
  runId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,80}$/, 'runId: letters, digits, - and _ (the execution name)')),
  bucket: z.string().check(z.minLength(3)),
  key: z.string().check(z.minLength(1)),
  source: z
    .string()
    .check(z.refine((s) => s in SYNC_SOURCES, { message: `source must be one of ${Object.keys(SYNC_SOURCES)}` })),
  format: z.optional(z.enum(['jsonl', 'csv'])),
});
export type PrepareExportInput = z.infer<typeof PrepareExportInputSchema>;

export interface PreparedExport {
  readonly runId: string;
  readonly format: ExportFormat;
  readonly stagingKey: string;
  readonly rejectedKey: string;
  readonly staged: number;
  readonly malformed: number;
  readonly duplicates: number;
}

/** 1. picks the format (given, or from the key's extension); 2. parses the export; 3. writes both staging objects. */
export const prepareExport =
  (deps: { objects: ObjectStore }) =>
  async (raw: unknown): Promise<PreparedExport> => {
    const parsed = PrepareExportInputSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationError(
        'The sync run input is invalid.',
        parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      );
    }
    const input = parsed.data;
    const format = input.format ?? formatOfKey(input.key);
    if (!format) throw new ValidationError(`Cannot tell the format of ${input.key}: name it .jsonl or .csv`);
    const source = SYNC_SOURCES[input.source];
    if (!source) throw new ValidationError(`Unknown source ${input.source}`);
    const staged: string[] = [];
    const rejected: Rejection[] = [];
    for await (const line of parseExport(deps.objects.read(input.key), format, source)) {
      if (line.kind === 'record') staged.push(JSON.stringify({ line: line.line, record: line.record }));
      else {
        const { kind: _kind, ...rejection } = line;
        rejected.push(rejection);
      }
    }
    const toJsonLines = (lines: readonly string[]) => (lines.length > 0 ? `${lines.join('\n')}\n` : '');
    await deps.objects.write(stagingKey(input.runId), Buffer.from(toJsonLines(staged)), 'application/jsonl');
    await deps.objects.write(
      rejectedKey(input.runId),
      Buffer.from(toJsonLines(rejected.map((r) => JSON.stringify(r)))),
      'application/jsonl',
    );
    return {
      runId: input.runId,
      format,
      stagingKey: stagingKey(input.runId),
      rejectedKey: rejectedKey(input.runId),
      staged: staged.length,
      malformed: rejected.filter((r) => r.outcome === 'malformed').length,
      duplicates: rejected.filter((r) => r.outcome === 'duplicate').length,
    };
  };
