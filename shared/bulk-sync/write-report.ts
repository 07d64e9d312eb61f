/**
 * The last step of a sync run: reads the Distributed Map's result manifest (ResultWriter) and its SUCCEEDED and
 * FAILED files, plus the preparation's rejections, and writes the reconciliation report (JSON) and its problem
 * lines (CSV) back to the bucket.
 */
import * as z from '../validation/zod.ts';
import type { Rejection } from './parse-export.ts';
import type { ObjectStore } from './ports.ts';
import { BatchResultSchema, buildReport, type FailedBatch, problemsCsv, type SyncReport } from './report.ts';
import { problemsKey, reportKey } from './run-keys.ts';

export const WriteReportInputSchema = z.object({
  runId: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  bucket: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  prepared: z.object({ rejectedKey: z.string().check(z.minLength(1)) }),
  linked: z.object({ ResultWriterDetails: z.object({ Bucket: z.string(), Key: z.string() }) }),
});

/** The manifest Step Functions writes beside a Map Run's results. */
export const ResultManifestSchema = z.object({
  DestinationBucket: z.string(),
  MapRunArn: z.string(),
  ResultFiles: z.object({
    SUCCEEDED: z._default(z.array(z.object({ Key: z.string(), Size: z.number() })), []),
    FAILED: z._default(z.array(z.object({ Key: z.string(), Size: z.number() })), []),
    PENDING: z._default(z.array(z.object({ Key: z.string(), Size: z.number() })), []),
  }),
});

/** One child workflow in a result file (the fields the report needs). */
const ChildExecutionSchema = z.looseObject({
  Input: z.string(),
  Output: z.optional(z.string()),
  Error: z.optional(z.string()),
  Cause: z.optional(z.string()),
});

const BatchInputSchema = z.object({ Items: z.array(z.object({ line: z.int() })) });

const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

/** 1. reads the manifest and result files; 2. builds the report; 3. writes report.json and problems.csv. */
export const writeReport =
  (deps: { objects: ObjectStore; now: () => string }) =>
  async (raw: unknown): Promise<SyncReport> => {
    const input = WriteReportInputSchema.parse(raw);
    const manifest = ResultManifestSchema.parse(
      JSON.parse(await deps.objects.readText(input.linked.ResultWriterDetails.Key)),
    );
    const children = async (files: readonly { Key: string }[]) =>
      (
        await Promise.all(
          files.map(async (f) => z.array(ChildExecutionSchema).parse(JSON.parse(await deps.objects.readText(f.Key)))),
        )
      ).flat();
    const batches = (await children(manifest.ResultFiles.SUCCEEDED)).map((c) =>
      BatchResultSchema.parse(JSON.parse(c.Output ?? 'null')),
    );
    const failedBatches: FailedBatch[] = (await children(manifest.ResultFiles.FAILED)).map((c) => ({
      lines: BatchInputSchema.parse(JSON.parse(c.Input)).Items.map((i) => i.line),
      error: c.Error ?? 'failed',
    }));
    const rejections = jsonLines(await deps.objects.readText(input.prepared.rejectedKey)) as Rejection[];
    const { report, problems } = buildReport({
      runId: input.runId,
      source: input.source,
      bucket: input.bucket,
      key: input.key,
      problemsKey: problemsKey(input.runId),
      generatedAt: deps.now(),
      rejections,
      batches,
      failedBatches,
    });
    await deps.objects.write(problemsKey(input.runId), problemsCsv(problems), 'text/csv');
    await deps.objects.write(reportKey(input.runId), `${JSON.stringify(report, null, 2)}\n`, 'application/json');
    return report;
  };
