/**
 * The arithmetic of the benches' cost model, kept free of the local cloud so unit tests can check it: use metered
 * per dossier (test/bench/metering.ts records it), percentiles, and US$ per 1,000 dossiers at the prices of
 * test/bench/aws-prices.ts.
 */
import { AWS_PRICES, type AwsPrices } from './aws-prices.ts';

export interface FunctionUsage {
  invocations: number;
  milliseconds: number;
  memoryMb: number;
}

/** Use metered for one key: `dossiers` is how many dossiers it is divided by. */
export interface Usage {
  dossiers: number;
  functions: Record<string, FunctionUsage>;
  writeUnits: number;
  readUnits: number;
  /** Every DynamoDB request (a transaction is one): what bounds throughput against DynamoDB Local. */
  dynamoDbRequests: number;
  sqsRequests: number;
  apiRequests: number;
  transitions: number;
}

export const emptyUsage = (): Usage => ({
  dossiers: 0,
  functions: {},
  writeUnits: 0,
  readUnits: 0,
  dynamoDbRequests: 0,
  sqsRequests: 0,
  apiRequests: 0,
  transitions: 0,
});

/** Nearest-rank percentile of an ascending list (0 when empty). */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

/** Lambda GB-seconds per dossier: each function's metered wall time × its memory. */
export const gbSecondsPerDossier = (u: Usage): number =>
  Object.values(u.functions).reduce((sum, f) => sum + (f.milliseconds / 1000) * (f.memoryMb / 1024), 0) /
  Math.max(1, u.dossiers);

/** Use per dossier, the cost model's input. */
export interface PerDossier {
  transitions: number;
  invocations: number;
  /** From the calm run (one dossier at a time), as one Lambda environment per request would bill. */
  lambdaGbSeconds: number;
  /** Inside the burst: wall clock, mostly queueing on this machine. */
  lambdaGbSecondsInBurst: number;
  /**
   * Billed item by item: 2 WRU per KB or part of it of each item of a transaction, each item sized after the write. The
   * procedure-groups bench takes them from its calm run's write breakdown, which reads each item back for its size
   * (test/bench/write-breakdown.ts).
   */
  writeUnits: number;
  /**
   * Where it differs: as the meter counted them in the bursts, from DynamoDB Local's reports (2 per KB of all of a
   * table's items of a transaction together, at least 2 per item; items' own sizes unknown), a lower bound.
   */
  writeUnitsMetered?: number;
  readUnits: number;
  dynamoDbRequests: number;
  sqsRequests: number;
  apiRequests: number;
}

/** Counts from the burst, Lambda durations from the calm run. */
export const perDossier = (burst: Usage, calm: Usage): PerDossier => {
  const n = Math.max(1, burst.dossiers);
  return {
    transitions: burst.transitions / n,
    invocations: Object.values(burst.functions).reduce((sum, f) => sum + f.invocations, 0) / n,
    lambdaGbSeconds: gbSecondsPerDossier(calm),
    lambdaGbSecondsInBurst: gbSecondsPerDossier(burst),
    writeUnits: burst.writeUnits / n,
    readUnits: burst.readUnits / n,
    dynamoDbRequests: burst.dynamoDbRequests / n,
    sqsRequests: burst.sqsRequests / n,
    apiRequests: burst.apiRequests / n,
  };
};

export interface CostItem {
  readonly item: string;
  readonly usd: number;
}

/** US$ per 1,000 dossiers, item by item and in total (the last line). */
export const costPer1000 = (u: PerDossier, prices: AwsPrices = AWS_PRICES): CostItem[] => {
  const items: CostItem[] = [
    { item: 'Step Functions state transitions', usd: u.transitions * prices.stepFunctionsPerTransition },
    { item: 'Lambda requests', usd: u.invocations * prices.lambdaPerRequest },
    { item: 'Lambda duration (arm64, calm run durations)', usd: u.lambdaGbSeconds * prices.lambdaPerGbSecondArm },
    { item: 'DynamoDB writes', usd: u.writeUnits * prices.dynamoDbPerWriteUnit },
    { item: 'DynamoDB reads', usd: u.readUnits * prices.dynamoDbPerReadUnit },
    { item: 'SQS requests', usd: u.sqsRequests * prices.sqsPerRequest },
    { item: 'API Gateway (REST) requests', usd: u.apiRequests * prices.apiGatewayRestPerRequest },
  ].map((l) => ({ item: l.item, usd: l.usd * 1000 }));
  return [...items, { item: 'Total', usd: items.reduce((sum, l) => sum + l.usd, 0) }];
};
