/**
 * `npm run households:backfill -- [--endpoint URL | --aws] [--overwrite]`: writes the count of living members of every
 * household (shared/domain/household-members.ts) from the records, for a Population table whose records predate the
 * counts or were bulk-loaded without them. It is optional after a deploy: a change that finds its household without a
 * count counts it from the household index first (countHouseholdsFromIndex). This scan is the exact way (strongly
 * consistent, where the index lags by about a second): run it after a bulk load that is served at once. A full scan of
 * a national table takes a while: run it at a quiet hour.
 *
 * It scans the table once (strongly consistent) and writes only the counts that are missing, so a count that everyday
 * changes created meanwhile is left alone; `--overwrite` rewrites every count from the scan (only while no move is
 * being approved, as a move between the scan and the write would be lost). Running it twice is harmless.
 *
 * By default it talks to the local cloud (AWS_ENDPOINT_URL_DYNAMODB, else http://127.0.0.1:${DYNAMODB_PORT:-8000},
 * table `Population`); `--aws` uses DynamoDB with the ambient credentials and region (table `p06-Population`; needs
 * dynamodb:Scan and dynamodb:PutItem on it). Exit codes: 0 done, 1 DynamoDB refused or unreachable, 2 bad arguments.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { writeHouseholdCounts } from '../../shared/adapters/dynamodb/household-counts.ts';
import { PROJECT_PREFIX } from '../../shared/platform/resource-names.ts';

const LOCAL_REGION = 'ap-southeast-1';

/** Living members per household, from a scan of the records (a backfill reads every citizen once). */
const countLivingMembers = async (client: DynamoDBDocumentClient, tableName: string): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  const pages = paginateScan(
    { client },
    {
      TableName: tableName,
      FilterExpression: 'sk = :profile AND attribute_exists(householdId)',
      ProjectionExpression: 'householdId, #status',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':profile': 'PROFILE' },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const householdId = String(item.householdId);
      counts.set(householdId, (counts.get(householdId) ?? 0) + (item.status === 'alive' ? 1 : 0));
    }
  }
  return counts;
};

/** Counts every household's living members and writes the counts; returns how many households and how many written. */
export const backfillHouseholdCounts = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { readonly overwrite?: boolean } = {},
): Promise<{ households: number; written: number }> => {
  const counts = await countLivingMembers(db, tableName);
  const written = await writeHouseholdCounts(db, tableName, counts, { onlyMissing: options.overwrite !== true });
  return { households: counts.size, written };
};

const main = async (argv: readonly string[]): Promise<number> => {
  let values: { endpoint?: string; aws?: boolean; overwrite?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        endpoint: { type: 'string' },
        aws: { type: 'boolean', default: false },
        overwrite: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const db = DynamoDBDocumentClient.from(
    values.aws
      ? new DynamoDBClient({})
      : new DynamoDBClient({
          region: process.env.AWS_REGION ?? LOCAL_REGION,
          credentials: {
            accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
            secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
          },
          endpoint:
            values.endpoint ??
            process.env.AWS_ENDPOINT_URL_DYNAMODB ??
            `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? '8000'}`,
        }),
  );
  try {
    const tableName = values.aws ? `${PROJECT_PREFIX}-Population` : 'Population';
    const { households, written } = await backfillHouseholdCounts(db, tableName, { overwrite: values.overwrite });
    console.log(`${tableName}: ${households} households counted, ${written} counts written.`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    db.destroy();
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
