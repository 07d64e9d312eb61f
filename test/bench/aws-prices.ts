/**
 * AWS list prices the cost model uses: the one place they live. Update the date and the figures together.
 * Source: the AWS pricing pages as collected in ../shared/FIGURES.md (US East list prices, November 2026):
 * aws.amazon.com/{lambda,api-gateway,dynamodb/on-demand,sqs,step-functions}/pricing. ap-southeast-1
 * (Singapore) is 10-30% dearer for most of these; the model states which Region's prices it applied.
 */
export const AWS_PRICES = {
  asOf: '2026-11',
  region: 'us-east-1 (list prices)',
  source: '../shared/FIGURES.md, from aws.amazon.com/<service>/pricing',
  /** Lambda: per request, and per GB-second on arm64 (the platform's architecture). */
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecondArm: 0.0000133334,
  /** API Gateway REST API, first 333 million requests a month. */
  apiGatewayRestPerRequest: 3.5 / 1e6,
  /** DynamoDB on-demand (since 1 November 2024). */
  dynamoDbPerWriteUnit: 0.625 / 1e6,
  dynamoDbPerReadUnit: 0.125 / 1e6,
  /** SQS standard queue, per request (each 64 KB chunk of a payload is one request). */
  sqsPerRequest: 0.4 / 1e6,
  /** Step Functions Standard, per state transition (retries count). */
  stepFunctionsPerTransition: 0.025 / 1000,
  /** Step Functions Express (the Distributed Map's child workflows): per request and per GB-second. */
  stepFunctionsExpressPerRequest: 1 / 1e6,
  stepFunctionsExpressPerGbSecond: 0.00001667,
  /** EventBridge custom events put on a bus, per event (64 KB chunks); aws.amazon.com/eventbridge/pricing. */
  eventBridgePerEvent: 1 / 1e6,
} as const;

export type AwsPrices = typeof AWS_PRICES;
