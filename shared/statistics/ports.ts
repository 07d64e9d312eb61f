/** What the statistics use cases need from storage; DynamoDB adapters in shared/adapters/dynamodb implement them. */
import type { KpiCell, KpiCounts } from './dossier-kpis.ts';

export interface KpiCellCounts {
  readonly cell: KpiCell;
  readonly counts: KpiCounts;
}

/** Reads the indicator counters (kept by the dossier store with each status change). */
export interface KpiReader {
  /** The cells of the months `fromMonth`..`toMonth` (YYYY-MM, inclusive), of one province if given. */
  readCells(fromMonth: string, toMonth: string, provinceCode?: string): Promise<KpiCellCounts[]>;
}
