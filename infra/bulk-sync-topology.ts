/**
 * Bulk synchronisation of sector databases (docs/bulk-sync.md): its functions and its state machine, declared once
 * for CDK (infra/stacks/bulk-sync-stack.ts) and the local runner (infra/local/bulk-sync/).
 */
import type { FunctionSpec } from './topology.ts';

export const BULK_SYNC_FUNCTIONS = [
  {
    id: 'PrepareExport',
    entry: 'functions/bulk-sync/prepare-export.ts',
    description:
      "Stages a ministry's export for a sync run: well-formed records for the map, rejections for the report",
    memoryMb: 3008,
    timeoutSeconds: 900,
  },
  {
    id: 'LinkBatch',
    entry: 'functions/bulk-sync/link-batch.ts',
    description: 'Checks one batch of a sector export against the NPDB and links the matching records',
    memoryMb: 1024,
    // Seconds in AWS (500 records, 16 writes at a time); the limit is the express child workflow's 5 minutes.
    timeoutSeconds: 280,
    tables: { Population: 'readWrite' },
  },
  {
    id: 'WriteReport',
    entry: 'functions/bulk-sync/write-report.ts',
    description: "Writes a sync run's reconciliation report from the map run's results",
    memoryMb: 1024,
    timeoutSeconds: 300,
  },
] as const satisfies readonly FunctionSpec[];

export interface BulkSyncSpec {
  readonly stateMachineName: string;
  /** statemachines/<file>; `${PrepareExport}`, `${LinkBatch}`, `${WriteReport}` are the functions' ARNs. */
  readonly definitionFile: string;
  readonly functions: readonly FunctionSpec[];
  /** The Lambda functions the definition names, by placeholder. */
  readonly taskFunctions: Readonly<Record<string, string>>;
}

export const BULK_SYNC: BulkSyncSpec = {
  stateMachineName: 'p06-bulk-sync',
  definitionFile: 'bulk-sync.asl.json',
  functions: BULK_SYNC_FUNCTIONS,
  taskFunctions: { PrepareExport: 'PrepareExport', LinkBatch: 'LinkBatch', WriteReport: 'WriteReport' },
};
