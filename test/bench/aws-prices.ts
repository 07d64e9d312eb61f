/**
 * AWS list prices the cost model uses: the one place they live. Update the date and the figures together.
 *
 * Region: ap-southeast-1 (Singapore), where the platform deploys (docs/infrastructure.md). The figures are the
 * on-demand list prices of the AWS pricing pages (aws.amazon.com/<service>/pricing, Region "Asia Pacific
 * (Singapore)"); ../shared/FIGURES.md holds the US East figures they are compared with. They were written down
 * without access to the pages from this machine (no internet); check them against the pages, or the AWS Price List
 * API (`aws pricing get-products --region us-east-1 --service-code AmazonApiGateway ...`), before a budget relies on
 * them. Where Singapore is dearer than US East the US East figure is noted.
 */
export const AWS_PRICES = {
  asOf: '2026-11',
  region: 'ap-southeast-1 (Singapore, list prices)',
  source: 'aws.amazon.com/<service>/pricing, Asia Pacific (Singapore); US East in ../shared/FIGURES.md',

  // ------------------------------------------------------------------------------------ per request / per use
  /** Lambda: per request, and per GB-second on arm64 (the platform's architecture); same as US East. */
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecondArm: 0.0000133334,
  /** API Gateway REST API, first 333 million requests a month (US East $3.50). */
  apiGatewayRestPerRequest: 4.25 / 1e6,
  /** DynamoDB on-demand since 1 November 2024 (US East $0.625 and $0.125). */
  dynamoDbPerWriteUnit: 0.7125 / 1e6,
  dynamoDbPerReadUnit: 0.1425 / 1e6,
  /** SQS standard queue, per request (each 64 KB chunk of a payload is one request); same as US East. */
  sqsPerRequest: 0.4 / 1e6,
  /** Step Functions Standard, per state transition (retries count); same as US East. */
  stepFunctionsPerTransition: 0.025 / 1000,
  /** WAF: per million requests inspected (same everywhere). */
  wafPerRequest: 0.6 / 1e6,
  /** CloudWatch Logs ingestion per GB (US East $0.50) and storage per GB-month (US East $0.03). */
  logsIngestionPerGb: 0.7,
  logsStoragePerGbMonth: 0.033,
  /** KMS requests, per request ($0.03 per 10,000). */
  kmsPerRequest: 0.03 / 10_000,

  // ----------------------------------------------------------------------------------------- fixed, per month
  /** CloudWatch standard-resolution metric alarm, per alarm-month (same as US East). */
  alarmPerMonth: 0.1,
  /** CloudWatch dashboard per month, beyond the first three of an account. */
  dashboardPerMonth: 3,
  /** KMS customer-managed key, per key-month (same everywhere; rotated key material adds $1 for each of the next two rotations). */
  kmsKeyPerMonth: 1,
  /** WAF web ACL per month, and per rule (a managed rule group counts as one rule) per month. */
  wafWebAclPerMonth: 5,
  wafRulePerMonth: 1,
  /** Secrets Manager, per secret-month. */
  secretPerMonth: 0.4,
  /** Step Functions Express (the Distributed Map's child workflows): per request and per GB-second. */
  stepFunctionsExpressPerRequest: 1 / 1e6,
  stepFunctionsExpressPerGbSecond: 0.00001667,
  /** EventBridge custom events put on a bus, per event (64 KB chunks); aws.amazon.com/eventbridge/pricing. */
  eventBridgePerEvent: 1 / 1e6,
} as const;

export type AwsPrices = typeof AWS_PRICES;
