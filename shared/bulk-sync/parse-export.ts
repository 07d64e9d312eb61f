/**
 * Reads a ministry's export (JSON Lines or CSV with a header row), line by line, into the records the NPDB
 * checks: each line is either a staged record (well formed, first occurrence of its unique keys) or a rejection
 * (malformed, naming the field; or a duplicate, naming the line it repeats). A bad line never stops the run.
 * Streaming: memory grows only with the unique keys seen (two short strings per record).
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SectorRecord, SyncSource } from './sources.ts';

export type ExportFormat = 'jsonl' | 'csv';

/** A record that passed the shape and duplicate checks; `line` is its 1-based line in the export. */
export interface StagedRecord {
  readonly line: number;
  readonly record: SectorRecord;
}

export type Rejection =
  | { readonly line: number; readonly outcome: 'malformed'; readonly reasons: readonly string[] }
  | {
      readonly line: number;
      readonly outcome: 'duplicate';
      readonly pin: string;
      readonly reasons: readonly string[];
    };

export type ParsedLine = ({ readonly kind: 'record' } & StagedRecord) | ({ readonly kind: 'rejected' } & Rejection);

/** The format an object key names (`.jsonl`/`.ndjson` or `.csv`, optionally `.gz`-less). */
export const formatOfKey = (key: string): ExportFormat | undefined => {
  const lower = key.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
};

const zodReasons = (issues: readonly { path: PropertyKey[]; message: string }[]): string[] =>
  issues.map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));

/** Raw rows of the export with their line numbers; a row that cannot be read at all is a string reason. */
async function* rows(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  format: ExportFormat,
  columns: readonly string[],
): AsyncGenerator<{ line: number; value: unknown } | { line: number; error: string }> {
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: Readable.from(input), crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch (error) {
        yield { line, error: `not JSON: ${(error as Error).message}` };
      }
    }
    return;
  }
  const skipped: { line: number; error: string }[] = [];
  const parser = Readable.from(input).pipe(
    parse({
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        skipped.push({ line: (error as { lines?: number }).lines ?? 0, error: `not CSV: ${error?.message ?? ''}` });
      },
    }),
  );
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skipped.splice(0);
    if (header === undefined) {
      header = record;
      const missing = columns.filter((c) => !header?.includes(c));
      if (missing.length > 0) throw new Error(`The CSV header lacks the columns ${missing.join(', ')}`);
      continue;
    }
    if (record.length !== header.length) {
      yield { line: info.lines, error: `has ${record.length} columns, the header ${header.length}` };
      continue;
    }
    yield { line: info.lines, value: Object.fromEntries(header.map((name, i) => [name, record[i]])) };
  }
  yield* skipped.splice(0);
}

/**
 * Each line of the export, classified. Duplicates: a second occurrence of any of the source's unique keys (e.g.
 * the same PIN or card number) is rejected, naming the first line; the first occurrence goes on.
 */
export async function* parseExport(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  format: ExportFormat,
  source: SyncSource,
): AsyncGenerator<ParsedLine> {
  const seen = new Map<string, Map<string, number>>(source.uniqueKeys.map((k) => [k, new Map()]));
  for await (const row of rows(input, format, source.columns)) {
    if ('error' in row) {
      yield { kind: 'rejected', line: row.line, outcome: 'malformed', reasons: [row.error] };
      continue;
    }
    const parsed = source.schema.safeParse(row.value);
    if (!parsed.success) {
      yield { kind: 'rejected', line: row.line, outcome: 'malformed', reasons: zodReasons(parsed.error.issues) };
      continue;
    }
    const record = parsed.data;
    const repeats = source.uniqueKeys.flatMap((key) => {
      const first = seen.get(key)?.get(String((record as unknown as Record<string, unknown>)[key]));
      return first === undefined ? [] : [`${key} repeats line ${first}`];
    });
    if (repeats.length > 0) {
      yield { kind: 'rejected', line: row.line, outcome: 'duplicate', pin: record.pin, reasons: repeats };
      continue;
    }
    for (const key of source.uniqueKeys)
      seen.get(key)?.set(String((record as unknown as Record<string, unknown>)[key]), row.line);
    yield { kind: 'record', line: row.line, record };
  }
}
