/**
 * The indicator counters of the procedure groups in the Dossiers table (rules: shared/statistics/dossier-kpis.ts).
 * One item per cell: `KPI#<yyyy>` / `<yyyy-mm>#<province>#<group>`, holding one number per counter. The dossier
 * store writes the counters with `ADD` inside the transaction that creates a dossier or moves its status
 * (`kpiUpdate` below); this class reads them: one query per calendar year asked for, never a scan.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { GroupId } from '../../dossiers/catalogue.ts';
import { KPI_COUNTERS, type KpiCell, type KpiChange, type KpiCounts } from '../../statistics/dossier-kpis.ts';
import type { KpiCellCounts, KpiReader } from '../../statistics/ports.ts';

export const KPI_PK_PREFIX = 'KPI#';

export const kpiKey = (cell: KpiCell) => ({
  pk: `${KPI_PK_PREFIX}${cell.month.slice(0, 4)}`,
  sk: `${cell.month}#${cell.provinceCode}#${cell.group}`,
});

/** The transaction item that applies a counter change (an upsert: the first change creates the cell). */
export const kpiUpdate = (tableName: string, change: KpiChange) => {
  const entries = Object.entries(change.delta);
  return {
    Update: {
      TableName: tableName,
      Key: kpiKey(change.cell),
      UpdateExpression: `SET #type = :type, #month = :month, provinceCode = :province, #group = :group ADD ${entries
        .map((_, i) => `#c${i} :c${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: {
        '#type': 'type',
        '#month': 'month',
        '#group': 'group',
        ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
      },
      ExpressionAttributeValues: {
        ':type': 'kpi-cell',
        ':month': change.cell.month,
        ':province': change.cell.provinceCode,
        ':group': change.cell.group,
        ...Object.fromEntries(entries.map(([, value], i) => [`:c${i}`, value])),
      },
    },
  };
};

export class DynamoKpiStore implements KpiReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readCells(fromMonth: string, toMonth: string, provinceCode?: string): Promise<KpiCellCounts[]> {
    const cells: KpiCellCounts[] = [];
    for (let year = Number(fromMonth.slice(0, 4)); year <= Number(toMonth.slice(0, 4)); year++) {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ...(provinceCode ? { FilterExpression: 'provinceCode = :province' } : {}),
            ExpressionAttributeValues: {
              ':pk': `${KPI_PK_PREFIX}${year}`,
              ':from': `${fromMonth}#`,
              ':to': `${toMonth}#~`,
              ...(provinceCode ? { ':province': provinceCode } : {}),
            },
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          cells.push({
            cell: { month: String(item.month), provinceCode: String(item.provinceCode), group: item.group as GroupId },
            counts: Object.fromEntries(KPI_COUNTERS.map((k) => [k, Number(item[k] ?? 0)])) as KpiCounts,
          });
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    return cells;
  }
}
