/**
 * The reads of the Population table: a citizen's record, their children and household, and the statistics. Apart
 * from the writes (population-store.ts, whose PopulationStore extends this) so that a function that only reads,
 * such as a dossier's intake, does not bundle the transactions, the bulk loads and the counters.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import type { StatisticsReader } from '../../statistics/get-population-statistics.ts';
import type { ProvinceAggregate } from '../../statistics/population-statistics.ts';
import { batchGetAll } from './batch-get.ts';

export const citizenKey = (pin: string) => ({ pk: `CITIZEN#${pin}`, sk: 'PROFILE' });
/**
 * The count of a household's living members (`living`, a number) and the head its last change of head recorded
 * (`headPin`), written with every move (population-counters.ts).
 */
export const householdCountKey = (householdId: string) => ({ pk: `HOUSEHOLD#${householdId}`, sk: 'COUNT' });
/** Bumped in every transaction that changes an aggregate, so readers can cache safely. */
export const statisticsVersionKey = { pk: 'STATS_VERSION', sk: 'STATS_VERSION' };

const stripKeys = (item: Record<string, unknown>): StoredCitizen => {
  const { pk: _pk, sk: _sk, householdPk: _hp, householdSk: _hs, type: _t, ...rest } = item;
  return rest as unknown as StoredCitizen;
};

export class PopulationReader implements StatisticsReader {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async getCitizen(pin: string): Promise<StoredCitizen | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: citizenKey(pin) }));
    return Item ? stripKeys(Item) : undefined;
  }

  async listChildren(parentPin: string): Promise<string[]> {
    const links = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :child)',
      ExpressionAttributeValues: { ':pk': `CITIZEN#${parentPin}`, ':child': 'CHILD#' },
    });
    return links.map((item) => String(item.sk).slice('CHILD#'.length));
  }

  /**
   * The head that the household's last change of head recorded on its count, read strongly consistent (the
   * household index lags behind writes): undefined when none was recorded.
   */
  async recordedHeadOf(householdId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: householdCountKey(householdId),
        ProjectionExpression: 'headPin',
        ConsistentRead: true,
      }),
    );
    return typeof Item?.headPin === 'string' ? Item.headPin : undefined;
  }

  /**
   * The household's members, their records as they are now, in PIN order. The `household` index holds keys only
   * (infra/tables.ts): a record's change that keeps its household (a card issued, a name corrected, a death) then
   * writes nothing to the index, and the records are read by key, strongly consistent, in one BatchGetItem (a request
   * per 100 members). The index lags behind writes: a member who left a moment ago is read but dropped (their record
   * names another household); one who joined a moment ago is missing, which the household's count of living members
   * covers (docs/data-model.md).
   */
  async listHouseholdMembers(householdId: string): Promise<StoredCitizen[]> {
    const keys = await this.queryAll({
      IndexName: 'household',
      KeyConditionExpression: 'householdPk = :h',
      ExpressionAttributeValues: { ':h': `HOUSEHOLD#${householdId}` },
    });
    const records = await batchGetAll(
      this.client,
      this.tableName,
      keys.map(({ pk, sk }) => ({ pk, sk })),
      { consistent: true },
    );
    return records
      .filter((item) => item.householdId === householdId)
      .map(stripKeys)
      .sort((a, b) => (a.pin < b.pin ? -1 : a.pin > b.pin ? 1 : 0));
  }

  /** Every item a query matches, following DynamoDB's pages. */
  protected async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateQuery({ client: this.client }, { ...input, TableName: this.tableName })) {
      items.push(...(page.Items ?? []));
    }
    return items;
  }

  async readStatisticsVersion(): Promise<number> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: statisticsVersionKey, ConsistentRead: true }),
    );
    return Number(Item?.version ?? 0);
  }

  /** Each province's counters: its base aggregate plus its birth-year shards, from one consistent query. */
  async readAggregates(): Promise<ProvinceAggregate[]> {
    const byProvince = new Map<string, Record<string, number>>();
    for (const { sk, counters } of await this.readStatisticsItems()) {
      const provinceCode = sk.slice('PROVINCE#'.length, 'PROVINCE#'.length + 2);
      const sum = byProvince.get(provinceCode) ?? {};
      for (const [key, n] of Object.entries(counters)) if (key.includes('#')) sum[key] = (sum[key] ?? 0) + n;
      byProvince.set(provinceCode, sum);
    }
    return [...byProvince.entries()].map(([provinceCode, counters]) => ({ provinceCode, counters }));
  }

  protected async readStatisticsItems(): Promise<Array<{ sk: string; counters: Record<string, number> }>> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'STATS' },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk, ...counters }) => ({
      sk: String(sk),
      counters: counters as Record<string, number>,
    }));
  }
}
